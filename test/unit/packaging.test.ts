/**
 * What the packaged desktop app holds, from its configuration (fast; the real `app.asar` listing is
 * checked by test/integration/packaged-app.test.ts with a stand-in Electron distribution):
 * - electron-builder.yml `files` takes only the build (`out/**`) and package.json, so no source,
 *   test or script folder enters the asar;
 * - the node_modules electron-builder copies are the production dependency tree
 *   (https://www.electron.build/configuration#files: "production dependencies"), read here from
 *   package-lock.json (entries not marked `dev`): it holds no build-time tooling;
 * - every package the engine, CLI and main process import at run time is such a dependency.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(join(repo, p), 'utf8');

/** Packages that build, bundle, type-check, lint or test, and the renderer's UI libraries (bundled by vite). */
const DEV_TOOLING = [
  /^tsx$/, /^esbuild$/, /^@esbuild\//, /^typescript$/, /^vite$/, /^vitest$/, /^@vitest\//, /^rolldown$/, /^@rolldown\//,
  /^electron-vite$/, /^electron-builder$/, /^eslint$/, /^@eslint\//, /^typescript-eslint$/, /^@typescript-eslint\//,
  /^@vitejs\//, /^playwright-core$/, /^@types\//, /^react$/, /^react-dom$/, /^zustand$/, /^electron$/,
];

/** The `files:` list of electron-builder.yml (top-level block of `- item` lines). */
function builderFiles(): string[] {
  const lines = read('electron-builder.yml').split('\n');
  const start = lines.findIndex((l) => /^files:\s*$/.test(l));
  expect(start, 'electron-builder.yml has a files: list').toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^\s+-\s+"?([^"]+)"?\s*$/.exec(l);
    if (!m) break;
    items.push(m[1]!);
  }
  return items;
}

/** Package names of the production tree in package-lock.json. */
function productionPackages(): string[] {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && !entry.dev)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

/** Every .ts file under a folder of the repo. */
function sources(dir: string): string[] {
  return readdirSync(join(repo, dir)).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(join(repo, p)).isDirectory()) return sources(p);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [p] : [];
  });
}

describe('packaged app contents (electron-builder.yml + production dependencies)', () => {
  it('takes only the build output and package.json from the project', () => {
    const included = builderFiles().filter((f) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['out/**', 'package.json']);
  });

  it('packs no build-time tooling among the production dependencies', () => {
    const tooling = productionPackages().filter((name) => DEV_TOOLING.some((re) => re.test(name)));
    expect(tooling).toEqual([]);
  });

  it('declares every package the engine, CLI and main process load at run time as a dependency', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {}), 'electron']);
    const builtins = new Set(builtinModules);
    const missing: string[] = [];
    for (const file of [...sources('electron/engine'), ...sources('electron/main'), ...sources('electron/cli'), 'electron/cli.ts']) {
      const text = readFileSync(join(repo, file), 'utf8');
      // Static value imports and require()/import() calls; `import type` is erased at build time.
      const specs = [...text.matchAll(/^import (?!type )[^;]*?from '([^'.][^']*)'/gm), ...text.matchAll(/(?:require|import)\('([^'.][^']*)'\)/g)].map((m) => m[1]!);
      for (const spec of specs) {
        if (spec.startsWith('node:') || builtins.has(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!declared.has(name)) missing.push(`${relative(repo, join(repo, file))}: ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
