/**
 * The layering rules of design.md are enforced by eslint.config.js; these tests lint snippets as
 * if they lived in each folder, so a regression in the lint config fails the build.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({ cwd: repoRoot });
  // Loading the config and parser takes a few seconds on a cold start: do it outside the tests.
  await eslint.lintText('export {};\n', { filePath: 'shared/warmup.ts' });
}, 60_000);

/**
 * Lint `code` as the file `filePath` (relative to the repo; it need not exist).
 * @returns the `no-restricted-imports` messages
 */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, filePath).toBeDefined();
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, `parse errors in ${filePath}`).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

function firstLine(code: string): string {
  return code.split('\n')[0] ?? code;
}

describe('layering (design.md) is enforced by eslint', () => {
  const cases: Array<[file: string, code: string]> = [
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['shared/x.ts', "import { join } from 'path';\nexport const f = join;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { Engine } from '../electron/engine/engine';\nexport const e = Engine;\n"],
    ['shared/x.ts', "export { chooseClient } from '../renderer/src/api/choose-client';\n"],
    ['shared/x.ts', "import { useState } from 'react';\nexport const u = useState;\n"],
    ['shared/sub/x.ts', "import type { Engine } from '../../electron/engine/engine';\nexport type E = Engine;\n"],
    ['electron/engine/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/engine/api/x.ts', "import { ipcMain } from 'electron/main';\nexport const i = ipcMain;\n"],
    ['electron/engine/x.ts', "import { chooseClient } from '../../renderer/src/api/choose-client';\nexport const c = chooseClient;\n"],
    ['electron/engine/x.ts', "import { registerIpc } from '../main/ipc';\nexport const r = registerIpc;\n"],
    ['renderer/src/x.ts', "import { join } from 'node:path';\nexport const j = join;\n"],
    ['renderer/src/x.ts', "import { readFile } from 'fs/promises';\nexport const r = readFile;\n"],
    ['renderer/src/x.ts', "import { Engine } from '../../electron/engine/engine';\nexport const e = Engine;\n"],
    ['renderer/src/x.tsx', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['electron/main/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;\n"],
    ['test/unit/x.test.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['scripts/x.mjs', "import { app } from 'electron';\nexport const a = app;\n"],
  ];

  it.each(cases.map(([file, code]) => [file, firstLine(code), code] as const))('%s rejects `%s`', async (file, _line, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  const allowed: Array<[file: string, code: string]> = [
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { Engine } from '../engine/engine';\nexport const x = [app, join, Engine];\n"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { IPC_PREFIX } from '../../shared/api';\nexport const x = [contextBridge, IPC_PREFIX];\n"],
    ['electron/engine/x.ts', "import { readFile } from 'node:fs/promises';\nimport { normalizeMac } from '../../shared/mac';\nexport const x = [readFile, normalizeMac];\n"],
    ['renderer/src/x.tsx', "import { useState } from 'react';\nimport { create } from 'zustand';\nimport { IPC_PREFIX } from '../../shared/api';\nexport const x = [useState, create, IPC_PREFIX];\n"],
    ['shared/x.ts', "import { z } from 'zod';\nimport { normalizeMac } from './mac';\nexport const x = [z, normalizeMac];\n"],
    ['electron.vite.config.ts', "import { defineConfig } from 'electron-vite';\nexport default defineConfig({});\n"],
    ['test/integration/fixtures/x.ts', "import type { ParentPort } from 'electron';\nexport type P = ParentPort;\n"],
  ];

  it.each(allowed.map(([file, code]) => [file, firstLine(code), code] as const))('%s allows `%s`', async (file, _line, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
