import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` runs against each mutant: the domain and template unit tests (property tests
 * included). Pure and emulator-free, so a mutant costs milliseconds; scenario tests would cost minutes each.
 */
export default defineConfig({
  test: {
    include: ['test/unit/domain/**/*.test.ts', 'test/unit/templates/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/support/compiled-emails.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' },
  },
});
