/**
 * The reliability suite (issue 8): faults injected into the real local runtime — providers, the functions, the
 * table, the event bus, the runtime itself — with real journeys driven through the HTTP API. Each scenario counts
 * what the recipients got; the table of all of them is printed once at the end: duplicated and lost must be 0.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { busScenarios } from './scenarios/bus';
import { functionScenarios } from './scenarios/functions';
import { outageScenarios } from './scenarios/outage';
import { providerScenarios } from './scenarios/providers';
import { restartScenarios } from './scenarios/restart';
import { tableScenarios } from './scenarios/table';
import { recorded, startSuiteRuntime, table, type Suite } from './support';

let runtime: TestRuntime | undefined;
const suite: Suite = {
  get runtime() {
    if (!runtime) throw new Error('the suite runtime is not running');
    return runtime;
  },
  replace(next) {
    runtime = next;
  },
};

beforeAll(async () => {
  runtime = await startSuiteRuntime();
});
/** Scenarios that passed (a run filtered with -t runs some): each records exactly one row of the table. */
let passed = 0;
afterEach(({ task }) => {
  runtime?.faults.clear();
  if (task.result?.state === 'pass') passed++;
});
afterAll(async () => {
  await runtime?.stop();
  if (recorded().length > 0) process.stdout.write(`\n${table()}\n\n`);
  // Over an empty list the check below holds by itself: the suite must have counted something, a row per scenario.
  expect(recorded(), 'no scenario recorded its count').not.toHaveLength(0);
  expect(recorded()).toHaveLength(passed);
  expect(recorded().filter((row) => row.duplicated !== 0 || row.lost !== 0)).toEqual([]);
});

providerScenarios(suite);
functionScenarios(suite);
tableScenarios(suite);
// Before the bus scenarios: it replays the whole dead-letter queue and counts what it replays.
outageScenarios(suite);
busScenarios(suite);
// Last: it restarts the suite's runtime and moves its clock on by days.
restartScenarios(suite);
