/**
 * Continue-as-new: a long crisis (many cadence rounds) never meets the 25,000-event history limit because every
 * `continueAfterRounds` rounds its execution starts a fresh execution of the same state machine with its state
 * (`crisis-<crisisId>-from-round-<round>`, through the states:startExecution integration) and ends. Through the real
 * local runtime, on a template synthesized with `continueAfterRounds: 2` (the deployed value, 50, is checked in
 * test/workflows): each continuation happens exactly once, nobody gets a message twice or misses a change, on-call's update
 * reaches the continued execution, and GET /crisis, `journeys crisis status` and the console follow along.
 *
 * One crisis told in stages (test/support/story.ts): each test reaches the stage it starts from, so it also runs alone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../functions/domain/model/profile';
import { mapLimit } from '../../../functions/handlers/runtime/concurrency';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { createJourneysApp, offlineAppOptions } from '../../../infra/journeys-app';
import { VirtualClock } from '../../../local/engine';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { story } from '../../support/story';
import { run } from '../cli/support';
import { MINUTE, declare, decisions, executions, oncall, phoneOf, profile, resolve, update } from './support';

const T0 = '2026-11-23T10:00:00.000Z';
const REGION = 'continued';
const ALERT = 'Payments are failing. We are on it.';
const UPDATE = 'Payments are recovering.';
const CADENCE = 5 * MINUTE;

let runtime: TestRuntime;
let ids: string[];

/** The app as `cdk synth` builds it, with the crisis journey continuing as new every 2 rounds. */
function templateContinuingEvery(rounds: number): string {
  const outdir = mkdtempSync(join(tmpdir(), 'journeys-continue-'));
  createJourneysApp(offlineAppOptions(outdir, { timings: { crisis: { continueAfterRounds: rounds } } })).app.synth();
  return outdir;
}

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null, clock: VirtualClock.manual(T0), templateDir: templateContinuingEvery(2) });
  ids = Array.from({ length: 5 }, (_, i) => `cn-${i}`);
  await mapLimit(ids, 5, (id) => dependencies().profiles.putProfile({ customerId: id, ...profile({ id, region: REGION, email: null }) } as unknown as Profile));
}, 120_000);
afterAll(async () => {
  await runtime?.stop();
});

const crisisExecutions = async () => (await executions(runtime, 'crisis')).map((e) => [e.name, e.status]).reverse();
const progress = async () => ((await runtime.api('GET', '/crisis')).body as { broadcast?: Record<string, unknown> }).broadcast;
const advance = async (ms: number) => {
  await runtime.clock.advance(ms);
  await runtime.idle();
};

/** The crisis steps each recipient was sent, sorted (rounds without a clock advance between share an instant). */
async function sentSteps(id: string): Promise<string[]> {
  return (await decisions(runtime, id))
    .filter((d) => d.journey === 'crisis' && d.outcome === 'sent')
    .map((d) => d.step)
    .sort();
}
const smsCount = (id: string) => runtime.outbox.list({ to: [phoneOf(id)], channel: 'sms' }).length;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();

const stages = story({
  /** The sev1 declared (cadence 5 minutes) and its alert sent; resolves with the crisis id. */
  declared: async () => {
    const declared = await declare(runtime, { severity: 'sev1', headline: 'Payments outage', message: { en: ALERT }, affected: { region: [REGION] }, cadenceMinutes: 5 });
    expect(declared.status).toBe(200);
    await runtime.idle();
    return (declared.body as { id: string }).id;
  },
  round1: () => advance(CADENCE),
  /** Round 2, after which the first execution continues as new. */
  continued: () => advance(CADENCE),
  /** On-call's update: round 3 of the continued execution. */
  updated: async () => {
    expect((await update(runtime, { message: { en: UPDATE } }, 1)).status).toBe(200);
    await runtime.idle();
  },
  /** Round 4 (cadence), after which the execution continues as new again. */
  continuedAgain: () => advance(CADENCE),
});

describe('a crisis that outlives one execution', () => {
  it('continues as new after 2 rounds: the first execution starts its continuation once and ends', async () => {
    const crisisId = await stages.reach('declared');
    await stages.reach('round1');
    expect(await crisisExecutions()).toEqual([[`crisis-${crisisId}`, 'RUNNING']]);
    await stages.reach('continued');

    expect(await crisisExecutions()).toEqual([
      [`crisis-${crisisId}`, 'SUCCEEDED'],
      [`crisis-${crisisId}-from-round-2`, 'RUNNING'],
    ]);
    const [first, second] = (await executions(runtime, 'crisis')).reverse();
    const firstHistory = (await runtime.engine.getExecutionHistory(first!.executionArn, { reverseOrder: true, maxResults: 10 })).events;
    expect(firstHistory.find((e) => e.type === 'SucceedStateEntered')?.stateEnteredEventDetails?.name).toBe('Continued as new');
    const described = await runtime.engine.describeExecution(second!.executionArn);
    // The continuation is a new entry: started on the alias `live`, which chose the newest version.
    expect(described.stateMachineAliasArn).toBe(runtime.aliasArns.crisis);
    expect(described.stateMachineVersionArn).toBe(`${runtime.stateMachineArns.crisis}:1`);
    const input = JSON.parse(described.input) as Record<string, unknown>;
    expect(input).toMatchObject({
      journey: 'crisis',
      crisisId,
      continued: { version: 1, cadenceSeconds: 300, round: 2 },
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: first!.executionArn,
    });
    // Cadence rounds without a change refresh the record and tell nobody anything new (rules/crisis-cadence.ts).
    for (const id of ids) expect(await sentSteps(id)).toEqual(['alert-v1']);
    expect(await progress()).toMatchObject({ kind: 'update', messageVersion: 1, round: 2, sent: 0, skipped: 5, remaining: 0, finishedAt: at(10) });
  }, 60_000);

  it('the continued execution takes on-call\'s update, sends the next rounds once, and continues again at round 4', async () => {
    const crisisId = await stages.reach('declared');
    await stages.reach('updated');
    expect(await progress()).toMatchObject({ kind: 'update', messageVersion: 2, round: 3, sent: 5, remaining: 0, finishedAt: at(10) });
    await stages.reach('continuedAgain');

    expect(await crisisExecutions()).toEqual([
      [`crisis-${crisisId}`, 'SUCCEEDED'],
      [`crisis-${crisisId}-from-round-2`, 'SUCCEEDED'],
      [`crisis-${crisisId}-from-round-4`, 'RUNNING'],
    ]);
    // Its history: two rounds (one update, one cadence), one broadcast invocation each, and the continuation.
    const middle = (await executions(runtime, 'crisis')).find((e) => e.name.endsWith('-from-round-2'))!;
    const events = (await runtime.engine.getExecutionHistory(middle.executionArn, { maxResults: 1000 })).events;
    console.log(`[crisis continue-as-new] history of an execution of 2 rounds (1 group, 1 invocation each): ${events.length} events`);
    expect(events.length).toBeLessThan(2 * 50);
    for (const id of ids) {
      expect(await sentSteps(id)).toEqual(['alert-v1', 'update-v2-round3']);
      expect(smsCount(id)).toBe(2);
    }

    // GET /crisis, `journeys crisis status` and the console follow the crisis, whichever execution runs it.
    expect(await progress()).toMatchObject({ kind: 'update', messageVersion: 2, round: 4, sent: 0, skipped: 5, remaining: 0, finishedAt: at(15) });
    const status = await run(['--endpoint', runtime.url, 'crisis', 'status', '--audit', '0'], { env: { JOURNEYS_ONCALL_TOKEN: runtime.oncallToken } });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('update of version 2, round 4: 0 sent, 0 failed, 5 skipped, 0 remaining of 5');
    const journeys = (await runtime.api('GET', '/console/api/journeys', undefined, oncall(runtime))).body as { journeys: { journey: string; executions: Record<string, number> }[] };
    expect(journeys.journeys.find((j) => j.journey === 'crisis')?.executions).toMatchObject({ RUNNING: 1, SUCCEEDED: 2 });
  }, 60_000);

  it('the resolution ends the latest execution with the all-clear, once', async () => {
    await stages.reach('continuedAgain');
    expect((await resolve(runtime, { postmortemUrl: 'https://status.example.com/pm/7' })).status).toBe(200);
    await runtime.idle();
    expect((await crisisExecutions()).map(([, status]) => status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    for (const id of ids) {
      expect(await sentSteps(id)).toEqual(['alert-v1', 'all-clear-v3-round4', 'update-v2-round3']);
      expect(smsCount(id)).toBe(3);
    }
  }, 60_000);
});
