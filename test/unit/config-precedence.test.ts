/**
 * Precedence: which file's value a phone keeps (CIC guide, docs/sources.md §1 step 6), previews in
 * request order, and phone uploads that mask what ProvKit serves.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { resolvePrecedence } from '../../electron/engine/provisioning/config-params';
import { buildPreview } from '../../electron/engine/provisioning/config-preview';
import { ProvisioningResolver } from '../../electron/engine/provisioning/resolver';
import { UploadStore } from '../../electron/engine/provisioning/uploads';
import { listPhoneUploads } from '../../electron/engine/phones/phone-uploads';
import { normalizePhone, type PhoneInput } from '../../electron/engine/inventory/inventory-model';
import { MPV_PROVIDER, rendererFor, type RenderSetup } from '../helpers/templates';

const MAC = '0004f2aabbcc';

/** The seed's `config_me.cfg`, verbatim (Genesys CIC Managed IP Phones guide). */
const CONFIG_ME = `<?xml version="1.0" standalone="yes"?>
<mb>
<idleDisplay>
<home mb.idleDisplay.home="http://www.inin.com"/>
<refresh mb.idleDisplay.refresh="4"/>
</idleDisplay>
reg.1.address="blahblahblah"
</mb>
`;

async function setup(phones: PhoneInput[], files: Record<string, string>, extra: RenderSetup = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'provkit-prec-'));
  const root = join(dir, 'root');
  const uploads = new UploadStore(join(dir, 'uploads'));
  const renderer = await rendererFor({ phones, providers: [MPV_PROVIDER], ...extra });
  const resolver = new ProvisioningResolver(root, uploads, renderer);
  await resolver.init();
  for (const [name, text] of Object.entries(files)) {
    const m = /^upload:(.*)$/.exec(name);
    const path = m ? uploads.pathOf(MAC, m[1]!) : join(root, ...name.split('/'));
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
  const byMac = new Map(phones.map((p) => normalizePhone(p).phone).map((p) => [p.mac, p]));
  const deps = { resolver, renderer, getPhone: (m: string) => byMac.get(m) };
  return { deps, uploads, preview: (mac = MAC, reveal = false) => buildPreview(deps, mac, reveal) };
}

describe('precedence', () => {
  it('CIC example: the first file wins; text that is not an attribute is no parameter', async () => {
    const { preview } = await setup([], {
      [`${MAC}.cfg`]: '<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="phone/guid.cfg, config_me.cfg, phone1.cfg, sip.cfg"/>',
      'phone/guid.cfg': '<phone reg.1.address="7101" reg.1.label="Lobby"/>',
      'config_me.cfg': CONFIG_ME,
      'sip.cfg': '<sip mb.idleDisplay.home="http://default.example" mb.idleDisplay.refresh="60" reg.1.address="9999"/>',
    });
    const p = await preview();
    expect(p.files.map((f) => `${f.order} ${f.path} ${f.role} ${f.source}`)).toEqual([
      `1 ${MAC}.cfg master file`,
      '2 phone/guid.cfg config file',
      '3 config_me.cfg config file',
      '4 phone1.cfg config missing',
      '5 sip.cfg config file',
      `6 ${MAC}-phone.cfg override missing`,
      `7 ${MAC}-web.cfg override missing`,
      '8 000000000000-license.cfg licence missing',
      `9 ${MAC}-license.cfg licence missing`,
      `10 ${MAC}-directory.xml directory missing`,
      '11 000000000000-directory.xml directory missing',
    ]);
    const param = (n: string) => p.parameters.find((x) => x.name === n)!;
    expect(param('reg.1.address')).toEqual({ name: 'reg.1.address', value: '7101', file: 'phone/guid.cfg', ignored: [{ file: 'sip.cfg', value: '9999' }] });
    expect(param('mb.idleDisplay.home')).toMatchObject({ value: 'http://www.inin.com', file: 'config_me.cfg', ignored: [{ file: 'sip.cfg', value: 'http://default.example' }] });
    expect(param('mb.idleDisplay.refresh').value).toBe('4');
    expect(p.files.find((f) => f.path === 'config_me.cfg')!.parameters).toBe(2);
  });

  it('a phone upload (-web.cfg) masks what ProvKit serves, and says so', async () => {
    const phone = { mac: MAC, lines: [{ extension: '2001', displayName: 'Reception', password: 'pw-123456' }] };
    const { preview, uploads } = await setup([phone], { [`upload:${MAC}-web.cfg`]: '<webCfg reg.1.displayName="Bob" reg.1.auth.password="local-pw" tone.ringer="3"/>' });
    const p = await preview();
    const dn = p.parameters.find((x) => x.name === 'reg.1.displayName')!;
    expect(dn).toMatchObject({ value: 'Bob', file: `${MAC}-web.cfg`, masksProvKit: true, ignored: [{ file: `${MAC}-provkit.cfg`, value: 'Reception' }] });
    expect(p.parameters.find((x) => x.name === 'tone.ringer')!.masksProvKit).toBeUndefined();
    expect(p.warnings.join('\n')).toMatch(/reg\.1\.displayName is "Bob" in 0004f2aabbcc-web\.cfg, uploaded by the phone: it masks the "Reception" ProvKit serves/);
    const list = await listPhoneUploads(uploads, MAC, p);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: `${MAC}-web.cfg`, kind: 'web.cfg', parameters: 3 });
    expect(list[0]!.masks!.map((m) => m.name).sort()).toEqual(['reg.1.auth.password', 'reg.1.displayName']);
  });

  it('masks passwords in the UI preview and shows them when asked (CLI --out)', async () => {
    const phone = { mac: MAC, lines: [{ extension: '2001', password: 'Sup3r-S3cret' }], provider: 'mpv' };
    const { preview } = await setup([phone], {}, { values: { adminPassword: 'AdminPw-99' } });
    const masked = await preview();
    const all = JSON.stringify(masked);
    for (const s of ['Sup3r-S3cret', 'AdminPw-99', 'pr&amp;v', 'pr&v']) expect(all).not.toContain(s);
    expect(masked.parameters.find((x) => x.name === 'reg.1.auth.password')!.value).toBe('••••••');
    const file = masked.files.find((f) => f.path === `${MAC}-provkit.cfg`)!.content!;
    expect(file).toContain('reg.1.auth.password="••••••"');
    expect(XMLValidator.validate(file)).toBe(true);
    expect(masked.parameters.find((x) => x.name === 'device.auth.localAdminPassword.set')!.value).toBe('1');
    const clear = await preview(MAC, true);
    expect(clear.parameters.find((x) => x.name === 'reg.1.auth.password')!.value).toBe('Sup3r-S3cret');
  });

  it('Yealink: common file then MAC file, the later value wins; a real file shadows the rendered one', async () => {
    const phone = { mac: '001565aabbcc', lines: [{ extension: '300' }] };
    const { preview } = await setup([phone], { '001565aabbcc.cfg': '#!version:1.0.0.1\nlocal_time.ntp_server1 = mac.example\n' }, { values: { ntpServer: 'site.example', familyCode: '35' } });
    const p = await preview('001565aabbcc');
    expect(p.precedence).toBe('last-wins');
    expect(p.files.map((f) => `${f.path} ${f.source}`)).toEqual(['y000000000035.cfg rendered', '001565aabbcc.cfg file']);
    expect(p.parameters.find((x) => x.name === 'local_time.ntp_server1')).toMatchObject({ value: 'mac.example', file: '001565aabbcc.cfg', ignored: [{ file: 'y000000000035.cfg', value: 'site.example' }] });
    expect(p.warnings.join('\n')).toMatch(/001565aabbcc\.cfg: a real file in the provisioning root is served instead/);
  });

  it('reports a missing custom file and an unreadable one', async () => {
    const phone = { mac: MAC, lines: [{ extension: '1' }], customFiles: ['missing.cfg', 'broken.cfg'] };
    const { preview } = await setup([phone], { 'broken.cfg': '<a b="1">' });
    const p = await preview();
    expect(p.files.filter((f) => f.role === 'custom').map((f) => f.path)).toEqual(['missing.cfg', 'broken.cfg']);
    expect(p.files.find((f) => f.path === 'broken.cfg')!.error).toMatch(/not well-formed XML/);
    expect(p.warnings.join('\n')).toMatch(/Custom file missing\.cfg is not in the provisioning root/);
  });

  it('last-wins reads lines bottom up and overrides still win', () => {
    const r = resolvePrecedence(
      [
        { file: 'a', override: false, provkit: true, params: [['x', '1'], ['x', '2']] },
        { file: 'b', override: false, provkit: false, params: [['x', '3']] },
        { file: 'o', override: true, provkit: false, params: [['y', '9']] },
        { file: 'c', override: false, provkit: true, params: [['y', '8']] },
      ],
      'last-wins',
    );
    expect(r.find((p) => p.name === 'x')).toMatchObject({ value: '3', file: 'b' });
    expect(r.find((p) => p.name === 'y')).toMatchObject({ value: '9', file: 'o', masksProvKit: true });
  });
});
