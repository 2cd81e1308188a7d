// @ts-check
/**
 * Mutation testing of the decision rules (`npm run mutation`): every mutant the unit and property tests let
 * survive is a change to a rule nobody would notice. Incremental: only mutants whose code or tests changed
 * since the last run are tried again (state in reports/, ignored by git). `--force` re-runs everything.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'functions/domain/rules/**/*.ts',
    'functions/domain/decide.ts',
    'functions/domain/time/**/*.ts',
    'functions/domain/policy.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  // A shared two-core machine: one or two test runners, never one per core of a bigger box.
  concurrency: 2,
  // Generous: under load a slow property run must not count as a kill (a timeout is scored as detected).
  timeoutMS: 30_000,
  timeoutFactor: 2,
  tempDirName: 'reports/.stryker-tmp',
  thresholds: { high: 95, low: 90, break: 90 },
};
