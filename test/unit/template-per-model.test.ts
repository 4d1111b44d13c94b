/**
 * Template defaults follow the model's software line (a SoundPoint IP 650 stops at UC 4.x, so it
 * gets polycom-uc4, never the UC 5 VVX template), and each Yealink model's common file carries its
 * own code (T46G y000000000028.cfg, T48S y000000000065.cfg), in the preview that `config render`
 * and `--out` print and write. Expected codes are typed from the Yealink tables cited in
 * docs/sources.md ("Templates per model").
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplateFor, polycomLineOf } from '../../shared/firmware-line';
import { yealinkCommonCode } from '../../shared/yealink-models';
import { buildPreview } from '../../electron/engine/provisioning/config-preview';
import { ProvisioningResolver } from '../../electron/engine/provisioning/resolver';
import { UploadStore } from '../../electron/engine/provisioning/uploads';
import { normalizePhone, type PhoneInput } from '../../electron/engine/inventory/inventory-model';
import { rendererFor } from '../helpers/templates';

async function previewOf(phones: PhoneInput[], mac: string, defaults: Record<string, string> = {}, values: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'seed-permodel-'));
  const renderer = await rendererFor({ phones, defaults, values });
  const resolver = new ProvisioningResolver(join(dir, 'root'), new UploadStore(join(dir, 'uploads')), renderer);
  await resolver.init();
  const byMac = new Map(phones.map((p) => normalizePhone(p).phone).map((p) => [p.mac, p]));
  return buildPreview({ resolver, renderer, getPhone: (m) => byMac.get(m) }, mac);
}

describe('Polycom template default per model and software line', () => {
  it('knows each model\'s newest line', () => {
    expect(polycomLineOf('SPIP650')).toBe('uc4');
    expect(polycomLineOf('SoundPoint IP 650')).toBe('uc4');
    expect(polycomLineOf('SSIP6000')).toBe('uc4');
    expect(polycomLineOf('VVX400')).toBe('uc5');
    expect(polycomLineOf('SPIP601')).toBe('uc3');
    expect(polycomLineOf('SPIP330')).toBe('uc3');
    expect(polycomLineOf('NOPE')).toBeUndefined();
  });

  it('a SoundPoint IP 650 gets polycom-uc4, a VVX 400 polycom-uc5, a SoundPoint IP 601 polycom-uc3', async () => {
    const phones: PhoneInput[] = [
      { mac: '0004f2000650', model: 'SPIP650', lines: [{ extension: '650' }] },
      { mac: '0004f2000400', model: 'VVX400', lines: [{ extension: '400' }] },
      { mac: '0004f2000601', model: 'SPIP601', lines: [{ extension: '601' }] },
      { mac: '0004f2000999', lines: [{ extension: '999' }] },
    ];
    expect((await previewOf(phones, '0004f2000650')).template).toBe('polycom-uc4');
    expect((await previewOf(phones, '0004f2000400')).template).toBe('polycom-uc5');
    expect((await previewOf(phones, '0004f2000601')).template).toBe('polycom-uc3');
    expect((await previewOf(phones, '0004f2000999')).template).toBe('polycom-uc5');
  });

  it('the same rule picks from the UI\'s template list (phone editor)', () => {
    const list = [
      { id: 'polycom-uc3', vendor: 'polycom', firmwareLines: ['uc3', 'uc4'] as const },
      { id: 'polycom-uc4', vendor: 'polycom', firmwareLines: ['uc4', 'uc5'] as const },
      { id: 'polycom-uc5', vendor: 'polycom', firmwareLines: ['uc5'] as const },
      { id: 'my-polycom', vendor: 'polycom' },
    ];
    const pick = (model: string | undefined, site: string | undefined) => defaultTemplateFor(list, (t) => t, 'polycom', model, site, 'polycom-uc5')?.id;
    expect(pick('SPIP650', 'polycom-uc5')).toBe('polycom-uc4');
    expect(pick('VVX400', 'polycom-uc5')).toBe('polycom-uc5');
    expect(pick(undefined, 'polycom-uc5')).toBe('polycom-uc5');
    expect(pick('SPIP650', 'my-polycom')).toBe('my-polycom'); // no firmwareLines: suits every model
    expect(defaultTemplateFor(list, (t) => t, 'yealink', 'T46G', undefined, undefined)).toBeUndefined();
  });

  it('a site default is kept when it suits the model, passed over when it does not', async () => {
    const phones: PhoneInput[] = [{ mac: '0004f2000650', model: 'SPIP650', lines: [{ extension: '650' }] }];
    expect((await previewOf(phones, '0004f2000650', { polycom: 'polycom-uc5' })).template).toBe('polycom-uc4');
    expect((await previewOf(phones, '0004f2000650', { polycom: 'polycom-uc3' })).template).toBe('polycom-uc3');
    // An explicit template always wins.
    expect((await previewOf([{ ...phones[0]!, template: 'polycom-uc5' }], '0004f2000650')).template).toBe('polycom-uc5');
  });
});

describe('Yealink common file per model', () => {
  it('table: T46G 28, T48G 35, T42G 29, T41P 36, T46S 66, T48S 65, T42S 67, T41S 68, T19P E2 53', () => {
    const table: Array<[string, string]> = [['SIP-T46G', '28'], ['T48G', '35'], ['SIP-T42G', '29'], ['SIP-T41P', '36'], ['SIP-T46S', '66'], ['T48S', '65'], ['T42S', '67'], ['T41S', '68'], ['SIP-T19P_E2', '53'], ['T23G', '44'], ['T54S', '70']];
    for (const [model, code] of table) expect(yealinkCommonCode(model), model).toBe(code);
    expect(yealinkCommonCode('SIP-T99X')).toBeUndefined();
  });

  it('the preview (config render, --out) names each model\'s own file, in request order', async () => {
    const phones: PhoneInput[] = [
      { mac: '001565000046', model: 'SIP-T46G', lines: [{ extension: '46' }] },
      { mac: '001565000048', model: 'SIP-T48S', lines: [{ extension: '48' }] },
      { mac: '001565000099', vendor: 'yealink', lines: [{ extension: '99' }] },
    ];
    expect((await previewOf(phones, '001565000046')).files.map((f) => f.path)).toEqual(['y000000000028.cfg', '001565000046.cfg']);
    expect((await previewOf(phones, '001565000048')).files.map((f) => f.path)).toEqual(['y000000000065.cfg', '001565000048.cfg']);
    expect((await previewOf(phones, '001565000099')).files.map((f) => f.path)).toEqual(['y000000000000.cfg', '001565000099.cfg']);
    expect((await previewOf(phones, '001565000099', {}, { familyCode: '36' })).files.map((f) => f.path)).toEqual(['y000000000036.cfg', '001565000099.cfg']);
    // A known model's own code wins over the site's code for unknown models.
    expect((await previewOf(phones, '001565000046', {}, { familyCode: '36' })).files[0]!.path).toBe('y000000000028.cfg');
    expect((await previewOf(phones, '001565000048')).files[0]!.source).toBe('rendered');
  });
});
