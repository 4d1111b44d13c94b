/**
 * Benchmark: CSV import of 5,000 and 20,000 rows (validate, then write with history and
 * sealed passwords), and configuration rendering / preview rates for an inventory of that size.
 * Run: `npx tsx bench/inventory.ts`. Prints one line per measure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine';
import { silentSink } from '../electron/engine/logger';

function csv(rows: number): string {
  const out = ['mac,label,model,line1_extension,line1_password,line2_extension'];
  for (let i = 0; i < rows; i++) out.push(`0004f2${i.toString(16).padStart(6, '0')},Desk ${i},VVX400,${10000 + i},pw-${i},${50000 + i}`);
  return `${out.join('\n')}\n`;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

for (const rows of [5000, 20000]) {
  const engine = await Engine.create({ dataDir: mkdtempSync(join(tmpdir(), 'provkit-bench-inv-')), mode: 'headless', logSink: silentSink });
  const text = csv(rows);
  const [{ edits, report }, analyse] = await time(() => engine.inventoryServices.analyse(text, 'auto'));
  const [, write] = await time(() => engine.inventory.upsertMany(edits, 'bench'));
  const [again, reanalyse] = await time(() => engine.inventoryServices.analyse(text, 'auto').report);
  const macs = engine.inventory.list().map((p) => p.mac);
  const n = Math.min(2000, macs.length);
  const [, renderSync] = await time(() => {
    for (let i = 0; i < n; i++) engine.inventoryServices.renderer.render(`${macs[i]}-provkit.cfg`);
  });
  const [, preview] = await time(async () => {
    for (let i = 0; i < 200; i++) await engine.inventoryServices.preview(engine.resolver, macs[i]!);
  });
  process.stdout.write(
    `${rows} rows (${(text.length / 1024).toFixed(0)} KiB): validate ${analyse.toFixed(0)} ms, write ${write.toFixed(0)} ms ` +
      `(${report.accepted.length} accepted), re-validate ${reanalyse.toFixed(0)} ms (${again.accepted.filter((a) => a.action === 'same').length} unchanged); ` +
      `render ${Math.round((n / renderSync) * 1000)} files/s; preview ${(preview / 200).toFixed(1)} ms/phone\n`,
  );
  await engine.close();
}
