/**
 * Test helper: run Debian's tshark on a capture file and pull out its DHCP fields per frame, in a
 * shape the tests compare with ProvKit's decoder (`tshark -T json --no-duplicate-keys`).
 */
import { execFileSync } from 'node:child_process';
import { run } from './run';

/** Whether tshark is installed. */
export function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One option as tshark shows it: code, length, value hex and the other fields of its tree. */
export interface TsharkOption {
  code: number;
  length: number;
  hex: string;
  fields: Record<string, unknown>;
}

/** One DHCP frame as tshark shows it. */
export interface TsharkDhcp {
  frame: number;
  header: Record<string, unknown>;
  options: TsharkOption[];
  malformed: boolean;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Decode a capture with tshark.
 * @returns the DHCP frames, in order
 * @throws when tshark fails or prints something that is not JSON
 */
export async function tsharkDhcp(file: string): Promise<TsharkDhcp[]> {
  const r = await run('tshark', ['-n', '-r', file, '-Y', 'dhcp', '-T', 'json', '--no-duplicate-keys'], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`tshark failed on ${file}: ${r.stderr}`);
  const frames = JSON.parse(r.stdout || '[]') as Array<{ _source: { layers: Record<string, unknown> } }>;
  return frames.map((f) => {
    const layers = f._source.layers;
    const frame = Number((layers.frame as Record<string, string>)['frame.number']);
    const dhcp = (layers.dhcp ?? {}) as Record<string, unknown>;
    const types = list(dhcp['dhcp.option.type']).map(Number);
    const trees = list(dhcp['dhcp.option.type_tree']) as Array<Record<string, unknown>>;
    const options: TsharkOption[] = [];
    types.forEach((code, i) => {
      const tree = trees[i] ?? {};
      if ('dhcp.option.end' in tree || ('dhcp.option.padding' in tree && !('dhcp.option.length' in tree))) return;
      const hex = String(tree['dhcp.option.value'] ?? '').replace(/:/g, '');
      options.push({ code, length: Number(tree['dhcp.option.length'] ?? 0), hex, fields: tree });
    });
    const header: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(dhcp)) if (!k.startsWith('dhcp.option')) header[k] = v;
    const malformed = '_ws.malformed' in layers || JSON.stringify(dhcp).includes('_ws.expert');
    return { frame, header, options, malformed };
  });
}

/** How one DHCP frame was delivered, as tshark reads it (RFC 2131 §4.1 fields). */
export interface TsharkDelivery {
  ethDst: string;
  ipSrc: string;
  ipDst: string;
  dstPort: number;
  /** DHCP message type number (option 53). */
  type: number;
  broadcastFlag: boolean;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  chaddr: string;
}

/**
 * Read the delivery fields of every DHCP frame in a capture with tshark (`-T fields`).
 * @throws when tshark fails
 */
export async function tsharkDelivery(file: string): Promise<TsharkDelivery[]> {
  const fields = ['eth.dst', 'ip.src', 'ip.dst', 'udp.dstport', 'dhcp.option.dhcp', 'dhcp.flags.bc', 'dhcp.ip.client', 'dhcp.ip.your', 'dhcp.ip.server', 'dhcp.ip.relay', 'dhcp.hw.mac_addr'];
  const r = await run('tshark', ['-n', '-r', file, '-Y', 'dhcp', '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`tshark failed on ${file}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ethDst, ipSrc, ipDst, port, type, bc, ciaddr, yiaddr, siaddr, giaddr, chaddr] = line.split('|');
      return { ethDst: ethDst!, ipSrc: ipSrc!, ipDst: ipDst!, dstPort: Number(port), type: Number(type), broadcastFlag: bc === '1' || bc === 'True', ciaddr: ciaddr!, yiaddr: yiaddr!, siaddr: siaddr!, giaddr: giaddr!, chaddr: chaddr!.split(',')[0]! };
    });
}
