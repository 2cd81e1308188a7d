import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Scenario tests start emulators on ports of their own; forks keep them isolated.
    pool: 'forks',
  },
});
