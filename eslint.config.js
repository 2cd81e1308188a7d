// Lint: typescript-eslint's recommended rules over every TypeScript source; generated output is ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'cdk.out/', '.journeys/', 'test-results/', 'docs/', 'local/console/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One zod API, zod/mini with the English locale, through functions/domain/zod.ts: the classic API would put
      // all of zod (~100 KB) back into every Lambda bundle, and mini without the locale answers "Invalid input".
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: "import * as z from 'functions/domain/zod' (zod/mini with the English locale)" },
            { name: 'zod/mini', message: "import * as z from 'functions/domain/zod' (it sets the English locale)" },
            { name: 'zod/v4', message: "import * as z from 'functions/domain/zod' (zod/mini with the English locale)" },
          ],
        },
      ],
    },
  },
  { files: ['functions/domain/zod.ts'], rules: { 'no-restricted-imports': 'off' } },
);
