import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm run coverage`: line coverage of src/ by the unit tier; scripts/coverage-by-folder.mjs prints it per folder.
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['json-summary', 'text-summary'], reportsDirectory: 'coverage' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      // e2e tests start real clusters: two files at a time on a 2-core machine (two canaries
      // side by side give about 1.9x the throughput of one), tests of a file one after another.
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 10 * 60_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
