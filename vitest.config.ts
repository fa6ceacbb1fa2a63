import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // 'server-only' throws outside React's server bundle; tests run on the server anyway.
      'server-only': `${root}scripts/testing/server-only-stub.ts`,
    },
  },
  test: {
    reporters: process.env.VITEST_JSON
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'components/**/*.test.ts',
            'app/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', '.stack/**'],
          globalSetup: ['scripts/testing/global-setup.ts'],
          setupFiles: ['scripts/testing/setup-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Fault tests stop and pause shared services: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
