/**
 * The four journeys as synthesized (cdk.out's definitions, resolved like the local runtime does): valid ASL,
 * every branch of the design present as a named state and reachable, message steps with their retry and catch,
 * event waits as task-token waits with a timeout, and payloads that match the handlers' contracts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, TOPICS } from '../../functions/domain/model/primitives';
import { TEMPLATE_KEYS } from '../../functions/domain/model/message';
import { FUNCTION_NAMES } from '../../functions/handlers/catalog';
import { journeyDefinitions, type AslDefinition } from '../../infra/definitions';
import { SEND_RETRYABLE_ERRORS } from '../../workflows/blocks/payloads';
import { waitKeys } from '../../workflows/routes';
import { synthesize } from '../infra/support';
import { pathBetween, reachable, statesOf, taskFunction, validateAsl, type State } from './asl';

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

/** The branches DESIGN and the journey specs name, per journey: each must exist and be reachable. */
const NAMED_STATES: Record<string, string[]> = {
  onboarding: [
    'Welcome',
    'Wait for activation',
    'Status after activation wait',
    'Exited: after activation wait',
    'Activated?',
    'Tips',
    'Activation nudge',
    'Wait before tip 2',
    'Status before tip 2',
    'Exited: before tip 2',
    'Tip 2',
    'Wait before tip 3',
    'Status before tip 3',
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
    'LiftSuppression',
    'Incident resolved',
    'Incident update',
    'No news update',
    'Count updates',
    'Update limit?',
    'LiftSuppression at limit',
    'Update limit reached',
  ],
  crisis: ['Broadcast alert', 'Await change', 'Change?', 'Apply update', 'Next round', 'Round limit?', 'Broadcast update', 'Broadcast all-clear', 'All clear sent', 'Broadcast limit reached'],
  'post-resolution': [
    'Cool-down',
    'Open survey',
    'Survey invitation',
    'Await answer',
    'Survey reminder',
    'Await answer again',
    'No answer',
    'Answer shape?',
    'Answer from survey link',
    'Answer from event',
    'Score?',
    'Detractor offer',
    'Detractor cool-down',
    'Flag for follow-up',
    'Detractor followed up',
    'Passive thanks',
    'Passive thanked',
    'Promoter ask',
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
    for (const [stateName, s] of statesOf(journey(name)).filter(([, s]) => s.Type === 'Task')) {
      const fn = taskFunction(s);
      expect(FUNCTION_NAMES as readonly string[], stateName).toContain(fn);
      if (fn === 'wait-for-event') expect(s.Resource, stateName).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      else expect(s.Resource, stateName).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:[a-z-]+$/);
    }
  });

  it('message steps: one deliver-message task (decide, send, fall back) with jittered retry and a catch; deferrals wait and deliver again', () => {
    const definition = journey(name);
    const deliveries = statesOf(definition).filter(([, s]) => taskFunction(s) === 'deliver-message');
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
      expect(message.step ?? message['step.$'], stateName).toBeTruthy();
      expect((s.Parameters as Record<string, unknown>)['executionId.$']).toBe('$$.Execution.Id');
      expect(s.ResultPath).toBe('$.delivery');
      expect(s.Retry).toEqual([
        { ErrorEquals: [...SEND_RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, JitterStrategy: 'FULL', MaxDelaySeconds: 60 },
      ]);
      expect(s.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.sendError', Next: expect.any(String) }]);
      expect(state(definition, (s.Catch as { Next: string }[])[0]!.Next).Type).toBe('Pass');
      // deferred → Wait until sendAt → deliver again
      const deferred = state(definition, s.Next as string);
      expect(deferred.Type).toBe('Choice');
      const wait = (deferred.Choices as { Next: string }[]).map((c) => state(definition, c.Next)).find((n) => n.Type === 'Wait');
      expect(wait?.TimestampPath, stateName).toBe('$.delivery.sendAt');
    }
  });

  it('waits for events with a task token, a timeout and a timeout branch', () => {
    const waits = statesOf(journey(name)).filter(([, s]) => taskFunction(s) === 'wait-for-event');
    expect(waits.length).toBeGreaterThan(0);
    for (const [stateName, s] of waits) {
      const payload = (s.Parameters as { Payload: Record<string, unknown> }).Payload;
      expect(payload['taskToken.$'], stateName).toBe('$$.Task.Token');
      expect(payload.waitKey ?? payload['waitKey.$'], stateName).toBeTruthy();
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, stateName).toBeDefined();
      expect(payload.timeoutSeconds ?? payload['timeoutSeconds.$'], stateName).toEqual(s.TimeoutSeconds ?? s.TimeoutSecondsPath);
      expect(s.ResultPath).toBe('$.signal');
      expect(s.Catch, stateName).toEqual([{ ErrorEquals: ['States.Timeout'], ResultPath: '$.signal', Next: expect.any(String) }]);
    }
  });
});

describe('journey specifics', () => {
  it('onboarding: the activation wait (2 days) is followed by an exit check on signal and on timeout; activation picks tips or the nudge', () => {
    const d = journey('onboarding');
    const wait = state(d, 'Wait for activation');
    expect(wait.TimeoutSeconds).toBe(2 * 86400);
    expect((wait.Parameters as { Payload: Record<string, unknown> }).Payload.waitKey).toBe(waitKeys.activation());
    expect(wait.Next).toBe('Status after activation wait');
    expect((wait.Catch as { Next: string }[])[0]!.Next).toBe('Status after activation wait');
    expect(pathBetween(d, 'Activated?', 'Tips')).toEqual(['Activated?', 'Tips']);
    expect(pathBetween(d, 'Activated?', 'Activation nudge')).toEqual(['Activated?', 'Activation nudge']);
    expect(state(d, 'Wait before tip 2').Seconds).toBe(3 * 86400);
    expect(pathBetween(d, 'Wait before tip 2', 'Tip 2')).toEqual(['Wait before tip 2', 'Status before tip 2', 'Status before tip 2: exit?', 'Tip 2']);
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
    expect((wait.Catch as { Next: string }[])[0]!.Next).toBe('No news update');
    expect(pathBetween(d, 'Update or resolution?', 'Incident resolved')).toEqual(['Update or resolution?', 'LiftSuppression', 'Incident resolved']);
    expect(pathBetween(d, 'Update or resolution?', 'Incident update')).toBeDefined();
    expect(pathBetween(d, 'Incident update', 'Await update')).toBeDefined();
    expect(pathBetween(d, 'No news update', 'Await update')).toBeDefined();
    expect(JSON.stringify(state(d, 'Update limit?').Choices)).toContain('"NumericGreaterThanEquals":48');
    expect(state(d, 'Update limit?').Default).toBe('Await update');
    const reminder = state(d, 'No news update');
    expect((reminder.Parameters as { message: { vars: Record<string, unknown> } }).message.vars.isReminder).toBe(true);
  });

  it('crisis: a global wait on crisis:<id> with the cadence as timeout; updated → update broadcast, resolved → all-clear', () => {
    const d = journey('crisis');
    // A replay (POST /crisis/replay) is an execution of its own; a crisis starts at 'Start crisis'.
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
      'Broadcast all-clear: begin',
      'Broadcast all-clear',
      'Broadcast all-clear: more?',
      'All clear sent',
    ]);
    expect(pathBetween(d, 'Change?', 'Broadcast update')).toBeDefined();
    expect(pathBetween(d, 'Apply update', 'Broadcast update')).toEqual(['Apply update', 'Next round', 'Round limit?', 'Broadcast update: begin', 'Broadcast update']);
    expect(pathBetween(d, 'Broadcast update', 'Await change')).toEqual(['Broadcast update', 'Broadcast update: more?', 'Await change']);
    // Each broadcast loops on its cursor until done, then catches up with recipients held by quiet hours.
    for (const name of ['Broadcast alert', 'Broadcast update', 'Broadcast all-clear']) {
      const more = state(d, `${name}: more?`) as unknown as { Choices: { Next: string }[] };
      expect(more.Choices.map((c) => c.Next)).toEqual([name, `${name}: wait for quiet hours to end`]);
      expect((state(d, name).Parameters as Record<string, unknown>)['cursor.$']).toBe('$.broadcast.cursor');
      expect(pathBetween(d, `${name}: wait for quiet hours to end`, name)).toEqual([`${name}: wait for quiet hours to end`, `${name}: catch-up pass`, name]);
    }
    const broadcasts = statesOf(d).filter(([, s]) => taskFunction(s) === 'crisis-broadcast');
    const kinds = broadcasts.map(([, s]) => (s.Parameters as Record<string, unknown>).kind ?? (s.Parameters as Record<string, unknown>)['kind.$']).sort();
    expect(kinds).toEqual(['$.replay.kind', 'alert', 'all-clear', 'update']);
    // Every broadcast retries from its cursor before its Catch; only the replay walks the failures alone.
    for (const [name, s] of broadcasts) {
      expect((s.Retry as { ErrorEquals: string[] }[]).some((r) => r.ErrorEquals.includes('States.ALL')), name).toBe(true);
      expect((s.Parameters as Record<string, unknown>).failedOnly).toBe(name === 'Replay failed recipients');
    }
    expect(pathBetween(d, 'Replay?', 'Replay done')).toEqual([
      'Replay?',
      'Start replay',
      'Replay failed recipients: begin',
      'Replay failed recipients',
      'Replay failed recipients: more?',
      'Replay done',
    ]);
  });

  it('post-resolution: cool-down, survey, reminder, then the answer by score group', () => {
    const d = journey('post-resolution');
    expect(d.StartAt).toBe('Cool-down');
    expect(state(d, 'Cool-down').Seconds).toBe(24 * 3600);
    for (const waitName of ['Await answer', 'Await answer again']) {
      const wait = state(d, waitName);
      expect(wait.TimeoutSeconds).toBe(2 * 86400);
      expect((wait.Parameters as { Payload: Record<string, unknown> }).Payload['waitKey.$']).toBe(`States.Format('${waitKeys.survey('{}')}', $.survey.surveyId)`);
      expect(wait.Next).toBe('Answer shape?');
    }
    expect((state(d, 'Await answer').Catch as { Next: string }[])[0]!.Next).toBe('Survey reminder');
    expect((state(d, 'Await answer again').Catch as { Next: string }[])[0]!.Next).toBe('No answer');
    expect(state(d, 'Answer from survey link').Parameters).toEqual({ 'score.$': '$.signal.answer.score' });
    expect(state(d, 'Answer from event').Parameters).toEqual({ 'score.$': '$.signal.event.data.score' });
    const score = state(d, 'Score?');
    expect(score.Choices).toEqual([
      { Variable: '$.answer.score', NumericLessThanEquals: 6, Next: 'Detractor offer' },
      { Variable: '$.answer.score', NumericLessThanEquals: 8, Next: 'Passive thanks' },
    ]);
    expect(score.Default).toBe('Promoter ask');
    expect(pathBetween(d, 'Detractor offer', 'Detractor followed up', new Set(['Detractor offer: not sent']))?.filter((n) => !n.includes(':'))).toEqual([
      'Detractor offer',
      'Detractor cool-down',
      'Flag for follow-up',
      'Detractor followed up',
    ]);
    expect(state(d, 'Detractor cool-down').Parameters).toMatchObject({ action: 'add', kind: 'detractor_cooldown', days: 30 });
    const invitation = state(d, 'Survey invitation');
    expect((invitation.Parameters as { message: Record<string, unknown> }).message).toMatchObject({
      template: 'survey_invitation',
      category: 'service',
      topic: 'surveys',
      vars: { 'surveyUrl.$': '$.survey.surveyUrl' },
    });
    const promoter = state(d, 'Promoter ask');
    expect((promoter.Parameters as { message: Record<string, unknown> }).message).toMatchObject({ category: 'marketing', topic: 'product_news', template: 'promoter_ask' });
  });
});
