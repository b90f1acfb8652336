import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition), so tests
// never run against stale builds.
const conditions = ['source', 'node'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.spec.ts', 'libs/**/src/**/*.spec.ts', 'tools/**/*.spec.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', '**/build/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/*/src/**/*.integration-spec.ts', 'libs/**/src/**/*.integration-spec.ts'],
          // PIT_INTEGRATION_EXCLUDE (comma-separated globs): files a run cannot serve, named by .ci/run with its reason.
          exclude: ['**/node_modules/**', '**/dist/**', ...(process.env.PIT_INTEGRATION_EXCLUDE ?? '').split(',').filter(Boolean)],
          environment: 'node',
          globalSetup: ['tools/test/integration-global-setup.ts'],
          setupFiles: ['tools/test/integration-env.ts'],
          // Files share one database and one queue: run them one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
