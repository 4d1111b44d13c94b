import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ServerCard } from '../../renderer/src/pages/ServerCard';
import { server } from './renderer-fake-client';

const noop = { start() {}, stop() {}, configure() {}, usePort() {}, allowPort() {} };
const refused = (kind: 'http' | 'tftp', port: number) =>
  server(kind, { state: 'error', port, error: { code: 'EACCES', message: `Port ${port} needs admin rights`, fix: 'run `sudo sysctl net.ipv4.ip_unprivileged_port_start=21`', alternativePort: 8000 + port } });

describe('Servers page: refused privileged ports', () => {
  it('offering a high TFTP port says plainly which phones only ask port 69', () => {
    const html = renderToStaticMarkup(<ServerCard server={refused('tftp', 69)} interfaces={[]} actions={noop} />);
    expect(html).toContain('Use port 8069 instead');
    expect(html).toContain('AudioCodes phones and Cisco phones only ever ask TFTP on port 69');
    expect(html).toContain('DHCP option 66 without tftp://');
  });
  it('HTTP gets no TFTP note; "Allow ports" opens from the lowest port of all servers', () => {
    const html = renderToStaticMarkup(<ServerCard server={refused('http', 80)} interfaces={[]} actions={noop} allowFrom={21} />);
    expect(html).not.toContain('port 69');
    expect(html).toContain('Allow ports from 21 until reboot');
  });
});
