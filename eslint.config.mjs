import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='only'], CallExpression[callee.property.name='skip']",
          message: 'Focused or skipped tests hide failures.',
        },
      ],
    },
  },
  {
    // Client components never reach the server-only layers (types of their answers are fine:
    // they are erased).
    files: ['components/**/*.ts', 'components/**/*.tsx', 'hooks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@/lib/db*',
                '@/lib/cache*',
                '@/lib/metrics*',
                '@/lib/health*',
                '@/lib/fleet*',
                '@/lib/telemetry*',
                '@/lib/startup*',
                '@/lib/env',
                '@/lib/api*',
              ],
              allowTypeImports: true,
              message: 'client code must not import server-only layers (import type is allowed)',
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    '.stack/**',
    'node_modules/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
