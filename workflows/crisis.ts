/**
 * Crisis (started by api-crisis as `crisis-<crisisId>`): broadcast the alert, then on every change on-call makes
 * broadcast an update, and when nothing changes for a cadence broadcast a cadence update anyway; when the crisis
 * is resolved broadcast the all-clear and end. The broadcast is one task (crisis-broadcast) so it can be swapped
 * for a Distributed Map fan-out without touching the loop.
 *
 * Execution input: CrisisJourneyInput (`{ journey, crisisId, version, severity, cadenceMinutes, cadenceSeconds }`).
 * The mutable part — version, cadence and broadcast round — lives at `$.current`.
 * A replay (POST /crisis/replay) is an execution of its own, `{ journey, crisisId, replay: { version, kind, round } }`:
 * the same broadcast loop over the recipients recorded as failed for that broadcast, then it ends.
 * Every broadcast task retries on any error (backoff, then the Catch): a retry continues from the cursor it was
 * given, and the send claims make re-reaching the recipients of a half-done page send nothing twice.
 * Signals (api-crisis, SendTaskSuccess on wait key `crisis:<crisisId>`): `{ event: CrisisSignalEvent }`.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import { Block, JourneyScope, choice, invoke, otherwiseEnd, pass, succeed, waitFor, waitForEvent, type CrisisBroadcastInput, type JourneyFunctionsMap } from './blocks';

export interface CrisisTimings {
  /**
   * Broadcast rounds (alert excluded) before the journey stops: each round adds about 20 history events, and a
   * Standard execution is limited to 25,000. 720 rounds are a month at an hourly cadence.
   */
  readonly maxRounds: number;
}

export const CRISIS_TIMINGS: CrisisTimings = { maxRounds: 720 };

/**
 * A broadcast invocation that failed (the table throttling, the function timing out, a bus hiccup for the
 * surveys) is run again from the same cursor: 10 s, 20 s, 40 s, 80 s, with full jitter.
 */
export const BROADCAST_RETRY: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxAttempts: 4,
  jitterStrategy: sfn.JitterType.FULL,
};

/** A broadcast loop: chains like a single state; `task` is where its Catch goes. */
class BroadcastLoop extends Block {
  constructor(
    id: string,
    startState: sfn.State,
    endStates: sfn.INextable[],
    readonly task: sfn.TaskStateBase,
  ) {
    super(id, startState, endStates);
  }
}

export interface CrisisJourneyProps {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<CrisisTimings>;
}

export function buildCrisisJourney(scope: Construct, props: CrisisJourneyProps): sfn.IChainable {
  const t = { ...CRISIS_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'Crisis', { journey: 'crisis', functions: props.functions });

  /**
   * One broadcast as a loop of short Lambda invocations: each works through part of the audience for a time
   * budget and hands back a cursor, so a million recipients never meet Lambda's 15 minutes or a large history.
   * When quiet hours held some recipients back (sev2/sev3), the same broadcast runs again when they end; its
   * send claims make that pass reach only those not yet sent. Signals arriving meanwhile wait as pending.
   */
  const broadcast = (name: string, kind: CrisisBroadcastInput['kind'] | 'replay'): BroadcastLoop => {
    const begin = pass(s, `${name}: begin`, { result: sfn.Result.fromObject({ cursor: null }), resultPath: '$.broadcast' });
    const payload: Record<keyof CrisisBroadcastInput, unknown> = {
      crisisId: sfn.JsonPath.stringAt('$.crisisId'),
      version: sfn.JsonPath.numberAt('$.current.version'),
      kind: kind === 'replay' ? sfn.JsonPath.stringAt('$.replay.kind') : kind,
      round: sfn.JsonPath.numberAt('$.current.round'),
      cursor: sfn.JsonPath.stringAt('$.broadcast.cursor'),
      failedOnly: kind === 'replay',
    };
    const task = invoke(s, name, 'crisis-broadcast', { payload, resultPath: '$.broadcast', comment: `crisis-broadcast: ${kind}` });
    task.addRetry(BROADCAST_RETRY);
    const more = choice(s, `${name}: more?`);
    const catchUp = waitFor(s, `${name}: wait for quiet hours to end`, sfn.WaitTime.timestampPath('$.broadcast.deferredUntil'));
    const again = pass(s, `${name}: catch-up pass`, { result: sfn.Result.fromObject({ cursor: null }), resultPath: '$.broadcast' });
    begin.next(task);
    task.next(more);
    more.when(sfn.Condition.booleanEquals('$.broadcast.done', false), task);
    more.when(sfn.Condition.isPresent('$.broadcast.deferredUntil'), catchUp);
    catchUp.next(again);
    again.next(task);
    return new BroadcastLoop(name, begin, [otherwiseEnd(more)], task);
  };

  const start = pass(s, 'Start crisis', {
    parameters: { 'version.$': '$.version', 'cadenceSeconds.$': '$.cadenceSeconds', round: 0 },
    resultPath: '$.current',
  });
  // A replay of one broadcast for its recorded failures: the same loop (cursor, catch-up), then the end.
  const replayOrCrisis = choice(s, 'Replay?', 'POST /crisis/replay starts an execution with $.replay');
  const startReplay = pass(s, 'Start replay', {
    parameters: { 'version.$': '$.replay.version', 'round.$': '$.replay.round', cadenceSeconds: 0 },
    resultPath: '$.current',
  });
  const replay = broadcast('Replay failed recipients', 'replay');
  replay.task.addCatch(new sfn.Fail(s, s.stateName('Replay failed'), { error: 'ReplayFailed', cause: 'crisis-broadcast failed for the replay' }), {
    errors: [sfn.Errors.ALL],
    resultPath: '$.broadcastError',
  });
  replayOrCrisis.when(sfn.Condition.isPresent('$.replay'), startReplay).otherwise(start);
  startReplay.next(replay);
  replay.next(succeed(s, 'Replay done'));
  const alert = broadcast('Broadcast alert', 'alert');
  const alertFailed = pass(s, 'Alert broadcast failed', { comment: 'The error is at $.broadcastError; cadence updates follow' });
  alert.task.addCatch(alertFailed, { errors: [sfn.Errors.ALL], resultPath: '$.broadcastError' });

  const awaitChange = waitForEvent(s, 'Await change', {
    waitKey: sfn.JsonPath.format('crisis:{}', sfn.JsonPath.stringAt('$.crisisId')),
    customerIdPath: null,
    timeoutPath: '$.current.cadenceSeconds',
    comment: 'A global wait (no customer): api-crisis signals updates and the resolution; the cadence timeout sends an update',
  });
  start.next(alert);
  alert.next(awaitChange);
  alertFailed.next(awaitChange);

  const change = choice(s, 'Change?');
  const applyUpdate = pass(s, 'Apply update', {
    parameters: { 'version.$': '$.signal.event.version', 'cadenceSeconds.$': '$.signal.event.cadenceSeconds', 'round.$': '$.current.round' },
    resultPath: '$.current',
  });
  const nextRound = pass(s, 'Next round', {
    parameters: { 'version.$': '$.current.version', 'cadenceSeconds.$': '$.current.cadenceSeconds', 'round.$': 'States.MathAdd($.current.round, 1)' },
    resultPath: '$.current',
  });
  const limit = choice(s, 'Round limit?');
  const update = broadcast('Broadcast update', 'update');
  const updateFailed = pass(s, 'Update broadcast failed', { comment: 'The error is at $.broadcastError; the next round retries' });
  update.task.addCatch(updateFailed, { errors: [sfn.Errors.ALL], resultPath: '$.broadcastError' });
  // The all-clear goes out as the resolution's version: its record names the post-mortem and the closing words.
  const applyResolution = pass(s, 'Apply resolution', {
    parameters: { 'version.$': '$.signal.event.version', 'cadenceSeconds.$': '$.current.cadenceSeconds', 'round.$': '$.current.round' },
    resultPath: '$.current',
  });
  const allClear = broadcast('Broadcast all-clear', 'all-clear');
  applyResolution.next(allClear);
  allClear.task.addCatch(new sfn.Fail(s, s.stateName('All-clear failed'), { error: 'AllClearFailed', cause: 'crisis-broadcast failed for the all-clear' }), {
    errors: [sfn.Errors.ALL],
    resultPath: '$.broadcastError',
  });
  allClear.next(succeed(s, 'All clear sent'));

  awaitChange.onSignal(change).onTimeout(nextRound);
  change
    .when(sfn.Condition.isNotPresent('$.signal.event.type'), nextRound)
    .when(sfn.Condition.stringEquals('$.signal.event.type', 'crisis.resolved'), applyResolution)
    .when(
      sfn.Condition.and(
        sfn.Condition.stringEquals('$.signal.event.type', 'crisis.updated'),
        sfn.Condition.isPresent('$.signal.event.version'),
        sfn.Condition.isPresent('$.signal.event.cadenceSeconds'),
      ),
      applyUpdate,
    )
    .otherwise(nextRound);
  applyUpdate.next(nextRound);
  nextRound.next(limit);
  limit.when(sfn.Condition.numberGreaterThanEquals('$.current.round', t.maxRounds), succeed(s, 'Broadcast limit reached')).otherwise(update);
  update.next(awaitChange);
  updateFailed.next(awaitChange);

  return replayOrCrisis;
}
