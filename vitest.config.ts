/**
 * Test tiers (style habit 9): `unit` needs nothing; `db:embedded` runs store, service and route
 * tests against the embedded PostgreSQL; `db:server` runs the same files against a server
 * PostgreSQL when FANGYI_TEST_SERVER_URL names one (CI starts Debian's); `e2e` drives the built
 * web apps in Debian's Chromium.
 */
import { defineConfig } from 'vitest/config';

const dbFiles = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];
const dbProject = (name: string, mode: string) => ({
  test: {
    name,
    include: dbFiles,
    globalSetup: ['test/support/global-setup.ts'],
    env: { FANGYI_TEST_PG: mode },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default on 2 cores is one worker; database tests spend much of their time waiting
    // for PostgreSQL (its own processes), so two files at a time keep both cores busy. A worker
    // count of its own needs a group of its own: unit tests first, then databases, then browsers.
    maxWorkers: 2,
    // A worker keeps its modules from one file to the next instead of importing the platform
    // afresh for each (that import was a third of these projects' time). Files share no state but
    // modules: each has its own database, platform and keys, and restores what it changes in
    // process.env.
    isolate: false,
    sequence: { groupOrder: 1 },
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'], exclude: [...dbFiles, '**/node_modules/**'] } },
      dbProject('db:embedded', 'embedded'),
      ...(process.env.FANGYI_TEST_SERVER_URL ? [dbProject('db:server', 'server')] : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          env: { FANGYI_TEST_PG: 'embedded' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          isolate: false, // as the database projects

          // A page may take seconds to settle on a busy 2-core machine: polls wait up to 10 s, not vitest's default 1 s.
          expect: { poll: { timeout: 10_000 } },
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
