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

/** The rules that carry the layering (eslint.config.js). */
const LAYERING_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'layering/dynamic-import', 'no-restricted-globals']);

/**
 * Lint `code` as the file `filePath` (relative to the repo; it need not exist).
 * @returns the `no-restricted-imports` messages
 */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, filePath).toBeDefined();
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, `parse errors in ${filePath}`).toEqual([]);
  return result!.messages.filter((m) => LAYERING_RULES.has(m.ruleId ?? '')).map((m) => m.message);
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
    // Node and browser globals, dynamic import() and Node-only packages across the layers.
    ['renderer/src/x.ts', "export const b = Buffer.from('x');\n"],
    ['renderer/src/x.tsx', 'export const e = process.env.HOME;\n'],
    ['shared/x.ts', 'export const b = Buffer.alloc(1);\n'],
    ['shared/x.ts', 'export const p = process.platform;\n'],
    ['shared/x.ts', 'export const w = window.location.href;\n'],
    ['electron/engine/x.ts', 'export const w = window.location.href;\n'],
    ['electron/engine/x.ts', "export const d = document.createElement('a');\n"],
    ['electron/cli/x.ts', 'export const n = navigator.userAgent;\n'],
    ['renderer/src/x.ts', "export const fs = await import('node:fs');\n"],
    ['renderer/src/x.ts', "export const cp = await import('child_process');\n"],
    ['renderer/src/x.ts', "export const e = await import('../../electron/engine/engine');\n"],
    ['renderer/src/x.ts', 'export const load = (name: string) => import(name);\n'],
    ['renderer/src/x.ts', "import { WebSocketServer } from 'ws';\nexport const w = WebSocketServer;\n"],
    ['renderer/src/x.ts', "export const ws = await import('ws');\n"],
    ['shared/x.ts', "import Conf from 'conf';\nexport const c = Conf;\n"],
    ['shared/x.ts', "export const e = await import('../electron/engine/engine');\n"],
    ['electron/engine/x.ts', "export const el = await import('electron');\n"],
    ['electron/preload/x.ts', "export const fs = await import('node:fs');\n"],
    ['electron/preload/x.ts', "import { SerialPort } from 'serialport';\nexport const s = SerialPort;\n"],
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
    ['electron/engine/x.ts', "export const ws = await import('ws');\nexport const b = Buffer.alloc(1);\nexport const p = process.pid;\n"],
    ['renderer/src/x.tsx', "export const lazy = import('./pages/Log');\nexport const w = window.location.href;\n"],
  ];

  it.each(allowed.map(([file, code]) => [file, firstLine(code), code] as const))('%s allows `%s`', async (file, _line, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});

describe('layering is enforced by the compiler (a tsconfig.json per layer)', () => {
  /**
   * Type-check `code` as a file in `folder`, with that folder's tsconfig.json.
   * @returns the messages of the semantic diagnostics
   */
  async function compile(folder: string, code: string): Promise<string[]> {
    const ts = (await import('typescript')).default;
    const configPath = `${repoRoot}${folder}/tsconfig.json`;
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
    const file = `${repoRoot}${folder}/__layering_probe__.ts`;
    const host = ts.createCompilerHost(config!.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, code, lang) : getSourceFile(name, lang, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], config!.options, host);
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  const rejected: Array<[folder: string, code: string]> = [
    ['shared', 'export const b = Buffer.alloc(1);\n'],
    ['shared', 'export const p = process.platform;\n'],
    ['shared', 'export const w = window.location.href;\n'],
    ['renderer', "export const b = Buffer.from('x');\n"],
    ['renderer', 'export const e = process.env.HOME;\n'],
    ['electron', 'export const w = window.location.href;\n'],
    ['electron', "export const d = document.createElement('a');\n"],
  ];
  it.each(rejected)('%s/ does not compile `%s`', async (folder, code) => {
    expect((await compile(folder, code)).join('\n')).toMatch(/Cannot find name/);
  }, 60_000);

  const accepted: Array<[folder: string, code: string]> = [
    ['shared', 'export const n: number = [1, 2].at(-1) ?? 0;\n'],
    ['renderer', 'export const t: string = document.title;\n'],
    ['electron', 'export const b: number = Buffer.alloc(1).length + process.pid;\n'],
  ];
  it.each(accepted)('%s/ compiles `%s`', async (folder, code) => {
    expect(await compile(folder, code)).toEqual([]);
  }, 60_000);
});
