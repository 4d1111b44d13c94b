/**
 * ESLint flat config. Modest rules (eslint recommended + typescript-eslint recommended, no
 * type-aware rules so it stays fast) plus the layering of design.md, enforced with
 * `no-restricted-imports`:
 * - `shared/`            imports nothing from electron/ or renderer/, no Node builtins, no
 *                        'electron', no DOM/UI packages.
 * - `electron/engine/`   never imports 'electron', renderer/, electron/main/ or electron/preload/.
 * - `electron/main/`, `electron/preload/` are the only places that import 'electron'.
 * - `electron/preload/`  no Node builtins either (a sandboxed preload can only require 'electron').
 * - `renderer/`          imports shared/ and packages only: no Node builtins, no electron/, no 'electron'.
 * test/unit/layering.test.ts proves each rule fires.
 *
 * Relative-path rules match a path segment named like the forbidden folder (`../electron/…`,
 * `../../renderer/…`); only static `import`/`export … from` are checked.
 */
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const SOURCES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const noElectron = {
  paths: [{ name: 'electron', message: "Only electron/main/ and electron/preload/ may import 'electron' (design.md Layering)." }],
  patterns: [{ regex: '^electron/', message: "Only electron/main/ and electron/preload/ may import 'electron' (design.md Layering)." }],
};

/** @param {string} who @returns {{ paths: object[], patterns: object[] }} */
const noNode = (who) => ({
  paths: builtinModules
    .filter((m) => !m.startsWith('_'))
    .map((name) => ({ name, message: `${who} must not import Node builtins (design.md Layering).` })),
  patterns: [{ regex: '^node:', message: `${who} must not import Node builtins (design.md Layering).` }],
});

/**
 * A pattern forbidding relative imports that go through a folder with one of these names.
 * @param {string[]} folders e.g. ['electron', 'renderer']
 * @param {string} message why
 */
const noRelative = (folders, message) => ({
  regex: `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})(?:/|$)`,
  message,
});

/**
 * Compose one `no-restricted-imports` setting (a later config object replaces the options of an
 * earlier one for the same file, so each folder's setting carries all of its restrictions).
 * @param {...{ paths?: object[], patterns?: object[] }} parts
 */
const restrict = (...parts) => [
  'error',
  {
    paths: parts.flatMap((p) => p.paths ?? []),
    patterns: parts.flatMap((p) => p.patterns ?? []),
  },
];

const UI_PACKAGES = ['react', 'react-dom', 'zustand', '@vitejs/plugin-react'];
const noUiPackages = {
  paths: UI_PACKAGES.map((name) => ({ name, message: 'shared/ is pure TypeScript: no DOM/UI packages (design.md Layering).' })),
  patterns: [{ regex: '^(react|react-dom)/', message: 'shared/ is pure TypeScript: no DOM/UI packages (design.md Layering).' }],
};

export default defineConfig(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'release/', 'coverage/', 'test-results/', 'test/e2e/screenshots/', '.provkit-data/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: SOURCES,
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // ---- Layering (design.md). Order matters: later objects override earlier ones per file. ----
  {
    // Everything outside main/preload: no 'electron'.
    files: SOURCES,
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': restrict(noElectron) },
  },
  {
    // Tests may check fakes against Electron's own types (`import type`), never load Electron.
    files: ['test/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths.map((p) => ({ ...p, allowTypeImports: true })),
          patterns: noElectron.patterns.map((p) => ({ ...p, allowTypeImports: true })),
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': restrict(noElectron, noNode('shared/'), noUiPackages, {
        patterns: [noRelative(['electron', 'renderer'], 'shared/ imports nothing from electron/ or renderer/ (design.md Layering).')],
      }),
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': restrict(noElectron, {
        patterns: [
          noRelative(['renderer'], 'electron/engine/ must not import renderer/ (design.md Layering).'),
          noRelative(['main', 'preload'], "electron/engine/ must not import electron/main/ or electron/preload/ (they import 'electron')."),
        ],
      }),
    },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': restrict({
        patterns: [noRelative(['renderer'], 'electron/main/ must not import renderer/ (browser code).')],
      }),
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(noNode('electron/preload/ (sandboxed)'), {
        patterns: [
          noRelative(['renderer'], 'electron/preload/ must not import renderer/.'),
          noRelative(['engine'], 'electron/preload/ must not import the engine (it runs in the renderer process).'),
        ],
      }),
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restrict(noElectron, noNode('renderer/'), {
        patterns: [noRelative(['electron'], 'renderer/ imports only shared/ and packages, never electron/ (design.md Layering).')],
      }),
    },
  },
);
