import { describe, expect, it } from 'vitest';
import { parseTemplate, renderNodes, TemplateSyntaxError, type TemplateScope } from '../../electron/engine/provisioning/templates/template-syntax';
import { checkValues, variableSchema } from '../../electron/engine/provisioning/templates/template-vars';
import { fileNamePattern, expandFileName, manifestSchema } from '../../electron/engine/provisioning/templates/template-manifest';

const render = (src: string, scope: TemplateScope, esc = (v: string) => v) => renderNodes(parseTemplate(src, 't'), scope, esc);

describe('template syntax', () => {
  it('writes values, dotted names and filters, escaped by the caller', () => {
    expect(render('a={{x}} b={{o.y}} c={{z|upper}} d={{h|hoursToSeconds}}', { x: '<1>', o: { y: 'q' }, z: 'ab', h: '-5.5' }, (v) => v.replace('<', '&lt;'))).toBe('a=&lt;1> b=q c=AB d=-19800');
  });

  it('repeats a section per list item with the item in scope, outer names still visible', () => {
    const out = render('{{#lines}}[{{index}}:{{ext}}{{#first}}*{{tag}}{{/first}}]{{/lines}}', { tag: 'T', lines: [{ index: 1, ext: '7101', first: true }, { index: 2, ext: '7102', first: false }] });
    expect(out).toBe('[1:7101*T][2:7102]');
  });

  it('shows sections for set values (text incl. "0", numbers, true) and inverted ones otherwise', () => {
    const t = '{{#v}}on{{/v}}{{^v}}off{{/v}}';
    expect(['', undefined, false, []].map((v) => render(t, { v: v as never }))).toEqual(['off', 'off', 'off', 'off']);
    expect(['0', 'x', 0, true, [{}]].map((v) => render(t, { v: v as never }))).toEqual(['on', 'on', 'on', 'on', 'on']);
    expect(render('{{b}}/{{c}}', { b: true, c: false })).toBe('1/0');
  });

  it('drops the line breaks of lines holding only section tags or comments', () => {
    expect(render('A\n{{#x}}\nB\n{{/x}}\n{{! note }}\nC\n', { x: '1' })).toBe('A\nB\nC\n');
    expect(render('A\n  {{#x}}\nB\n  {{/x}}\nC\n', {})).toBe('A\nC\n');
  });

  it('reports unclosed and mismatched sections and unknown filters with the line', () => {
    expect(() => parseTemplate('a\n{{#x}}\nb', 'f.cfg')).toThrow(/f\.cfg line 2: \{\{#x\}\} is never closed/);
    expect(() => parseTemplate('{{#x}}{{/y}}', 'f.cfg')).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate('\n\n{{v|nope}}', 'f.cfg')).toThrow(/line 3: unknown filter "nope"/);
  });
});

describe('template variables', () => {
  it('validates each type and reports bad values, keeping the default', () => {
    const r = checkValues(
      [
        { name: 'ntp', label: 'NTP', type: 'host', default: 'pool.ntp.org' },
        { name: 'off', label: 'Offset', type: 'number', min: -12, max: 14 },
        { name: 'dm', label: 'Digit map', type: 'digitmap' },
        { name: 'on', label: 'Switch', type: 'boolean' },
        { name: 'pw', label: 'Admin', type: 'secret', min: 4, max: 32 },
        { name: 'lvl', label: 'Level', type: 'enum', options: ['0', '1'] },
      ],
      [{ ntp: 'bad host!', off: '99', dm: '9,1xxxxxxxxx|xxx.T', on: 'true', pw: '12', lvl: '1' }, { off: '-5' }],
    );
    expect(r.values).toEqual({ ntp: 'pool.ntp.org', off: '-5', dm: '9,1xxxxxxxxx|xxx.T', on: '1', lvl: '1' });
    expect(r.problems).toHaveLength(3);
    expect(r.problems.join('\n')).toMatch(/NTP \(ntp\): "bad host!" is not a host name/);
    expect(r.problems.join('\n')).toMatch(/Offset \(off\): "99" is not a number from -12 to 14/);
    expect(r.problems.join('\n')).toMatch(/Admin \(pw\): "••••" is not text of 4-32 characters/);
    expect(r.problems.join('\n')).not.toContain('"12"');
  });

  it('accepts the AltiGen guide digit map and host:port / IPv4 / bracketed IPv6', () => {
    expect(variableSchema({ name: 'd', label: 'd', type: 'digitmap' }).safeParse('0|##|##[1-3]x|##[5-9]x|#41xx|#4[2-9][1-7]xx|9,[2-9]xxxxxx|9,1xxxxxxxx|9,11|RR91R[2-9]xxxxxxxxT|xxx.T').success).toBe(true);
    const host = variableSchema({ name: 'h', label: 'h', type: 'host' });
    for (const ok of ['10.0.0.5', 'pbx.example.test:5060', '[fe80::1]:5060']) expect(host.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['a b', 'x"y', 'http://x', '']) expect(host.safeParse(bad).success, bad).toBe(false);
  });
});

describe('template manifest', () => {
  it('refuses reserved variable names and folders in file names', () => {
    const base = { id: 'x', name: 'X', vendor: 'polycom', format: 'polycom-xml', files: [{ name: 'a.cfg', source: 'a' }] };
    expect(manifestSchema.safeParse(base).success).toBe(true);
    expect(manifestSchema.safeParse({ ...base, variables: [{ name: 'mac', label: 'M', type: 'string' }] }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...base, files: [{ name: '../a.cfg', source: 'a' }] }).success).toBe(false);
  });

  it('matches request names with macros, any case', () => {
    expect(fileNamePattern('[PHONE_MAC_ADDRESS]-provkit.cfg').exec('0004F2AABBCC-provkit.cfg')?.groups?.mac).toBe('0004F2AABBCC');
    expect(fileNamePattern('y0000000000[FAMILY].cfg').test('y000000000028.cfg')).toBe(true);
    expect(fileNamePattern('y0000000000[FAMILY].cfg').test('y00000000002.cfg')).toBe(false);
    expect(expandFileName('[PHONE_MAC_ADDRESS_UPPER].cfg', '00908f123456')).toBe('00908F123456.cfg');
  });
});
