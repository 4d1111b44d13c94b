/**
 * CSV import: the CIC guide's own sample lists (copied row for row into test/fixtures/inventory/),
 * every notation of MAC, spreadsheet quirks, and generated 5,000-row files with bad rows.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyseImport, ImportFormatError, type ImportContext } from '../../electron/engine/phones/csv-import';
import { exportCsv } from '../../electron/engine/phones/csv-export';
import { readCsv } from '../../shared/csv-read';
import { Inventory } from '../../electron/engine/phones/inventory';
import { fileCipher, SecretStore } from '../../electron/engine/secrets';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'inventory');
const fixture = (name: string) => readFile(join(FIX, name), 'utf8');
let inventory: Inventory;
let ctx: ImportContext;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'provkit-csv-'));
  inventory = new Inventory(join(dir, 'inventory.json'), new SecretStore(await fileCipher(dir)));
  ctx = {
    templates: new Map([['polycom-uc5', 'polycom'], ['yealink-t4x', 'yealink']]),
    providers: [{ id: 'mpv', name: 'MegaPath' }],
    plan: (edits) => inventory.plan(edits),
  };
});

describe('the CIC guide sample lists', () => {
  it('TMM list as in Notepad (L1583-1589): 11-digit MAC and empty Address rejected by line, the rest accepted', async () => {
    const { report } = analyseImport(await fixture('cic-tmm-notepad.csv'), 'auto', ctx);
    expect(report.format).toBe('cic-tmm');
    expect(report.accepted.map((a) => [a.line, a.mac, a.label, a.extension, a.vendor])).toEqual([
      [3, '0004f204f6a9', 'PolycomAgent2', '7202', 'polycom'],
      [6, '00908f123456', 'Agent420HD', '7502', 'audiocodes'],
      [7, '00908f5635bb', 'AgentISS2', '7602', 'audiocodes'],
    ]);
    expect(report.accepted[2]!.warnings).toEqual(['Manufacturer "ININ": vendor taken from the MAC prefix (audiocodes)']);
    expect(report.rejected.map((r) => [r.line, r.column])).toEqual([[2, 'Address'], [4, 'Address'], [5, 'Address']]);
    expect(report.rejected[2]!.reason).toBe('Address "0026DF00020" is not a MAC address: it has 11 hex digits, a MAC has 12');
    expect(report.rejected[0]!.reason).toMatch(/^Address is empty: ProvKit keys phones by MAC/);
    expect(report.rejected[2]!.cells).toMatchObject({ Name: 'AgentISS1', Address: '0026DF00020' });
  });

  it('TMM table 1 (L1539-1545) has the other 11-digit MAC; the model IP601 is kept as written', async () => {
    const { report } = analyseImport(await fixture('cic-tmm-table1.csv'), 'auto', ctx);
    expect(report.rejected.find((r) => r.line === 5)!.reason).toMatch(/"0026FD00020" is not a MAC address: it has 11 hex digits/);
    expect(report.accepted.find((a) => a.line === 3)!.model).toBe('IP601');
  });

  it('TMM table 2 (L1569-1575): a MAC shifted into the Label column is pointed out, not guessed', async () => {
    const { report } = analyseImport(await fixture('cic-tmm-table2.csv'), 'auto', ctx);
    expect(report.accepted.map((a) => a.line)).toEqual([7]);
    const byLine = Object.fromEntries(report.rejected.map((r) => [r.line, r.reason]));
    expect(byLine[3]).toBe('Address is empty but Label holds "0004F204F6A9", which looks like a MAC: the columns look shifted by one; move it to Address');
    expect(byLine[5]).toMatch(/Label holds "0026DF00020", which looks like a MAC \(but it has 11 hex digits, a MAC has 12\)/);
    expect(byLine[6]).toMatch(/Label holds "00908F123456"/);
  });

  it('Template list (L1485-1491): a computer name is a soft phone, not a MAC; CIC-only columns go to the notes', async () => {
    const { report, edits } = analyseImport(await fixture('cic-template-table1.csv'), 'auto', ctx);
    expect(report.format).toBe('cic-template');
    expect(report.accepted.map((a) => a.line)).toEqual([2, 5, 6, 7]);
    expect(report.rejected).toMatchObject([
      { line: 3, column: 'Address' },
      { line: 4, reason: 'Address "AgentPC1.lab.local" is a computer name (a SIP soft phone), not a phone\'s MAC address' },
    ]);
    expect(edits[0]).toMatchObject({ mac: '0004f2aabbcc', label: 'PolycomLobby1', notes: 'CIC: Template=My Polycom SA Template', lines: [{ extension: '7101', label: 'Lobby' }] });
  });
});

describe('formats and notations', () => {
  it('reads MACs in every common notation, with BOM, CRLF and semicolons', () => {
    const text = '\uFEFFmac;model;extension;name\r\n00:04:F2:00:00:01;VVX 400;2001;A\r\n00-04-f2-00-00-02;IP650;2002;B\r\n0004.f200.0003;;2003;C\r\n0004F2000004;;;D\r\n';
    const { report } = analyseImport(text, 'auto', ctx);
    expect(report.format).toBe('simple');
    expect(report.warnings).toContain('Cells are separated by ";".');
    expect(report.accepted.map((a) => [a.line, a.mac, a.model])).toEqual([
      [2, '0004f2000001', 'VVX400'],
      [3, '0004f2000002', 'SPIP650'],
      [4, '0004f2000003', undefined],
      [5, '0004f2000004', undefined],
    ]);
  });

  it('a headerless simple list starts at line 1; duplicates and bad extensions are rejected', () => {
    const { report } = analyseImport('0004f2000001,VVX400,2001,A\n\n0004f2000001,VVX400,2002,B\n0004f2000002,VVX400,20 02,C\n', 'auto', ctx);
    expect(report.accepted.map((a) => a.line)).toEqual([1]);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'MAC 00:04:f2:00:00:01 is already on line 1; each phone may appear once', column: 'mac', cells: expect.any(Object) },
      { line: 4, reason: 'extension "20 02" has spaces or characters a SIP user cannot hold', column: 'extension', cells: expect.any(Object) },
    ]);
  });

  it('ProvKit format: lines, template, provider by name, variables; unknown ones rejected with the column', () => {
    const text = [
      'mac,vendor,model,label,template,provider,line1_extension,line1_password,line2_extension,line2_sip_server,var_ntpServer,colour',
      '0004f2000001,polycom,VVX400,Desk,polycom-uc5,MegaPath,2001,pw1,2002,pbx2:5060,ntp.test,red',
      '0004f2000002,polycom,VVX400,Desk,polycom-uc9,,2001,,,,,',
      '0004f2000003,polycom,VVX400,Desk,,Nobody,2001,,,,,',
      '0004f2000004,siemens,,,,,,,,,,',
      '"0004f2000005",polycom,VVX400,"Desk, ""north""",,,3001,,,"bad host",,',
    ].join('\n');
    const { report, edits } = analyseImport(text, 'auto', ctx);
    expect(report.format).toBe('provkit');
    expect(report.warnings).toContain('Column(s) colour are not ProvKit columns and are ignored.');
    expect(edits[0]).toMatchObject({ mac: '0004f2000001', template: 'polycom-uc5', provider: 'mpv', variables: { ntpServer: 'ntp.test' }, lines: [{ extension: '2001', password: 'pw1' }, { extension: '2002', sipServer: 'pbx2:5060' }] });
    expect(report.rejected.map((r) => [r.line, r.column])).toEqual([[3, 'template'], [4, 'provider'], [5, 'vendor'], [6, 'line2_sip_server']]);
    expect(report.rejected[0]!.reason).toMatch(/template "polycom-uc9" does not exist/);
  });

  it('applies the dialog\'s fixes before validating: a fixed row is accepted', async () => {
    const text = await fixture('cic-tmm-notepad.csv');
    const { report } = analyseImport(text, 'auto', ctx, [{ line: 5, column: 'Address', value: '0026DF000201' }]);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 4]);
    expect(report.accepted.find((a) => a.line === 5)!.mac).toBe('0026df000201');
  });

  it('reports a file no format matches, and an unclosed quote by line', () => {
    expect(() => analyseImport('foo,bar\n1,2\n', 'auto', ctx)).toThrow(ImportFormatError);
    expect(() => analyseImport('Name,Template\nx,y\n', 'cic-template', ctx)).toThrow(/needs the column\(s\) address/);
    const { report } = analyseImport('mac,model\n0004f2000001,VVX400\n0004f2000002,"VVX400\n0004f2000003,VVX400\n', 'auto', ctx);
    expect(report.accepted.map((a) => a.line)).toEqual([2]);
    expect(report.rejected[0]).toMatchObject({ line: 3 });
    expect(report.rejected[0]!.reason).toMatch(/quote \("\) opened on this line is never closed, so lines 3-4 could not be read/);
  });

  it('keeps the start line of a record whose quoted cell spans lines; only notes may span lines', () => {
    const r = readCsv('mac,notes\n0004f2000001,"two\nlines"\n0004f2000002,x\n');
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 4]);
    const { report } = analyseImport('mac,model\n0004f2000002,"VVX400\n0004f2000003,VVX400\n0004f2000004,"x"\n', 'auto', ctx);
    expect(report.rejected).toMatchObject([{ line: 2, column: 'model' }]);
    expect(report.rejected[0]!.reason).toMatch(/model spans several lines \(""VVX400…"\): a quote/);
  });
});

describe('5,000-row files', () => {
  function generate(rows: number, bad: Set<number>): string {
    const out = ['mac,model,extension,name'];
    for (let i = 0; i < rows; i++) {
      const mac = `0004f2${i.toString(16).padStart(6, '0')}`;
      out.push(bad.has(i) ? `${mac.slice(0, 11)},VVX400,${1000 + i},Phone ${i}` : `${mac},VVX400,${1000 + i},Phone ${i}`);
    }
    return `${out.join('\n')}\n`;
  }

  it('accepts 4,990 rows and rejects exactly the 10 bad ones by file line (speed: bench/inventory.ts)', async () => {
    const bad = new Set([0, 1, 777, 1234, 2000, 2500, 3333, 4000, 4998, 4999]);
    const { report, edits } = analyseImport(generate(5000, bad), 'auto', ctx);
    expect(report.accepted).toHaveLength(4990);
    expect(report.rejected.map((r) => r.line)).toEqual([...bad].map((i) => i + 2));
    expect(report.rejected.every((r) => /has 11 hex digits, a MAC has 12/.test(r.reason))).toBe(true);
    const results = await inventory.upsertMany(edits, 'test');
    expect(results.filter((r) => r.action === 'new')).toHaveLength(4990);
    expect(inventory.size).toBe(4990);
    // A second import of the same file changes nothing.
    const again = analyseImport(generate(5000, bad), 'auto', ctx).report;
    expect(again.accepted.every((a) => a.action === 'same')).toBe(true);
  });

  it('round-trips through every export format', async () => {
    const { edits } = analyseImport(generate(50, new Set()), 'auto', ctx);
    await inventory.upsertMany(edits, 'test');
    for (const format of ['provkit', 'simple', 'cic-tmm', 'cic-template'] as const) {
      const text = exportCsv(inventory.list(), format);
      const { report } = analyseImport(text, 'auto', ctx);
      expect(report.format, format).toBe(format);
      expect(report.rejected, format).toEqual([]);
      // TMM needs Type and Manufacturer: they come back as the vendor and a CIC note, nothing else.
      const allowed = format === 'cic-tmm' ? ['vendor', 'notes'] : [];
      expect(report.accepted.every((a) => a.action === 'same' || a.changes!.every((c) => allowed.includes(c))), format).toBe(true);
    }
  });
});
