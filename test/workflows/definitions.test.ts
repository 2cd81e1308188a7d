/**
 * The four journeys as synthesized (cdk.out's definitions, resolved like the local runtime does): valid ASL,
 * every branch of the design present as a named state and reachable, message steps with their retry and catch,
 * event waits as task-token waits with a timeout, and payloads that match the handlers' contracts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, TOPICS } from '../../functions/domain/model/primitives';
import { TEMPLATE_KEYS } from '../../functions/domain/model/message';
import { FUNCTION_NAMES } from '../../contracts/functions';
import { journeyDefinitions, type AslDefinition } from '../../infra/definitions';
import { STEP_SIGNALS, SEND_RETRYABLE_ERRORS } from '../../contracts/payloads';
import { waitKeys } from '../../contracts/routes';
import { synthesize } from '../infra/support';
import { iterationOf, nestedStates, pathBetween, reachable, statesOf, taskFunction, validateAsl, type State } from './asl';

let definitions: Record<string, AslDefinition>;

beforeAll(() => {
  definitions = journeyDefinitions(synthesize().json);
}, 120_000);

const journey = (name: string): AslDefinition => {
  const definition = definitions[name];
  if (!definition) throw new Error(`no ${name} journey`);
  return definition;
};
const state = (definition: AslDefinition, name: string): State => {
  const found = definition.States[name] as State | undefined;
  if (!found) throw new Error(`no state ${name}`);
  return found;
};

/** The states that park on an event (wait-for-event), per journey. */
const WAITS: Record<string, string[]> = {
  onboarding: ['Wait for activation'],
  incident: ['Await update'],
  crisis: ['Await change'],
  'post-resolution': ['Await answer', 'Await answer again'],
};

const format = (key: string, path: string) => `States.Format('${key}', ${path})`;
/** Each journey's wait: its wait key and its timeout (seconds, or the path it is read from). */
const WAIT_KEYS_AND_TIMEOUTS: Record<string, [string, number | string]> = {
  onboarding: [waitKeys.activation(), 2 * 86_400],
  incident: [format(waitKeys.incident('{}'), '$.event.data.incidentId'), '$.policy.slaSeconds'],
  crisis: [format(waitKeys.crisis('{}'), '$.crisisId'), '$.current.cadenceSeconds'],
  'post-resolution': [format(waitKeys.survey('{}'), '$.invitation.surveyId'), 2 * 86_400],
};

/** The branches the journey docs (docs/journeys/) name, per journey: each must exist and be reachable. */
const NAMED_STATES: Record<string, string[]> = {
  onboarding: [
    'Welcome',
    'Wait for activation',
    'Status after activation wait',
    'Exited: after activation wait',
    'Activated?',
    'Tips',
    'Activation nudge',
    'Woken by activation?',
    'Wait before tip 2',
    'Exited: before tip 2',
    'Tip 2',
    'Wait before tip 3',
    'Exited: before tip 3',
    'Tip 3',
    'Onboarding complete',
  ],
  incident: [
    'Severity?',
    'Critical: SLA 1 hour',
    'Major: SLA 4 hours',
    'Minor: SLA 1 day',
    'SuppressMarketing',
    'Acknowledge',
    'Await update',
    'Update or resolution?',
    'Incident resolved',
    'Incident update',
    'No update message',
    'No news update',
    'Count updates',
    'LiftSuppression at limit',
    'Update limit reached',
  ],
  crisis: [
    'Broadcast alert: plan',
    'Broadcast alert',
    'Await change',
    'Change?',
    'Apply update',
    'Next round',
    'Round limit?',
    'Broadcast update',
    'Continue as new?',
    'Continue as new',
    'Continued as new',
    'Resume crisis',
    'Broadcast all-clear',
    'All clear sent',
    'Broadcast limit reached',
  ],
  'post-resolution': [
    'Cool-down',
    'Survey invitation',
    'Await answer',
    'Survey reminder',
    'Await answer again',
    'Close survey',
    'No answer',
    'Not asked',
    'Next best action',
    'Follow-up?',
    'Compensation offer',
    'Detractor offer',
    'Detractor cool-down',
    'Flag for follow-up',
    'Detractor followed up',
    'Passive thanked',
    'Promoter asked',
  ],
};

describe.each(Object.keys(NAMED_STATES))('%s journey', (name) => {
  it('is valid ASL (asl-validator: schema, paths, ARNs, transitions, terminal states)', () => {
    const result = validateAsl(journey(name));
    expect(result.errorsText('\n'), name).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('has every named branch, and every state is reachable from StartAt', () => {
    const definition = journey(name);
    const reached = reachable(definition);
    for (const named of NAMED_STATES[name]!) expect(reached.has(named), named).toBe(true);
    expect(Object.keys(definition.States).filter((s) => !reached.has(s))).toEqual([]);
  });

  it('uses JSONPath only (no JSONata) and short state names', () => {
    const definition = journey(name);
    expect(JSON.stringify(definition)).not.toContain('QueryLanguage');
    expect(JSON.stringify(definition)).not.toContain('{%');
    for (const [stateName] of statesOf(definition)) expect(stateName.length, stateName).toBeLessThanOrEqual(80);
  });

  it('invokes catalog functions only, with payloadResponseOnly except for task-token waits', () => {
    for (const [stateName, s] of nestedStates(journey(name)).filter(([, s]) => s.Type === 'Task')) {
      // The crisis journey's continue-as-new starts its own state machine (checked with the crisis below).
      if (name === 'crisis' && stateName === 'Continue as new') continue;
      const fn = taskFunction(s);
      expect(FUNCTION_NAMES as readonly string[], stateName).toContain(fn);
      if (fn === 'wait-for-event') expect(s.Resource, stateName).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      else expect(s.Resource, stateName).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:[a-z-]+$/);
    }
  });

  it('message steps: one deliver-message task (decide, send, fall back) with jittered retry and a catch that parks; deferrals wait and deliver again', () => {
    const definition = journey(name);
    const isPark = (s: State) => (s.Parameters as Record<string, unknown> | undefined)?.['park.$'] !== undefined;
    const deliveries = statesOf(definition).filter(([, s]) => taskFunction(s) === 'deliver-message' && !isPark(s));
    // Every journey but the crisis (which broadcasts) sends through message steps.
    expect(deliveries.length > 0).toBe(name !== 'crisis');
    // The two-task path (evaluate-message → send-message) is gone from the journeys: it cost 5 transitions a message.
    expect(statesOf(definition).filter(([, s]) => ['evaluate-message', 'send-message'].includes(taskFunction(s) ?? ''))).toEqual([]);
    for (const [stateName, s] of deliveries) {
      const message = (s.Parameters as { message: Record<string, unknown> }).message;
      expect(message.journey, stateName).toBe(name);
      expect(TEMPLATE_KEYS as readonly unknown[]).toContain(message.template);
      expect(TOPICS as readonly unknown[]).toContain(message.topic);
      expect(CATEGORIES as readonly unknown[]).toContain(message.category);
      expect(message['customerId.$']).toBe('$.customerId');
      // The label in kebab case, or an intrinsic that numbers a loop's iterations.
      expect(message.step ?? message['step.$'], stateName).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$|^States\.Format\('[a-z0-9-]+\{\}'/);
      expect((s.Parameters as Record<string, unknown>)['executionId.$']).toBe('$$.Execution.Id');
      // The survey invitation keeps its result apart: the survey id the later steps read (`$.invitation.surveyId`).
      expect(s.ResultPath).toBe(stateName.startsWith('Survey invitation') ? '$.invitation' : '$.delivery');
      expect(s.Retry).toEqual([
        { ErrorEquals: [...SEND_RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, JitterStrategy: 'FULL', MaxDelaySeconds: 60 },
      ]);
      // The signals first (deferred, held; exited only where the step carries the exit check, suppressed only where a
      // suppressed message ends the journey), then everything else → park.
      const catchers = s.Catch as { ErrorEquals: string[]; ResultPath: string; Next: string }[];
      expect(catchers[0]).toEqual({ ErrorEquals: [STEP_SIGNALS.messageDeferred], ResultPath: '$.deferral', Next: expect.any(String) });
      expect(catchers[1]).toEqual({ ErrorEquals: [STEP_SIGNALS.messageHeld], ResultPath: '$.deferral', Next: expect.any(String) });
      expect(catchers.at(-1)).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.sendError', Next: expect.any(String) });
      const flags = s.Parameters as Record<string, unknown>;
      expect(catchers.slice(2, -1)).toEqual([
        ...(flags.exitCheck === true ? [{ ErrorEquals: [STEP_SIGNALS.journeyExited], ResultPath: '$.exit', Next: expect.any(String) }] : []),
        ...(flags.endIfSuppressed === true ? [{ ErrorEquals: [STEP_SIGNALS.messageSuppressed], ResultPath: '$.delivery', Next: expect.any(String) }] : []),
      ]);
      // Caught → park (deliver-message in park mode, the same message) → not sent (Pass), which the park's Catch reaches too.
      const park = state(definition, catchers.at(-1)!.Next);
      expect(taskFunction(park), stateName).toBe('deliver-message');
      expect((park.Parameters as Record<string, unknown>)['park.$']).toBe('$.sendError');
      expect((park.Parameters as { message: unknown }).message).toEqual(message);
      expect(state(definition, park.Next as string).Type).toBe('Pass');
      expect(park.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.parkError', Next: park.Next }]);
      // Decided at once: straight on to the journey's next state, no state of the step after the task (one transition).
      expect(String(s.Next).startsWith(`${stateName}: `), stateName).toBe(false);
      // deferred → two Passes read the deferral out of the Cause → Wait until sendAt → deliver again
      const parse = state(definition, catchers[0]!.Next);
      const until = state(definition, parse.Next as string);
      const wait = state(definition, until.Next as string);
      expect([parse.Type, until.Type, wait.Type]).toEqual(['Pass', 'Pass', 'Wait']);
      expect(wait.TimestampPath, stateName).toBe('$.deferral.until.sendAt');
      expect(taskFunction(state(definition, wait.Next as string))).toBe('deliver-message');
    }
  });

  it('waits for events with a task token, a timeout and a timeout branch', () => {
    // Held messages park on wait-for-event too (`<step>: held`, test/workflows/deliver-step.test.ts).
    const waits = statesOf(journey(name)).filter(([stateName, s]) => taskFunction(s) === 'wait-for-event' && !stateName.endsWith(': held'));
    expect(waits.map(([stateName]) => stateName)).toEqual(WAITS[name]);
    for (const [stateName, s] of waits) {
      const payload = (s.Parameters as { Payload: Record<string, unknown> }).Payload;
      expect(payload['taskToken.$'], stateName).toBe('$$.Task.Token');
      // The key the router wakes it by (contracts/routes.ts) and how long it waits.
      expect([payload.waitKey ?? payload['waitKey.$'], s.TimeoutSeconds ?? s.TimeoutSecondsPath], stateName).toEqual(WAIT_KEYS_AND_TIMEOUTS[name]);
      expect(payload.timeoutSeconds ?? payload['timeoutSeconds.$'], stateName).toEqual(s.TimeoutSeconds ?? s.TimeoutSecondsPath);
      expect(s.ResultPath).toBe('$.signal');
      expect(s.Catch, stateName).toEqual([{ ErrorEquals: ['States.Timeout'], ResultPath: '$.signal', Next: expect.any(String) }]);
    }
  });
});

describe('journey specifics', () => {
  it('onboarding: woken by the activation → tips (their own exit check); other signals and the timeout → the status check, which exits or picks tips or the nudge; each tip checks for exit itself', () => {
    const d = journey('onboarding');
    const wait = state(d, 'Wait for activation');
    expect(wait.TimeoutSeconds).toBe(2 * 86400);
    expect((wait.Parameters as { Payload: Record<string, unknown> }).Payload.waitKey).toBe(waitKeys.activation());
    expect(wait.Next).toBe('Woken by activation?');
    expect((wait.Catch as { Next: string }[])[0]!.Next).toBe('Status after activation wait');
    expect(pathBetween(d, 'Woken by activation?', 'Tips')).toEqual(['Woken by activation?', 'Tips']);
    expect(state(d, 'Woken by activation?').Default).toBe('Status after activation wait');
    expect(pathBetween(d, 'Status after activation wait', 'Tips')).toEqual(['Status after activation wait', 'Activated?', 'Tips']);
    expect(pathBetween(d, 'Activated?', 'Activation nudge')).toEqual(['Activated?', 'Activation nudge']);
    expect(state(d, 'Wait before tip 2').Seconds).toBe(3 * 86400);
    expect(pathBetween(d, 'Wait before tip 2', 'Tip 2')).toEqual(['Wait before tip 2', 'Tip 2']);
    // Exits: the status task and the tips raise Journey.Exited; the exit records the status with its reason, then ends.
    const exitOf = (name: string) => (state(d, name).Catch as { ErrorEquals: string[]; Next: string }[]).find((c) => c.ErrorEquals.includes(STEP_SIGNALS.journeyExited))?.Next;
    expect(exitOf('Status after activation wait')).toBe('Exited: after activation wait: record');
    expect(exitOf('Tips')).toBe('Exited: after activation wait: record');
    expect(exitOf('Tip 2')).toBe('Exited: before tip 2: record');
    expect(exitOf('Activation nudge')).toBeUndefined();
    expect(taskFunction(state(d, 'Exited: before tip 2: record'))).toBe('customer-status');
    expect(state(d, 'Exited: before tip 2: record').Next).toBe('Exited: before tip 2');
    expect(state(d, 'Exited: after activation wait').Type).toBe('Succeed');
  });

  it('incident: marketing is suppressed for critical and major incidents only; SLA per severity; resolved lifts it; the loop is bounded', () => {
    const d = journey('incident');
    expect(pathBetween(d, 'Critical: SLA 1 hour', 'Acknowledge')).toEqual(['Critical: SLA 1 hour', 'SuppressMarketing', 'Acknowledge']);
    expect(pathBetween(d, 'Major: SLA 4 hours', 'Acknowledge')).toEqual(['Major: SLA 4 hours', 'SuppressMarketing', 'Acknowledge']);
    expect(pathBetween(d, 'Minor: SLA 1 day', 'Acknowledge')).toEqual(['Minor: SLA 1 day', 'Acknowledge']);
    expect((state(d, 'Critical: SLA 1 hour').Result as Record<string, unknown>).slaSeconds).toBe(3600);
    expect((state(d, 'Major: SLA 4 hours').Result as Record<string, unknown>).slaSeconds).toBe(4 * 3600);
    expect((state(d, 'Minor: SLA 1 day').Result as Record<string, unknown>).slaSeconds).toBe(24 * 3600);
    expect((state(d, 'Critical: SLA 1 hour').Result as Record<string, unknown>).urgency).toBe('critical');
    expect((state(d, 'Major: SLA 4 hours').Result as Record<string, unknown>).urgency).toBe('normal');
    const suppress = state(d, 'SuppressMarketing').Parameters as Record<string, unknown>;
    expect(suppress).toMatchObject({ action: 'add', kind: 'open_incident', 'ref.$': '$.event.data.incidentId', 'severity.$': '$.policy.severity' });

    const wait = state(d, 'Await update');
    expect(wait.TimeoutSecondsPath).toBe('$.policy.slaSeconds');
    const key = (wait.Parameters as { Payload: Record<string, unknown> }).Payload['waitKey.$'];
    expect(key).toBe(`States.Format('${waitKeys.incident('{}')}', $.event.data.incidentId)`);
    // One Choice after every wake-up, the SLA timeout included: resolution, bound, timeout, update with/without text.
    expect((wait.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals, c.Next])).toEqual([[['States.Timeout'], 'Update or resolution?']]);
    expect(wait.Next).toBe('Update or resolution?');
    const routes = state(d, 'Update or resolution?');
    expect((routes.Choices as { Next: string }[]).map((c) => c.Next)).toEqual(['Incident resolved', 'LiftSuppression at limit', 'No news update', 'Incident update', 'No update message']);
    expect(routes.Default).toBe('Count updates');
    expect(JSON.stringify((routes.Choices as unknown[])[1])).toContain('"NumericGreaterThanEquals":48');
    // The resolution lifts the suppression and ends the journey in one state.
    expect(taskFunction(state(d, 'Incident resolved'))).toBe('marketing-suppression');
    expect(state(d, 'Incident resolved').Parameters).toMatchObject({ action: 'lift', kind: 'open_incident', 'ref.$': '$.event.data.incidentId' });
    expect(state(d, 'Incident resolved').End).toBe(true);
    expect(pathBetween(d, 'No update message', 'Incident update')).toEqual(['No update message', 'Incident update']);
    expect(state(d, 'No update message').ResultPath).toBe('$.signal.event.data');
    const update = state(d, 'Incident update').Parameters as { message: { 'step.$': string; vars: Record<string, unknown> } };
    expect(update.message.vars['incidentMessage.$']).toBe('$.signal.event.data.message');
    // Journey states only: a message step's inner states (`<step>: …`) are the block's business.
    const journeyStates = (path: string[] | undefined) => path?.filter((n) => !n.includes(':'));
    expect(journeyStates(pathBetween(d, 'Incident update', 'Await update'))).toEqual(['Incident update', 'Count updates', 'Await update']);
    expect(journeyStates(pathBetween(d, 'No news update', 'Await update'))).toEqual(['No news update', 'Count updates', 'Await update']);
    // The policy starts the loop's count; the count and the message steps read it there.
    expect((state(d, 'Minor: SLA 1 day').Result as Record<string, unknown>).updates).toEqual({ count: 0 });
    expect(state(d, 'Count updates')).toMatchObject({ Parameters: { 'count.$': 'States.MathAdd($.policy.updates.count, 1)' }, ResultPath: '$.policy.updates' });
    expect(update.message['step.$']).toBe("States.Format('incident-update-{}', $.policy.updates.count)");
    const reminder = state(d, 'No news update');
    expect((reminder.Parameters as { message: { vars: Record<string, unknown> } }).message.vars.isReminder).toBe(true);
  });

  it('crisis: a global wait on crisis:<id> with the cadence as timeout; updated → update broadcast, resolved → all-clear', () => {
    const d = journey('crisis');
    // A replay (POST /crisis/replay) and a continuation are executions of their own; a crisis starts at 'Start crisis'.
    expect(d.StartAt).toBe('Replay?');
    expect(state(d, 'Replay?').Default).toBe('Start crisis');
    const wait = state(d, 'Await change');
    const payload = (wait.Parameters as { Payload: Record<string, unknown> }).Payload;
    expect(payload).not.toHaveProperty('customerId.$');
    expect(payload['waitKey.$']).toBe(`States.Format('${waitKeys.crisis('{}')}', $.crisisId)`);
    expect(wait.TimeoutSecondsPath).toBe('$.current.cadenceSeconds');
    expect((wait.Catch as { Next: string }[])[0]!.Next).toBe('Next round');
    expect(pathBetween(d, 'Change?', 'All clear sent')).toEqual([
      'Change?',
      'Apply resolution',
      'Broadcast all-clear: plan',
      'Broadcast all-clear',
      'Broadcast all-clear: any group failed?',
      'All clear sent',
    ]);
    expect(pathBetween(d, 'Change?', 'Broadcast update')?.filter((n) => !n.includes(':'))).toEqual(['Change?', 'Next round', 'Round limit?', 'Broadcast update']);
    expect(pathBetween(d, 'Apply update', 'Broadcast update')).toEqual(['Apply update', 'Next round', 'Round limit?', 'Broadcast update: plan', 'Broadcast update']);
    expect(pathBetween(d, 'Broadcast update', 'Await change')).toEqual(['Broadcast update', 'Broadcast update: any group failed?', 'Continue as new?', 'Await change']);
    // Every round carries the round at which this execution continues as new.
    const continueAt = Object.fromEntries(
      ['Start crisis', 'Resume crisis', 'Apply update', 'Next round', 'Apply resolution'].map((name) => {
        const parameters = state(d, name).Parameters as Record<string, unknown>;
        return [name, parameters.continueAt ?? parameters['continueAt.$']];
      }),
    );
    // Set at the start (round 0 + 50) and on resumption (the round continued from + 50), carried by every other round.
    expect(continueAt).toEqual({
      'Start crisis': 50,
      'Resume crisis': 'States.MathAdd($.continued.round, 50)',
      'Apply update': '$.current.continueAt',
      'Next round': '$.current.continueAt',
      'Apply resolution': '$.current.continueAt',
    });
  });

  it('crisis: each broadcast is a plan, then an inline Map running one cursor loop per shard group in parallel', () => {
    const d = journey('crisis');
    const kinds: unknown[] = [];
    for (const [name, kind] of [
      ['Broadcast alert', 'alert'],
      ['Broadcast update', 'update'],
      ['Broadcast all-clear', 'all-clear'],
      ['Replay failed recipients', '$.replay.kind'],
    ] as const) {
      const plan = state(d, `${name}: plan`);
      expect(taskFunction(plan), name).toBe('crisis-broadcast');
      expect(plan.Parameters, name).toMatchObject({ plan: true, 'crisisId.$': '$.crisisId', 'version.$': '$.current.version', 'round.$': '$.current.round' });
      expect(plan.ResultPath).toBe('$.broadcast');
      expect(plan.Next).toBe(name);
      const map = state(d, name);
      expect(map.Type).toBe('Map');
      expect(map.ItemsPath).toBe('$.broadcast.groups');
      expect(map.MaxConcurrency).toBe(16);
      // Each group answers only whether it failed, and the Map only whether any did: the state stays small whatever
      // the parallelism. A failing group does not fail the Map (which would stop the others, those waiting for quiet
      // hours included): the check after it routes to the broadcast's failure handler once every group is done.
      expect(map.ResultSelector).toEqual({ 'failed.$': 'States.ArrayContains($, true)' });
      expect(map.ResultPath).toBe('$.broadcastGroups');
      expect(map.Next).toBe(`${name}: any group failed?`);
      const check = state(d, `${name}: any group failed?`) as unknown as { Type: string; Choices: { Variable: string; BooleanEquals: boolean; Next: string }[]; Default: string };
      expect(check.Type).toBe('Choice');
      expect(check.Choices).toEqual([{ Variable: '$.broadcastGroups.failed', BooleanEquals: true, Next: (map.Catch as { Next: string }[])[0]!.Next }]);
      const selector = map.ItemSelector as Record<string, unknown>;
      expect(selector['shards.$']).toBe('$$.Map.Item.Value');
      expect(selector.kind ?? selector['kind.$'], name).toBe(kind);
      kinds.push(selector.kind ?? selector['kind.$']);
      // A failure of the plan or of any group goes to the same Catch.
      expect(plan.Catch, name).toEqual(map.Catch);

      // One group: the cursor loop, then a catch-up pass after quiet hours, then the group is done.
      const loop = iterationOf(map);
      expect(loop.StartAt).toBe(`${name}: begin`);
      const task = state(loop, `${name}: loop`);
      expect(taskFunction(task)).toBe('crisis-broadcast');
      expect(task.Parameters).toMatchObject({ 'shards.$': '$.shards', 'cursor.$': '$.broadcast.cursor', 'kind.$': '$.kind', failedOnly: name === 'Replay failed recipients' });
      expect((task.Retry as { ErrorEquals: string[] }[]).some((r) => r.ErrorEquals.includes('States.ALL')), name).toBe(true);
      expect((plan.Retry as { ErrorEquals: string[] }[]).some((r) => r.ErrorEquals.includes('States.ALL')), name).toBe(true);
      const more = state(loop, `${name}: more?`) as unknown as { Choices: { Next: string }[]; Default: string };
      expect(more.Choices.map((c) => c.Next)).toEqual([`${name}: loop`, `${name}: wait for quiet hours to end`]);
      expect(more.Default).toBe(`${name}: group done`);
      expect(state(loop, `${name}: group done`)).toMatchObject({ Type: 'Pass', Result: false, End: true });
      expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.groupError', Next: `${name}: group failed` }]);
      expect(state(loop, `${name}: group failed`)).toMatchObject({ Type: 'Pass', Result: true, End: true });
      expect(pathBetween(loop, `${name}: wait for quiet hours to end`, `${name}: loop`)).toEqual([`${name}: wait for quiet hours to end`, `${name}: catch-up pass`, `${name}: loop`]);
      expect([...reachable(loop)].sort()).toEqual(Object.keys(loop.States).sort());
    }
    expect(kinds).toEqual(['alert', 'update', 'all-clear', '$.replay.kind']);
    expect(pathBetween(d, 'Replay?', 'Replay done')).toEqual([
      'Replay?',
      'Start replay',
      'Replay failed recipients: plan',
      'Replay failed recipients',
      'Replay failed recipients: any group failed?',
      'Replay done',
    ]);
  });

  it('crisis: continues as new every 50 rounds — StartExecution of itself with a deterministic name, then ends', () => {
    const d = journey('crisis');
    expect(state(d, 'Start crisis').Parameters).toMatchObject({ round: 0, continueAt: 50 });
    expect((state(d, 'Resume crisis').Parameters as Record<string, unknown>)['continueAt.$']).toBe('States.MathAdd($.continued.round, 50)');
    const check = state(d, 'Continue as new?');
    expect(check.Choices).toEqual([{ Variable: '$.current.round', NumericGreaterThanEqualsPath: '$.current.continueAt', Next: 'Continue as new' }]);
    expect(check.Default).toBe('Await change');
    const task = state(d, 'Continue as new');
    expect(task.Resource).toBe('arn:aws:states:::states:startExecution');
    const parameters = task.Parameters as { Input: Record<string, unknown> } & Record<string, unknown>;
    // The alias `live` of this state machine, named from the execution's ARN (the same on a version or an alias).
    const part = (index: number) => `States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), ${index})`;
    expect(parameters['StateMachineArn.$']).toBe(`States.Format('arn:{}:states:{}:{}:stateMachine:{}:live', ${part(1)}, ${part(3)}, ${part(4)}, ${part(6)})`);
    expect(parameters['Name.$']).toBe("States.Format('crisis-{}-from-round-{}', $.crisisId, $.current.round)");
    expect(parameters.Input).toMatchObject({
      journey: 'crisis',
      'crisisId.$': '$.crisisId',
      continued: { 'version.$': '$.current.version', 'cadenceSeconds.$': '$.current.cadenceSeconds', 'round.$': '$.current.round' },
      'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
    });
    // The continuation already exists: not retried, this execution ends. Anything else: retried, then carry on here.
    expect((task.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[])[0]).toEqual({ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], MaxAttempts: 0 });
    expect((task.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['StepFunctions.ExecutionAlreadyExistsException'], 'Continued as new'],
      [['States.ALL'], 'Await change'],
    ]);
    expect(task.Next).toBe('Continued as new');
    expect(state(d, 'Continued as new').Type).toBe('Succeed');
    // A continuation resumes waiting for the next change; it never broadcasts the alert again.
    expect(pathBetween(d, 'Replay?', 'Await change', new Set(['Start crisis']))).toEqual(['Replay?', 'Resume crisis', 'Await change']);
    expect(pathBetween(d, 'Resume crisis', 'Broadcast alert')).toBeUndefined();
  });

  it('post-resolution: cool-down, survey, reminder, then the follow-up rule 8 chooses for the answer', () => {
    const d = journey('post-resolution');
    expect(d.StartAt).toBe('Cool-down');
    expect(state(d, 'Cool-down').Seconds).toBe(24 * 3600);
    for (const waitName of ['Await answer', 'Await answer again']) {
      const wait = state(d, waitName);
      expect(wait.TimeoutSeconds).toBe(2 * 86400);
      expect((wait.Parameters as { Payload: Record<string, unknown> }).Payload['waitKey.$']).toBe(`States.Format('${waitKeys.survey('{}')}', $.invitation.surveyId)`);
      expect(wait.Next).toBe('Next best action');
    }
    expect((state(d, 'Await answer').Catch as { Next: string }[])[0]!.Next).toBe('Survey reminder');
    expect((state(d, 'Await answer again').Catch as { Next: string }[])[0]!.Next).toBe('Close survey');
    expect(state(d, 'Close survey').Next).toBe('No answer');
    expect((state(d, 'Close survey').Catch as { Next: string }[])[0]!.Next).toBe('No answer');
    // Rule 8 decides the follow-up in the next-best-action task, from the signal in either shape; the Choice only
    // follows its answer. A signal without a score closes the survey.
    const nextBest = state(d, 'Next best action');
    expect(nextBest.Parameters).toMatchObject({ 'answer.$': '$.signal', 'incident.$': '$.event.data' });
    expect(nextBest.ResultPath).toBe('$.nextBest');
    expect(nextBest.Next).toBe('Follow-up?');
    expect((nextBest.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals, c.Next])).toEqual([[[STEP_SIGNALS.answerMissing], 'Close survey']]);
    expect(state(d, 'Flag for follow-up').Parameters).toMatchObject({ 'score.$': '$.nextBest.score' });
    // A suppressed invitation ends the journey through the step's Catch: no reminder of a survey never sent.
    const invitationCatch = state(d, 'Survey invitation').Catch as { ErrorEquals: string[]; Next: string }[];
    expect(invitationCatch.find((c) => c.ErrorEquals.includes(STEP_SIGNALS.messageSuppressed))?.Next).toBe('Not asked');
    expect(state(d, 'Not asked').Type).toBe('Succeed');
    expect(pathBetween(d, 'Survey invitation', 'Await answer')?.filter((n) => !n.includes(':'))).toEqual(['Survey invitation', 'Await answer']);
    const followUp = state(d, 'Follow-up?');
    expect(followUp.Choices).toEqual([
      { Variable: '$.nextBest.followUp', StringEquals: 'compensation_offer', Next: 'Compensation offer' },
      { Variable: '$.nextBest.followUp', StringEquals: 'help_offer', Next: 'Detractor offer' },
      { Variable: '$.nextBest.followUp', StringEquals: 'thanks', Next: 'Passive thanked' },
    ]);
    expect(followUp.Default).toBe('Promoter asked');
    expect((state(d, 'Compensation offer').Parameters as { message: Record<string, unknown> }).message).toMatchObject({
      template: 'compensation_offer',
      category: 'service',
      topic: 'service_updates',
      vars: { 'discountPercent.$': '$.nextBest.offer.discountPercent' },
    });
    for (const offer of ['Detractor offer', 'Compensation offer']) {
      expect(pathBetween(d, offer, 'Detractor followed up', new Set([`${offer}: not sent`]))?.filter((n) => !n.includes(':'))).toEqual([
        offer,
        'Detractor cool-down',
        'Flag for follow-up',
        'Detractor followed up',
      ]);
    }
    expect(state(d, 'Detractor cool-down').Parameters).toMatchObject({ action: 'add', kind: 'detractor_cooldown', days: 30 });
    // The invitation opens the survey in its own task (no `Open survey` state) and answers its id; the reminder,
    // the wait keys, the cool-down's ref and the follow-up flag all read it from there.
    expect(pathBetween(d, 'Cool-down', 'Await answer')?.filter((n) => !n.includes(':'))).toEqual(['Cool-down', 'Survey invitation', 'Await answer']);
    const invitation = state(d, 'Survey invitation');
    expect(invitation.Parameters).toMatchObject({ opensSurvey: true });
    expect((invitation.Parameters as { message: Record<string, unknown> }).message).toMatchObject({
      template: 'survey_invitation',
      category: 'service',
      topic: 'surveys',
      vars: { 'incidentId.$': '$.event.data.incidentId' },
    });
    expect((invitation.Parameters as { message: { vars: Record<string, unknown> } }).message.vars).not.toHaveProperty('surveyId.$');
    expect(state(d, 'Survey invitation: park').ResultPath).toBe('$.invitation');
    expect((state(d, 'Survey reminder').Parameters as { message: Record<string, unknown> }).message).toMatchObject({ vars: { 'surveyId.$': '$.invitation.surveyId' } });
    expect(state(d, 'Survey reminder').Parameters).not.toHaveProperty('opensSurvey');
    expect(state(d, 'Detractor cool-down').Parameters).toMatchObject({ 'ref.$': '$.invitation.surveyId' });
    expect(state(d, 'Flag for follow-up').Parameters).toMatchObject({ 'surveyId.$': '$.invitation.surveyId' });
    // The link's token is a secret: no state of the journey reads or carries a survey URL.
    expect(JSON.stringify(d)).not.toContain('surveyUrl');
    // The thank-you and the review ask end the journey themselves (no Succeed after them); their messages keep their steps.
    const promoter = state(d, 'Promoter asked');
    expect((promoter.Parameters as { message: Record<string, unknown> }).message).toMatchObject({ category: 'marketing', topic: 'product_news', template: 'promoter_ask', step: 'promoter-ask' });
    expect(promoter.End).toBe(true);
    const passive = state(d, 'Passive thanked');
    expect((passive.Parameters as { message: Record<string, unknown> }).message).toMatchObject({ template: 'passive_thanks', step: 'passive-thanks' });
    expect(passive.End).toBe(true);
  });
});
