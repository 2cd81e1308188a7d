import { ExecutionAlreadyExists, SendTaskSuccessCommand, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotencyTableInput } from '../../../functions/adapters/table-definition';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { handler as waitForEvent } from '../../../functions/handlers/wait-for-event';
import { handler as routeEvent, type RouteOutcome } from '../../../functions/handlers/route-event';
import { handler as customerStatus } from '../../../functions/handlers/customer-status';
import { STEP_SIGNALS, type CustomerStatusResult, type NextBestActionResult } from '../../../contracts/payloads';
import { handler as marketingSuppression } from '../../../functions/handlers/marketing-suppression';
import { handler as flagFollowUp } from '../../../functions/handlers/flag-follow-up';
import { handler as nextBestAction } from '../../../functions/handlers/next-best-action';
import { signal } from '../../../functions/services/signals';
import { surveyOf, withSurveyLink } from '../../../functions/services/survey-links';
import { routeId, ROUTES } from '../../../contracts/routes';
import { profile } from '../../support/adapter-fixtures';
import { invoke, startTaskHarness, type TaskHarness } from '../../support/task-harness';

let h: TaskHarness;
beforeAll(async () => {
  h = await startTaskHarness();
  await h.db.client.send(new CreateTableCommand(createIdempotencyTableInput()));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = h.db.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  for (const journey of ['ONBOARDING', 'INCIDENT', 'CRISIS', 'POST_RESOLUTION']) {
    process.env[`STATE_MACHINE_ARN_${journey}`] = `arn:aws:states:eu-central-1:123456789012:stateMachine:${journey.toLowerCase()}`;
  }
});
afterAll(() => h.close());
beforeEach(() => {
  h.sfn.reset();
  h.sfn.on(SendTaskSuccessCommand).resolves({});
  h.sfn.on(StartExecutionCommand).callsFake((input: { stateMachineArn: string; name: string }) => ({
    executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date('2026-11-23T10:00:00Z'),
  }));
});

const event = (type: string, id: string, customerId: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'test',
  customerId,
  data,
});
const park = (customerId: string | undefined, waitKey: string, taskToken: string) =>
  invoke(waitForEvent, 'wait-for-event', { taskToken, waitKey, timeoutSeconds: 3600, ...(customerId ? { customerId } : {}) });
const tokensWoken = () => h.sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken);
const route = (routeIdValue: string, ev: ReturnType<typeof event>) => invoke<RouteOutcome[]>(routeEvent, 'route-event', { routeId: routeIdValue, event: ev });
const routeOf = (action: string, eventType: string) => routeId(ROUTES.find((r) => r.action === action && r.eventType === eventType)!);

describe('waiting for events', () => {
  it('wakes every journey parked on the key, with the event as the task output', async () => {
    await park('w-1', 'incident:INC-1', 'token-a');
    await park('w-1', 'incident:INC-1', 'token-b');
    const result = await signal('w-1', 'incident:INC-1', 'evt-1', { event: { id: 'evt-1' } });
    expect(result).toEqual({ delivered: 2, pending: false });
    expect(tokensWoken().sort()).toEqual(['token-a', 'token-b']);
    expect(JSON.parse(h.sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toEqual({ event: { id: 'evt-1' } });
  });

  it('keeps a signal that came before the journey parked, and delivers it when it parks', async () => {
    expect(await signal('w-2', 'incident:INC-2', 'evt-2', { event: { id: 'evt-2', type: 'incident.resolved' } })).toEqual({ delivered: 0, pending: true });
    const parked = await park('w-2', 'incident:INC-2', 'token-late');
    expect(parked).toEqual({ parked: true, wokenAtOnce: true });
    expect(tokensWoken()).toEqual(['token-late']);
    // Delivered once: the next journey to park waits.
    expect(await park('w-2', 'incident:INC-2', 'token-next')).toEqual({ parked: true, wokenAtOnce: false });
  });

  it('delivers early signals in order, one per parking', async () => {
    await signal('w-3', 'incident:INC-3', 'u-1', { n: 1 });
    await signal('w-3', 'incident:INC-3', 'u-2', { n: 2 });
    await park('w-3', 'incident:INC-3', 't-1');
    await park('w-3', 'incident:INC-3', 't-2');
    const outputs = h.sfn.commandCalls(SendTaskSuccessCommand).map((call) => JSON.parse(call.args[0].input.output!));
    expect(outputs).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('treats a timed-out wait as stale and keeps the signal for a live one', async () => {
    await park('w-4', 'survey:s-4', 'timed-out');
    h.sfn.on(SendTaskSuccessCommand, { taskToken: 'timed-out' }).rejects(new TaskTimedOut({ message: 'timed out', $metadata: {} }));
    expect(await signal('w-4', 'survey:s-4', 'a-1', { answer: { score: 3 } })).toEqual({ delivered: 0, pending: true });
  });

  it('parks crisis waits under the global owner when no customer is given', async () => {
    await park(undefined, 'crisis:k-1', 'crisis-token');
    expect(await signal('_journeys', 'crisis:k-1', 'v2', { event: { type: 'crisis.updated' } })).toEqual({ delivered: 1, pending: false });
  });
});

describe('route-event', () => {
  it('starts the journey with an execution name derived from the event id, once', async () => {
    await h.deps.profiles.putProfile(profile('r-1'));
    const signup = event('customer.signed_up', 'evt-signup-1', 'r-1');
    const [outcome] = await route(routeOf('start', 'customer.signed_up'), signup);
    expect(outcome).toMatchObject({ action: 'start', journey: 'onboarding', execution: 'onboarding-evt-signup-1', duplicate: false });
    const input = h.sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(input.name).toBe('onboarding-evt-signup-1');
    expect(JSON.parse(input.input!)).toEqual({ journey: 'onboarding', customerId: 'r-1', event: { ...signup } });

    // EventBridge redelivers: idempotency answers without starting anything.
    await route(routeOf('start', 'customer.signed_up'), signup);
    expect(h.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('starts a journey with the ids and branch fields of the event, not text no journey reads', async () => {
    const resolved = event('incident.resolved', 'evt-res-1', 'r-5', { incidentId: 'INC-5', resolution: 'Ana Nováková at +421900123456 confirmed the fix' });
    await route(routeOf('start', 'incident.resolved'), resolved);
    const input = JSON.parse(h.sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!) as unknown;
    expect(input).toEqual({ journey: 'post-resolution', customerId: 'r-5', event: { ...resolved, data: { incidentId: 'INC-5' } } });
  });

  it('wakes a survey journey with the score, never the comment the customer typed', async () => {
    await park('r-6', 'survey:srv-6', 'survey-token');
    await route(routeOf('signal', 'survey.responded'), event('survey.responded', 'evt-srv-6', 'r-6', { surveyId: 'srv-6', score: 2, comment: 'My card 4111 was charged twice' }));
    const output = JSON.parse(h.sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!) as { event: { data: unknown } };
    expect(output.event.data).toEqual({ surveyId: 'srv-6', score: 2 });
  });

  it('reports an execution that already exists as a duplicate, not an error', async () => {
    h.sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const [outcome] = await route(routeOf('start', 'incident.opened'), event('incident.opened', 'evt-inc-dup', 'r-2', { incidentId: 'INC-9', severity: 'major', title: 'Slow' }));
    expect(outcome).toMatchObject({ duplicate: true, execution: 'incident-evt-inc-dup' });
  });

  it('marks the customer activated before waking the onboarding journey', async () => {
    await h.deps.profiles.putProfile(profile('r-3'));
    await park('r-3', 'activation', 'onboarding-token');
    const [outcome] = await route(routeOf('signal', 'customer.activated'), event('customer.activated', 'evt-act-1', 'r-3'));
    expect(outcome).toMatchObject({ action: 'signal', delivered: 1 });
    expect((await h.deps.profiles.getProfile('r-3'))?.lifecycle).toBe('active');
    expect(await invoke<CustomerStatusResult>(customerStatus, 'customer-status', { customerId: 'r-3' })).toMatchObject({ activated: true, exit: false });
  });

  it('applies an unsubscribe: one topic, or every marketing topic', async () => {
    await h.deps.profiles.putProfile(profile('r-4'));
    await route(routeOf('apply', 'customer.unsubscribed'), event('customer.unsubscribed', 'evt-unsub-1', 'r-4', { topic: 'offers' }));
    expect((await h.deps.profiles.getProfile('r-4'))?.consents.offers).toBe(false);
    expect((await h.deps.profiles.getProfile('r-4'))?.consents.onboarding_tips).toBe(true);
    await route(routeOf('apply', 'customer.unsubscribed'), event('customer.unsubscribed', 'evt-unsub-2', 'r-4'));
    const after = await h.deps.profiles.getProfile('r-4');
    expect(after?.consents).toMatchObject({ onboarding_tips: false, product_news: false, offers: false, surveys: true });
    expect(await invoke<CustomerStatusResult>(customerStatus, 'customer-status', { customerId: 'r-4' })).toMatchObject({ exit: true, exitReason: 'customer unsubscribed from onboarding tips' });
  });

  it('refuses a route that does not match the event type', async () => {
    await expect(route(routeOf('start', 'customer.signed_up'), event('customer.churned', 'evt-x', 'r-5'))).rejects.toThrow(/does not exist for customer.churned/);
  });
});

describe('other journey tasks', () => {
  it('builds the survey link at send time from the survey id, only for the survey of the same execution', async () => {
    const executionId = 'arn:exec:post-resolution-2';
    const { token, surveyId } = await surveyOf(executionId);
    expect(await withSurveyLink(executionId, { surveyId, incidentId: 'INC-2' })).toEqual({ surveyId, incidentId: 'INC-2', surveyUrl: `http://127.0.0.1:3000/surveys/${token}` });
    // No survey named: the variables as they were.
    expect(await withSurveyLink(executionId, { incidentId: 'INC-2' })).toEqual({ incidentId: 'INC-2' });
    // Another execution's survey id: refused, so a message never carries another survey's secret.
    const other = await surveyOf('arn:exec:post-resolution-3');
    await expect(withSurveyLink(executionId, { surveyId: other.surveyId })).rejects.toThrow(`survey ${other.surveyId} was not opened by this execution`);
    // A local restart (`<name>-r<N>`) resumes the original execution: it links the survey the original opened.
    expect(await withSurveyLink(`${executionId}-r2`, { surveyId })).toEqual({ surveyId, surveyUrl: `http://127.0.0.1:3000/surveys/${token}` });
  });

  it('adds and lifts an incident suppression idempotently', async () => {
    const add = { action: 'add', customerId: 'm-1', kind: 'open_incident', ref: 'INC-7', severity: 'critical' };
    await invoke(marketingSuppression, 'marketing-suppression', add);
    await invoke(marketingSuppression, 'marketing-suppression', add);
    const context = await h.deps.decisionContexts.loadDecisionContext('m-1');
    expect(context.suppressions).toHaveLength(1);
    expect(context.suppressions[0]).toMatchObject({ kind: 'open_incident', ref: 'INC-7', reason: 'open critical incident INC-7' });
    expect(await invoke(marketingSuppression, 'marketing-suppression', { action: 'lift', customerId: 'm-1', kind: 'open_incident', ref: 'INC-7' })).toEqual({ ok: true, changed: true });
    expect((await h.deps.decisionContexts.loadDecisionContext('m-1')).suppressions).toEqual([]);
  });

  it('chooses the follow-up from the answer wait\'s signal in either shape, answering the score; a signal without one raises Survey.NoScore', async () => {
    const choose = (answer: unknown, incident: Record<string, unknown> = {}) => invoke<NextBestActionResult>(nextBestAction, 'next-best-action', { answer, incident });
    expect(await choose({ answer: { score: 2 } }, { incidentId: 'INC-1', severity: 'critical' })).toEqual({ followUp: 'compensation_offer', score: 2, offer: { discountPercent: 20 } });
    expect(await choose({ event: { type: 'survey.responded', data: { surveyId: 'srv-1', score: 7 } } })).toEqual({ followUp: 'thanks', score: 7 });
    expect(await choose({ answer: { score: 10 } })).toEqual({ followUp: 'review_ask', score: 10 });
    await expect(choose({ event: { type: 'survey.responded', data: { surveyId: 'srv-1' } } })).rejects.toMatchObject({ name: STEP_SIGNALS.answerMissing });
    await expect(choose({ answer: { score: 11 } })).rejects.toMatchObject({ message: expect.stringContaining('answer.answer.score') });
  });

  it('flags a detractor for follow-up on the bus', async () => {
    h.eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await invoke(flagFollowUp, 'flag-follow-up', { customerId: 'f-1', reason: 'detractor (score 2)', score: 2, surveyId: 'srv-1' });
    const entry = h.eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ DetailType: 'support.follow_up_requested', EventBusName: 'journeys' });
    expect(JSON.parse(entry.Detail!)).toMatchObject({ customerId: 'f-1', score: 2, surveyId: 'srv-1' });
  });
});
