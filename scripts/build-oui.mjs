#!/usr/bin/env node
/**
 * Regenerates resources/oui.tsv (MAC prefix → organisation) from the IEEE MA-L registry as shipped
 * by Debian's `ieee-data` package (/usr/share/ieee-data/oui.csv, columns Registry, Assignment,
 * Organization Name, Organization Address). Output: one `PREFIX<TAB>Organization` line per
 * assignment, PREFIX = 6 uppercase hex digits, sorted. Run: `node scripts/build-oui.mjs [CSV]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const src = process.argv[2] ?? '/usr/share/ieee-data/oui.csv';
const rows = parse(readFileSync(src), { columns: true, skip_empty_lines: true, relax_quotes: true, trim: true });
const lines = rows
  .filter((r) => /^[0-9A-F]{6}$/.test(r.Assignment))
  .map((r) => `${r.Assignment}\t${r['Organization Name'].replace(/[\t\r\n]+/g, ' ')}`)
  .sort();
writeFileSync(new URL('../resources/oui.tsv', import.meta.url), `# IEEE MA-L registry from ${src}, ${lines.length} entries\n${lines.join('\n')}\n`);
console.log(`wrote resources/oui.tsv: ${lines.length} entries`);
