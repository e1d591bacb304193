import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
