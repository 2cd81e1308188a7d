import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Scenario tests start emulators on ports of their own; forks keep them isolated.
    pool: 'forks',
    // The renderer's compiled-email source (I/O, so the domain does not pick it itself).
    setupFiles: ['test/support/compiled-emails.ts'],
    // Handlers log through Powertools; tests that inspect logs raise the level themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' },
  },
});
