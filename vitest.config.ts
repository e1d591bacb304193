import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm run coverage`: line coverage of src/ by the unit tier; scripts/coverage-by-folder.mjs prints it per folder.
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['json-summary', 'text-summary'], reportsDirectory: 'coverage' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      // e2e tests start real clusters: few at a time on a 2-core machine, generous timeouts.
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 10 * 60_000,
          maxConcurrency: 2,
          fileParallelism: false,
        },
      },
    ],
  },
});
