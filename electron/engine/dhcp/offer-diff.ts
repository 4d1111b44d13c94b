/**
 * Compare the answers a probe collected: one row per option across servers, the
 * verdict in one sentence, and warnings when more than one server answers (a rogue DHCP server).
 */
import type { ProbeDiffRow, ProbeOffer, ProbeResult } from '../../../shared/dhcp-dto';
import { formatOptionValue } from '../../../shared/dhcp-format';

const SHOWN_HEADER: Array<[string, (o: ProbeOffer) => string | undefined]> = [
  ['server MAC', (o) => (o.serverMac ? `${o.serverMac}${o.serverVendor ? ` (${o.serverVendor})` : ''}` : undefined)],
  ['offered address (yiaddr)', (o) => o.yiaddr],
  ['boot server the phone uses', (o) => (o.bootServer ? `${o.bootServer} (${o.bootSource})` : undefined)],
  ['next-server (siaddr)', (o) => o.offered.siaddr],
  ['sname', (o) => o.offered.sname],
  ['file', (o) => o.offered.file],
];


/**
 * One row per option code offered by any server (plus address and boot server), in code order.
 * @param offers the answers, in arrival order
 */
export function diffOffers(offers: readonly ProbeOffer[]): ProbeDiffRow[] {
  const rows: ProbeDiffRow[] = [];
  for (const [name, get] of SHOWN_HEADER) {
    const values = offers.map(get);
    if (values.some((v) => v !== undefined)) rows.push({ code: 0, name, values, same: values.every((v) => v === values[0]) });
  }
  const codes = [...new Set(offers.flatMap((o) => o.options.map((x) => x.code)))].sort((a, b) => a - b);
  for (const code of codes) {
    const name = offers.flatMap((o) => o.options).find((x) => x.code === code)!.name;
    const values = offers.map((o) => {
      const x = o.options.find((y) => y.code === code);
      return x ? formatOptionValue(x.value, x.hex) : undefined;
    });
    rows.push({ code, name, values, same: values.every((v) => v === values[0]) });
  }
  return rows;
}

/**
 * The verdict sentence and the probe-level warnings.
 * @param r the probe result (offers filled in)
 * @param label the phone's name (`VVX 400`)
 */
export function probeVerdict(r: ProbeResult, label: string): { verdict: string; warnings: string[] } {
  const warnings: string[] = [];
  const servers = [...new Set(r.offers.map((o) => o.server))];
  const what = r.inform ? 'DHCPINFORM' : 'DISCOVER';
  if (!r.offers.length) {
    return { verdict: `No DHCP server answered a ${label}'s ${what} on ${r.iface} within ${Math.round(r.waitedMs / 1000)} s: a phone here gets no ${r.inform ? 'options' : 'address'} (check the cable and VLAN, or use ProvKit's bench DHCP server).`, warnings };
  }
  if (servers.length > 1) {
    warnings.push(`${servers.length} DHCP servers answered (${servers.join(', ')}): phones take whichever answers first. Unless this is intended (failover pair), find and stop the rogue server.`);
  }
  for (const o of r.offers) for (const w of o.warnings) warnings.push(`${o.server}: ${w}`);
  const first = r.offers[0]!;
  const gets = first.yiaddr ? `gets ${first.yiaddr} from ${first.server}` : `is answered by ${first.server}`;
  const boots = first.bootServer ? `and would boot from ${first.bootServer} (${first.bootSource})` : 'but is given no boot server';
  if (servers.length === 1) return { verdict: `A ${label} on ${r.iface} ${gets} ${boots}.`, warnings };
  const each = servers
    .map((s) => {
      const o = r.offers.find((x) => x.server === s)!;
      return `${s} → ${o.bootServer ? `${o.bootServer} (${o.bootSource})` : 'no boot server'}`;
    })
    .join('; ');
  return { verdict: `${servers.length} DHCP servers answer on ${r.iface} — a ${label} takes the first (${each}); remove the rogue server.`, warnings };
}
