import { defineConfig } from 'vitest/config';

// One runner for unit, integration (real peers: curl, lftp) and e2e (Playwright + Debian chromium).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
