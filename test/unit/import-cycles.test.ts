/**
 * No import cycle among the engine's modules (electron/engine): each area's API handlers take only
 * the services they use and the host composes them (docs/design.md, "Where each behaviour lives").
 * Type-only imports count too: a cycle through types still ties two modules together.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const engineDir = join(repoRoot, 'electron/engine');

/** Every `.ts` file under `dir`. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers of a module's static imports and re-exports (`import … from`, `export … from`, `import '…'`). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'";]*?(?:\bfrom\s*)?['"](\.[^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

/** The file a relative specifier names (`./x` → `x.ts` or `x/index.ts`), or undefined outside TS. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec.replace(/\.(m?js)$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
}

/** Cycles of a directed graph, each as the path of files around it (first file repeated at the end). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const next of graph.get(n) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

describe('engine import graph', () => {
  it('finds a cycle in a graph that has one (the checker itself works)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(relativeImports("import type { E } from '../engine';\nexport { x } from './x';\nimport './side';\nconst s = 'import y from \"./no\"';\n")).toEqual(['../engine', './x', './side']);
  });

  it('has no import cycle among electron/engine modules', () => {
    const graph = new Map<string, string[]>();
    for (const file of tsFiles(engineDir)) {
      const deps = relativeImports(readFileSync(file, 'utf8'))
        .map((s) => resolveSpecifier(file, s))
        .filter((p): p is string => Boolean(p) && p!.startsWith(engineDir));
      graph.set(file, deps);
    }
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(engineDir, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
