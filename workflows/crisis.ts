/**
 * Crisis (started by api-crisis as `crisis-<crisisId>`): broadcast the alert, then on every change on-call makes
 * broadcast an update, and when nothing changes for a cadence broadcast a cadence update anyway; when the crisis
 * is resolved broadcast the all-clear and end.
 *
 * A broadcast is a plan (crisis-broadcast counts the audience and splits the 16 shards of the segment index into
 * groups, by the provider quota) and an inline Map running one loop per group in parallel: each loop invokes
 * crisis-broadcast for its shards until `done`, paced to its share of the quota, and catches up after quiet hours.
 *
 * Execution input: CrisisJourneyInput (`{ journey, crisisId, version, severity, cadenceMinutes, cadenceSeconds }`).
 * The mutable part — version, cadence and broadcast round — lives at `$.current`.
 * A replay (POST /crisis/replay) is an execution of its own, `{ journey, crisisId, replay: { version, kind, round } }`:
 * the same broadcast over the recipients recorded as failed for that broadcast, then it ends.
 * Continue-as-new: every `continueAfterRounds` rounds the execution starts a fresh one of the same state machine
 * (`crisis-<crisisId>-from-round-<round>`, input `continued: $.current`) and ends, so a long crisis never meets
 * the 25,000-event history limit; the fresh one goes on waiting for the next change.
 * Every broadcast task retries on any error (backoff, then the Catch): a retry continues from the cursor it was
 * given, and the send claims make re-reaching the recipients of a half-done page send nothing twice.
 * Signals (api-crisis, SendTaskSuccess on wait key `crisis:<crisisId>`): `{ event: CrisisSignalEvent }`.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import { Block, JourneyScope, choice, invoke, pass, succeed, waitFor, waitForEvent, type JourneyFunctionsMap } from './blocks';

export interface CrisisTimings {
  /**
   * Broadcast rounds (alert excluded) before the journey stops, across continued executions: 720 rounds are a
   * month at an hourly cadence.
   */
  readonly maxRounds: number;
  /**
   * Rounds one execution runs before it continues as new. A round costs about 25 history events, plus 6 per shard
   * loop and 7 per broadcast invocation (docs/crisis-broadcast.md, "History"): 50 rounds stay under the
   * 25,000-event limit while a round averages under 500, i.e. broadcasts of up to ~65 invocations of one loop (a
   * million recipients at 100 msg/s take 17; at 1,000 msg/s, 5 loops of 2).
   */
  readonly continueAfterRounds: number;
}

export const CRISIS_TIMINGS: CrisisTimings = { maxRounds: 720, continueAfterRounds: 50 };

/**
 * The state machine's alias `live`: the continuation is a new entry, so it goes where the alias routes new entries
 * (a newer version once deployed), like every other start. Built from the context (no ARN to wire, no cycle), and
 * from the execution's ARN (`arn:<partition>:states:<region>:<account>:execution:<state machine>:<name>`), which
 * names the state machine the same way whether the execution runs on a version, an alias or neither — unlike
 * `$$.StateMachine.Id`, whose form for a versioned execution this would otherwise have to assume.
 */
const part = (index: number) => `States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), ${index})`;
const THIS_STATE_MACHINE_LIVE = `States.Format('arn:{}:states:{}:{}:stateMachine:{}:live', ${part(1)}, ${part(3)}, ${part(4)}, ${part(6)})`;

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

/**
 * A broadcast (plan, then the Map of loops, then the check of its groups): chains like a single state. `addCatch`
 * covers the plan, the Map, and a group that failed: the check routes the journey to the same handler once every
 * other group has finished.
 */
class Broadcast extends Block {
  constructor(
    id: string,
    private readonly plan: sfn.TaskStateBase,
    private readonly map: sfn.Map,
    private readonly check: sfn.Choice,
  ) {
    super(id, plan, []);
  }

  addCatch(handler: sfn.IChainable, props: sfn.CatchProps): this {
    this.plan.addCatch(handler, props);
    this.map.addCatch(handler, props);
    this.check.when(sfn.Condition.booleanEquals(`${GROUPS_RESULT}.failed`, true), handler);
    return this;
  }

  override next(next: sfn.IChainable): sfn.Chain {
    this.check.otherwise(next);
    return sfn.Chain.custom(this.startState, next.endStates, next);
  }
}

/** Where a broadcast's Map answers whether any of its groups failed (`{failed}`, nothing else: the state stays small). */
const GROUPS_RESULT = '$.broadcastGroups';

export interface CrisisJourneyProps {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<CrisisTimings>;
}

export function buildCrisisJourney(scope: Construct, props: CrisisJourneyProps): sfn.IChainable {
  const t = { ...CRISIS_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'Crisis', { journey: 'crisis', functions: props.functions });

  /**
   * One broadcast: a plan, then its shard groups in parallel (an inline Map, one iteration per group), each a loop
   * of short Lambda invocations that work through the group's shards for a time budget and hand back a cursor, so
   * a million recipients never meet Lambda's 15 minutes or a large history. When quiet hours held some
   * recipients back (sev2/sev3), the group runs again when they end; its send claims make that pass reach only
   * those not yet sent. Signals arriving meanwhile wait as pending.
   */
  const broadcast = (name: string, kind: 'alert' | 'update' | 'all-clear' | 'replay'): Broadcast => {
    const identity = {
      crisisId: sfn.JsonPath.stringAt('$.crisisId'),
      version: sfn.JsonPath.numberAt('$.current.version'),
      kind: kind === 'replay' ? sfn.JsonPath.stringAt('$.replay.kind') : kind,
      round: sfn.JsonPath.numberAt('$.current.round'),
    };
    const failedOnly = kind === 'replay';
    const plan = invoke(s, `${name}: plan`, 'crisis-broadcast', {
      payload: { ...identity, failedOnly, plan: true },
      resultPath: '$.broadcast',
      comment: `crisis-broadcast: ${kind}: count the audience, split the shards into groups`,
    });
    plan.addRetry(BROADCAST_RETRY);
    // Each group's iteration sees the broadcast's identity and its shards, and answers only whether it failed: a
    // failing group must not fail the Map, or Step Functions stops the other groups — those still sending and those
    // waiting for quiet hours to end — and their recipients are never told. So a group that fails past its Retry ends
    // its iteration answering `true`, the others go on, and the check after the Map routes the journey to the
    // broadcast's failure handler once they are all done.
    const groups = new sfn.Map(s, s.stateName(name), {
      comment: `crisis-broadcast: ${kind}: one loop per shard group, in parallel`,
      itemsPath: '$.broadcast.groups',
      itemSelector: { ...identity, shards: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: 16,
      resultSelector: { 'failed.$': 'States.ArrayContains($, true)' },
      resultPath: GROUPS_RESULT,
    });
    const check = choice(s, `${name}: any group failed?`, 'A group that failed past its Retry: the broadcast\'s failure handler, once every other group is done');
    const begin = pass(s, `${name}: begin`, { result: sfn.Result.fromObject({ cursor: null }), resultPath: '$.broadcast' });
    const task = invoke(s, `${name}: loop`, 'crisis-broadcast', {
      payload: {
        crisisId: sfn.JsonPath.stringAt('$.crisisId'),
        version: sfn.JsonPath.numberAt('$.version'),
        kind: sfn.JsonPath.stringAt('$.kind'),
        round: sfn.JsonPath.numberAt('$.round'),
        shards: sfn.JsonPath.objectAt('$.shards'),
        cursor: sfn.JsonPath.stringAt('$.broadcast.cursor'),
        failedOnly,
      },
      resultPath: '$.broadcast',
      comment: `crisis-broadcast: ${kind}`,
    });
    task.addRetry(BROADCAST_RETRY);
    const more = choice(s, `${name}: more?`);
    const catchUp = waitFor(s, `${name}: wait for quiet hours to end`, sfn.WaitTime.timestampPath('$.broadcast.deferredUntil'));
    const again = pass(s, `${name}: catch-up pass`, { result: sfn.Result.fromObject({ cursor: null }), resultPath: '$.broadcast' });
    begin.next(task);
    task.next(more);
    more.when(sfn.Condition.booleanEquals('$.broadcast.done', false), task);
    more.when(sfn.Condition.isPresent('$.broadcast.deferredUntil'), catchUp);
    more.otherwise(pass(s, `${name}: group done`, { result: sfn.Result.fromBoolean(false) }));
    // The error stays in this iteration's history (the task's failure and this Catch); the group ends here.
    task.addCatch(pass(s, `${name}: group failed`, { result: sfn.Result.fromBoolean(true), comment: 'crisis-broadcast failed past its Retry: this group ends, the others go on' }), {
      errors: [sfn.Errors.ALL],
      resultPath: '$.groupError',
    });
    catchUp.next(again);
    again.next(task);
    groups.itemProcessor(begin);
    plan.next(groups);
    groups.next(check);
    return new Broadcast(name, plan, groups, check);
  };

  const start = pass(s, 'Start crisis', {
    parameters: { 'version.$': '$.version', 'cadenceSeconds.$': '$.cadenceSeconds', round: 0, continueAt: t.continueAfterRounds },
    resultPath: '$.current',
  });
  // A replay of one broadcast for its recorded failures: the same loops (cursor, catch-up), then the end.
  const replayOrCrisis = choice(s, 'Replay?', 'POST /crisis/replay starts an execution with $.replay; a continuation has $.continued');
  const startReplay = pass(s, 'Start replay', {
    parameters: { 'version.$': '$.replay.version', 'round.$': '$.replay.round', cadenceSeconds: 0 },
    resultPath: '$.current',
  });
  const replay = broadcast('Replay failed recipients', 'replay');
  replay.addCatch(new sfn.Fail(s, s.stateName('Replay failed'), { error: 'ReplayFailed', cause: 'crisis-broadcast failed for the replay' }), {
    errors: [sfn.Errors.ALL],
    resultPath: '$.broadcastError',
  });
  // A continuation (continue-as-new) takes the loop's state from its input and waits for the next change.
  const resume = pass(s, 'Resume crisis', {
    comment: 'Continued from an earlier execution of this crisis: its state, and the round at which this one continues in turn',
    parameters: {
      'version.$': '$.continued.version',
      'cadenceSeconds.$': '$.continued.cadenceSeconds',
      'round.$': '$.continued.round',
      'continueAt.$': `States.MathAdd($.continued.round, ${t.continueAfterRounds})`,
    },
    resultPath: '$.current',
  });
  replayOrCrisis.when(sfn.Condition.isPresent('$.replay'), startReplay).when(sfn.Condition.isPresent('$.continued'), resume).otherwise(start);
  startReplay.next(replay);
  replay.next(succeed(s, 'Replay done'));
  const alert = broadcast('Broadcast alert', 'alert');
  const alertFailed = pass(s, 'Alert broadcast failed', { comment: 'The error is at $.broadcastError; cadence updates follow' });
  alert.addCatch(alertFailed, { errors: [sfn.Errors.ALL], resultPath: '$.broadcastError' });

  const awaitChange = waitForEvent(s, 'Await change', {
    waitKey: sfn.JsonPath.format('crisis:{}', sfn.JsonPath.stringAt('$.crisisId')),
    customerIdPath: null,
    timeoutPath: '$.current.cadenceSeconds',
    comment: 'A global wait (no customer): api-crisis signals updates and the resolution; the cadence timeout sends an update',
  });
  start.next(alert);
  alert.next(awaitChange);
  alertFailed.next(awaitChange);
  resume.next(awaitChange);

  const change = choice(s, 'Change?');
  const applyUpdate = pass(s, 'Apply update', {
    parameters: {
      'version.$': '$.signal.event.version',
      'cadenceSeconds.$': '$.signal.event.cadenceSeconds',
      'round.$': '$.current.round',
      'continueAt.$': '$.current.continueAt',
    },
    resultPath: '$.current',
  });
  const nextRound = pass(s, 'Next round', {
    parameters: {
      'version.$': '$.current.version',
      'cadenceSeconds.$': '$.current.cadenceSeconds',
      'round.$': 'States.MathAdd($.current.round, 1)',
      'continueAt.$': '$.current.continueAt',
    },
    resultPath: '$.current',
  });
  const limit = choice(s, 'Round limit?');
  const update = broadcast('Broadcast update', 'update');
  const updateFailed = pass(s, 'Update broadcast failed', { comment: 'The error is at $.broadcastError; the next round retries' });
  update.addCatch(updateFailed, { errors: [sfn.Errors.ALL], resultPath: '$.broadcastError' });
  // The all-clear goes out as the resolution's version: its record names the post-mortem and the closing words.
  const applyResolution = pass(s, 'Apply resolution', {
    parameters: {
      'version.$': '$.signal.event.version',
      'cadenceSeconds.$': '$.current.cadenceSeconds',
      'round.$': '$.current.round',
      'continueAt.$': '$.current.continueAt',
    },
    resultPath: '$.current',
  });
  const allClear = broadcast('Broadcast all-clear', 'all-clear');
  applyResolution.next(allClear);
  allClear.addCatch(new sfn.Fail(s, s.stateName('All-clear failed'), { error: 'AllClearFailed', cause: 'crisis-broadcast failed for the all-clear' }), {
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

  /**
   * Continue-as-new, between a round's broadcast and the wait for the next change (nothing is in flight then;
   * signals arriving meanwhile wait as pending for the fresh execution's wait). Step Functions has none built in:
   * the execution starts the same state machine with its state and ends. The name is derived from (crisis,
   * round), so a retried start is the service's idempotent answer (same name and input while running) and a
   * start that finds the continuation already there ends this one too. Any other failure keeps this execution
   * going: it has room left under the limit, and the next round tries again.
   */
  const continueCheck = choice(s, 'Continue as new?', 'Every continueAfterRounds rounds, before the history grows large');
  const continueAsNew = new sfn.CustomState(s, s.stateName('Continue as new'), {
    stateJson: {
      Type: 'Task',
      Comment: 'StartExecution of this state machine with the loop state; the continuation waits for the next change',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        [`StateMachineArn.$`]: THIS_STATE_MACHINE_LIVE,
        'Name.$': "States.Format('crisis-{}-from-round-{}', $.crisisId, $.current.round)",
        Input: {
          journey: 'crisis',
          'crisisId.$': '$.crisisId',
          'version.$': '$.version',
          'severity.$': '$.severity',
          'cadenceMinutes.$': '$.cadenceMinutes',
          'cadenceSeconds.$': '$.cadenceSeconds',
          continued: { 'version.$': '$.current.version', 'cadenceSeconds.$': '$.current.cadenceSeconds', 'round.$': '$.current.round' },
          // The console links the two executions (the service's convention for executions started by one).
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      ResultPath: '$.continuation',
    },
  });
  // The continuation exists already (an earlier attempt started it): never retried, this execution ends.
  continueAsNew.addRetry({ errors: ['StepFunctions.ExecutionAlreadyExistsException'], maxAttempts: 0 });
  continueAsNew.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL });
  const continued = succeed(s, 'Continued as new', 'A fresh execution of this crisis carries on');
  continueAsNew.addCatch(continued, { errors: ['StepFunctions.ExecutionAlreadyExistsException'], resultPath: '$.continuation' });
  continueAsNew.addCatch(awaitChange, { errors: [sfn.Errors.ALL], resultPath: '$.continuationError' });
  continueAsNew.next(continued);
  continueCheck.when(sfn.Condition.numberGreaterThanEqualsJsonPath('$.current.round', '$.current.continueAt'), continueAsNew).otherwise(awaitChange);
  update.next(continueCheck);
  updateFailed.next(continueCheck);

  return replayOrCrisis;
}
