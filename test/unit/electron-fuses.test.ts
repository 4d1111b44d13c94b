import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of electron-builder.yml as key → value. */
function fuses(): Record<string, string> {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?:[ ]{2}\w+: \w+\n)+)/m.exec(text)?.[1] ?? '';
  return Object.fromEntries(block.trim().split('\n').map((l) => l.trim().split(': ') as [string, string]));
}

describe('Electron fuses in the packaging config', () => {
  it('switches off running as Node, NODE_OPTIONS and inspect arguments; app only from an integrity-checked asar', () => {
    expect(fuses()).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      onlyLoadAppFromAsar: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
    });
  });
});
