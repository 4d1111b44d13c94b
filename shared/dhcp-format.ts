/**
 * Text for a decoded DHCP option value, for tables people read (probe diff, packet details).
 * Pure: used by the engine and the renderer.
 */

/**
 * Format a typed option value.
 * @param value the decode (`DhcpOptionJson.value`)
 * @param hex the option's data as hex, shown when there is no typed value
 * @returns `VLAN-A=100; (VLAN 100)`, `10.0.0.1, 10.0.0.2`, `Polycom VVX-VVX_400 3111-46157-002,1 …`, or the hex
 */
export function formatOptionValue(value: unknown, hex: string): string {
  if (value === null || value === undefined) return hex;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatOptionValue(v, '')).join(', ');
  const o = value as Record<string, unknown>;
  if (o.form === 'rfc3925') return [o.company ?? o.vendor ?? `enterprise ${String(o.enterprise)}`, o.model, o.partNumber, o.appVersion, o.bootromVersion].filter(Boolean).join(' ');
  if (typeof o.text === 'string') return Array.isArray(o.vlan) ? `${o.text} (VLAN ${o.vlan.join('+')})` : o.text;
  if (o.vendor === 'Toshiba IPedge') return ['Toshiba IPedge', o.serverIp && `server ${String(o.serverIp)}`, o.phoneVlan && `phone VLAN ${String(o.phoneVlan)}`].filter(Boolean).join(', ');
  if (typeof o.url === 'string') return `${String(o.vendor ?? '')} ${o.url}`.trim();
  if (typeof o.mac === 'string') return o.mac;
  if (Array.isArray(o.servers)) return (o.servers as string[]).join(', ');
  if (Array.isArray(o.subOptions)) return (o.subOptions as Array<{ code: number; text?: string; hex: string; value?: unknown }>).map((s) => `${s.code}=${typeof s.value === 'string' || typeof s.value === 'number' ? s.value : (s.text ?? s.hex)}`).join(' ');
  if (typeof o.hex === 'string') return o.hex;
  return JSON.stringify(value);
}
