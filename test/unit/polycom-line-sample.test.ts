/**
 * Golden test against public Polycom samples: a line server `sip.example.test:5060` must render as
 * host and port in their own parameters, the way public Polycom templates write a registration:
 * the Wazo provd Polycom plugin's base template (wazo-platform/wazo-provd-plugins,
 * plugins/wazo-polycom/common/templates/base.tpl) writes `reg.N.server.1.address`, `.port`,
 * `.transport` and `.expires` per line, and a published SoundPoint per-phone file
 * (pastebin.com/DfCpH85T, "Example Per-phone Configuration File") writes
 * `reg.1.server.1.address="<host>" reg.1.server.1.port="5060" reg.1.server.1.transport="DNSnaptr"
 * reg.1.server.1.expires="120"`. Both are cited in docs/sources.md. The names below are typed from
 * those samples; no sample text is copied.
 */
import { describe, expect, it } from 'vitest';
import { parsePolycomParams } from '../../electron/engine/provisioning/config-params';
import { rendererFor } from '../helpers/templates';

/** Per-line server parameters the public samples use (N = 1). */
const SAMPLE_SERVER_PARAMS = ['reg.1.server.1.address', 'reg.1.server.1.port', 'reg.1.server.1.transport', 'reg.1.server.1.expires'];

describe('a Polycom line with host and port in separate parameters (public samples)', () => {
  for (const template of ['polycom-uc3', 'polycom-uc4', 'polycom-uc5']) {
    it(`${template}: sip.example.test:5060 → address sip.example.test, port 5060`, async () => {
      const r = await rendererFor({
        phones: [{ mac: '0004f2000101', template, lines: [{ extension: '7101', sipServer: 'sip.example.test:5060' }] }],
        values: { sipTransport: 'UDPOnly', registrationExpires: '120' },
      });
      const params = new Map(parsePolycomParams(r.render('0004f2000101-provkit.cfg')!).params);
      const server = [...params.keys()].filter((k) => k.startsWith('reg.1.server.'));
      // Every server parameter we write is one the samples write, and none carries a port in the address.
      for (const k of server) expect(SAMPLE_SERVER_PARAMS, k).toContain(k);
      expect(params.get('reg.1.server.1.address')).toBe('sip.example.test');
      expect(params.get('reg.1.server.1.port')).toBe('5060');
      expect(params.get('reg.1.server.1.expires')).toBe('120');
      if (template !== 'polycom-uc3') expect(params.get('reg.1.server.1.transport')).toBe('UDPOnly');
    });
  }

  it('a server without a port writes no port parameter (the phone keeps its default, 5060)', async () => {
    const r = await rendererFor({ phones: [{ mac: '0004f2000102', template: 'polycom-uc5', lines: [{ extension: '7102', sipServer: '10.0.0.5' }] }] });
    const params = new Map(parsePolycomParams(r.render('0004f2000102-provkit.cfg')!).params);
    expect(params.get('reg.1.server.1.address')).toBe('10.0.0.5');
    expect(params.has('reg.1.server.1.port')).toBe(false);
  });

  it('an IPv6 server keeps its brackets in the address and its port apart', async () => {
    const r = await rendererFor({ phones: [{ mac: '0004f2000103', template: 'polycom-uc5', lines: [{ extension: '7103', sipServer: '[2001:db8::5]:5061' }] }] });
    const params = new Map(parsePolycomParams(r.render('0004f2000103-provkit.cfg')!).params);
    expect(params.get('reg.1.server.1.address')).toBe('[2001:db8::5]');
    expect(params.get('reg.1.server.1.port')).toBe('5061');
  });
});
