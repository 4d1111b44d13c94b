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
 * `../../renderer/…`). The same restrictions apply to `import()` (local rule `layering/dynamic-import`;
 * in shared/, renderer/ and preload/ its specifier must be a literal). Node-only packages (`ws`,
 * `conf`, serialport, …) stay in the engine; Node globals (`Buffer`, `process`) are refused in
 * shared/ and renderer/, browser globals (`window`, `document`) in the engine, CLI and main process.
 * The compiler enforces the same split: each layer's tsconfig.json has its own lib/types.
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

/** Packages that only run on Node (sockets, files, native modules): the engine's, never the renderer's or shared/'s. */
const NODE_ONLY_PACKAGES = ['ws', 'conf', 'serialport', 'basic-ftp', 'yauzl', 'cap'];
/** @param {string} who */
const noNodePackages = (who) => ({
  paths: NODE_ONLY_PACKAGES.map((name) => ({ name, message: `${who} must not use the Node-only package '${name}' (design.md Layering).` })),
  patterns: [{ regex: '^@serialport/', message: `${who} must not use Node-only packages (design.md Layering).` }],
});

/** Node's globals, which a browser (renderer/) or pure code (shared/) does not have. */
const NODE_GLOBALS = ['Buffer', 'process', 'global', 'require', 'module', '__dirname', '__filename', 'setImmediate', 'clearImmediate'];
/** The browser's globals, which the engine, CLI and main process do not have. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement'];
/** @param {string[]} names @param {string} why */
const restrictGlobals = (names, why) => ['error', ...names.map((name) => ({ name, message: `${why} (design.md Layering).` }))];

/**
 * A local rule: `import()` expressions obey the same `no-restricted-imports` setting as static
 * imports of the file (paths by name, patterns by regex), and in folders that set `literalOnly` the
 * specifier must be a string literal (a computed one cannot be checked).
 */
const dynamicImportRule = {
  meta: { type: 'problem', schema: false, docs: { description: 'apply no-restricted-imports to import() expressions' } },
  create(context) {
    const [options = {}] = context.options;
    const paths = options.paths ?? [];
    const patterns = (options.patterns ?? []).map((p) => ({ re: new RegExp(p.regex), message: p.message }));
    return {
      ImportExpression(node) {
        const src = node.source;
        if (src.type !== 'Literal' || typeof src.value !== 'string') {
          if (options.literalOnly) context.report({ node, message: 'import() with a computed specifier cannot be checked against the layering rules: use a string literal (design.md Layering).' });
          return;
        }
        const hit = paths.find((p) => p.name === src.value) ?? patterns.find((p) => p.re.test(src.value));
        if (hit) context.report({ node, message: `import('${src.value}'): ${hit.message}` });
      },
    };
  },
};

/**
 * The `no-restricted-imports` setting plus the same restrictions on `import()`.
 * @param {{ literalOnly?: boolean }} extra
 * @param {...{ paths?: object[], patterns?: object[] }} parts
 */
const restrictBoth = (extra, ...parts) => ({
  'no-restricted-imports': restrict(...parts),
  'layering/dynamic-import': ['error', { ...restrict(...parts)[1], ...extra }],
});

const UI_PACKAGES = ['react', 'react-dom', 'zustand', '@vitejs/plugin-react'];
const noUiPackages = {
  paths: UI_PACKAGES.map((name) => ({ name, message: 'shared/ is pure TypeScript: no DOM/UI packages (design.md Layering).' })),
  patterns: [{ regex: '^(react|react-dom)/', message: 'shared/ is pure TypeScript: no DOM/UI packages (design.md Layering).' }],
};

export default defineConfig(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'release/', 'coverage/', 'test-results/', 'test/e2e/screenshots/', '.provkit-data/', 'test/fixtures/phone-web/**/*.js'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: SOURCES,
    plugins: { layering: { rules: { 'dynamic-import': dynamicImportRule } } },
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
    rules: restrictBoth({}, noElectron),
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
      ...restrictBoth({ literalOnly: true }, noElectron, noNode('shared/'), noUiPackages, noNodePackages('shared/'), {
        patterns: [noRelative(['electron', 'renderer'], 'shared/ imports nothing from electron/ or renderer/ (design.md Layering).')],
      }),
      'no-restricted-globals': restrictGlobals([...NODE_GLOBALS, ...DOM_GLOBALS], 'shared/ is pure TypeScript: no Node or browser globals'),
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      ...restrictBoth({}, noElectron, {
        patterns: [
          noRelative(['renderer'], 'electron/engine/ must not import renderer/ (design.md Layering).'),
          noRelative(['main', 'preload'], "electron/engine/ must not import electron/main/ or electron/preload/ (they import 'electron')."),
        ],
      }),
    },
  },
  {
    // Node processes: the engine, the CLI, the desktop main process.
    files: ['electron/engine/**', 'electron/cli/**', 'electron/cli.ts', 'electron/main/**'],
    rules: {
      'no-restricted-globals': restrictGlobals(DOM_GLOBALS, 'the engine, CLI and main process run on Node: no browser globals'),
    },
  },
  {
    files: ['electron/main/**'],
    rules: restrictBoth({}, {
      patterns: [noRelative(['renderer'], 'electron/main/ must not import renderer/ (browser code).')],
    }),
  },
  {
    files: ['electron/preload/**'],
    rules: restrictBoth({ literalOnly: true }, noNode('electron/preload/ (sandboxed)'), noNodePackages('electron/preload/ (sandboxed)'), {
      patterns: [
        noRelative(['renderer'], 'electron/preload/ must not import renderer/.'),
        noRelative(['engine'], 'electron/preload/ must not import the engine (it runs in the renderer process).'),
      ],
    }),
  },
  {
    files: ['renderer/**'],
    rules: {
      ...restrictBoth({ literalOnly: true }, noElectron, noNode('renderer/'), noNodePackages('renderer/'), {
        patterns: [noRelative(['electron'], 'renderer/ imports only shared/ and packages, never electron/ (design.md Layering).')],
      }),
      'no-restricted-globals': restrictGlobals(NODE_GLOBALS, 'renderer/ runs in the browser: no Node globals'),
    },
  },
);
