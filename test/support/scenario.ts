/**
 * Scenario tests: the real local runtime (synthesized state machines, the Lambda handlers, dynalite, the SES
 * emulator, the SNS outbox) driven through its HTTP API on a manual virtual clock.
 *
 * ```ts
 * const s = useScenario('2026-11-23T09:00:00Z');        // one runtime per test file (beforeAll / afterAll)
 * await s.putProfile(s.profile('c-1', { locale: 'cs' }));
 * await s.post(s.events.signedUp('c-1'));              // POST /events, then wait until the runtime is idle
 * await s.advance({ days: 2 });                        // virtual time: clock.advance + runtime.idle()
 * expect(await s.emailsTo(s.emailOf('c-1'))).toHaveLength(2);
 * ```
 *
 * Tests in one file share the runtime and its clock: give every test its own customer ids (and, for crises,
 * its own segment) and never move time backwards (`advanceTo` an instant in the past is a no-op).
 */
import { afterAll, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import type { Decision } from '../../functions/domain/model/message';
import type { ProfileInput } from '../../functions/domain/model/profile';
import type { Suppression } from '../../functions/domain/model/suppression';
import { customerPk } from '../../functions/adapters/keys';
import { dependencies } from '../../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../../local/engine';
import type { ExecutionStatus, HistoryEvent } from '../../local/engine';
import type { OutboxEntry, PushOutboxEntry, SmsOutboxEntry } from '../../local/outbox';
import type { StoredEmail } from '../../local/ses';
import { startTestRuntime, type ApiAnswer, type TestRuntime, type TestRuntimeOptions } from './runtime';

export type { Decision, StoredEmail, OutboxEntry };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A span of virtual time: milliseconds, or `{days, hours, minutes}`. */
export type Span = number | { days?: number; hours?: number; minutes?: number; seconds?: number };

export function ms(span: Span): number {
  if (typeof span === 'number') return span;
  return (span.days ?? 0) * DAY + (span.hours ?? 0) * HOUR + (span.minutes ?? 0) * MINUTE + (span.seconds ?? 0) * 1000;
}

export interface ExecutionSummary {
  journey: string;
  id: string;
  status: string;
  startedAt: string;
}

export interface Scenario {
  /** The running runtime (available inside tests, after beforeAll). */
  readonly runtime: TestRuntime;
  /** Virtual now. */
  now(): Date;
  /** Moves virtual time forward and waits until every delivery is done and every journey is at its next wait. */
  advance(span: Span): Promise<void>;
  /** Moves virtual time forward to an instant (no-op when it is not ahead). */
  advanceTo(instant: string | Date): Promise<void>;
  /**
   * Moves virtual time forward to the next `hhmm` local time in `timeZone` (now, when it is that time): a test
   * starts at a known time of day, whatever the tests before it did with the shared clock.
   */
  advanceToLocal(hhmm: string, timeZone: string): Promise<Date>;
  /** Calls the HTTP API. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;

  // ── Builders ─────────────────────────────────────────────────────────────────────────────────
  /** A valid profile with contact points derived from the id (`<id>@example.com`, a phone of its own). */
  profile(customerId: string, overrides?: Partial<ProfileInput>): ProfileInput & { customerId: string };
  emailOf(customerId: string): string;
  phoneOf(customerId: string): string;
  pushOf(customerId: string): string;
  readonly events: EventBuilders;

  // ── Acting ───────────────────────────────────────────────────────────────────────────────────
  /** PUT /profiles/{id}; throws unless 200. */
  putProfile(profile: ProfileInput & { customerId: string }): Promise<unknown>;
  /** POST /events (one event or several), then idle. Throws unless 202. */
  post(...events: ScenarioEvent[]): Promise<EventsAnswer>;
  /** PUT /crisis as on-call (declaration, or a change with If-Match), then idle. */
  putCrisis(body: unknown, ifMatch?: number): Promise<ApiAnswer>;
  /** DELETE /crisis as on-call, then idle. */
  resolveCrisis(body?: unknown): Promise<ApiAnswer>;
  /** POST an answer to a survey link (the URL from the invitation), then idle. */
  answerSurvey(surveyUrl: string, answer: unknown): Promise<ApiAnswer>;
  /** POSTs the one-click unsubscribe (RFC 8058) to a URL taken from an email, then idle. */
  oneClickUnsubscribe(url: string): Promise<ApiAnswer>;

  // ── Observing ────────────────────────────────────────────────────────────────────────────────
  /** GET /messages?customerId=: the customer's decisions, OLDEST first (the API answers newest first). */
  messagesOf(customerId: string): Promise<Decision[]>;
  /** The decision for one step of a journey (the latest record of that message). */
  decisionOf(customerId: string, step: string, journey?: string): Promise<Decision | undefined>;
  /** Emails in the SES emulator's inbox addressed to `address`, in the order they were sent. */
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** SMS in the outbox to `phone`, in the order they were sent. */
  smsTo(phone: string): SmsOutboxEntry[];
  /** Push notifications in the outbox to `endpoint`, in the order they were sent. */
  pushTo(endpoint: string): PushOutboxEntry[];
  /** GET /executions?customerId= (newest first). */
  executionsOf(customerId: string): Promise<ExecutionSummary[]>;
  /** Status of one execution, by ARN, straight from the engine. */
  statusOf(executionArn: string): Promise<ExecutionStatus>;
  /** Names of the states an execution entered, in order. */
  statesEntered(executionArn: string): Promise<string[]>;
  /** Outputs of the Lambda tasks an execution ran (parsed), in order. */
  taskOutputs(executionArn: string): Promise<unknown[]>;
  /** Every execution of every journey with the given status (e.g. FAILED: there should be none). */
  executionsWithStatus(status: ExecutionStatus): Promise<{ name: string; stateMachineArn: string; executionArn: string }[]>;
  /** The customer's active suppressions, read from the store the handlers use (in process). */
  suppressionsOf(customerId: string): Promise<Suppression[]>;
  /** Raw items of the customer's collection whose sort key starts with `prefix` (in process). */
  itemsOf(customerId: string, prefix: string): Promise<Record<string, unknown>[]>;
  /** Nothing went wrong in the runtime: no FAILED execution, no dead letter. */
  assertHealthy(): Promise<void>;
}

export interface EventsAnswer {
  accepted: { id: string; journey: string | null; execution: string | null }[];
  duplicates: string[];
  failed: { id: string; code: string; message: string }[];
}

export interface ScenarioEvent {
  id: string;
  type: string;
  occurredAt: string;
  source: string;
  customerId: string;
  data: Record<string, unknown>;
}

export interface EventBuilders {
  signedUp(customerId: string, id?: string): ScenarioEvent;
  activated(customerId: string): ScenarioEvent;
  churned(customerId: string): ScenarioEvent;
  unsubscribed(customerId: string, data?: { topic?: string; channel?: string }): ScenarioEvent;
  incidentOpened(customerId: string, data: { incidentId: string; severity: 'critical' | 'major' | 'minor'; title: string }): ScenarioEvent;
  incidentUpdated(customerId: string, data: { incidentId: string; message?: string; severity?: string; title?: string }): ScenarioEvent;
  incidentResolved(customerId: string, data: { incidentId: string; severity?: string; resolution?: string }): ScenarioEvent;
  surveyResponded(customerId: string, data: { surveyId: string; score: number; comment?: string }): ScenarioEvent;
}

/**
 * Starts one runtime for the calling test file (beforeAll, stopped in afterAll) on a manual clock at `start`.
 * In memory: nothing outlives the file. `policy`: the deployment's policy override, as `journeys:policy` gives it.
 */
export function useScenario(start: string, options: Pick<TestRuntimeOptions, 'policy'> = {}): Scenario {
  let rt: TestRuntime | undefined;
  let seq = 0;

  beforeAll(async () => {
    rt = await startTestRuntime({ ...options, dataDir: null, clock: VirtualClock.manual(start) });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const runtime = (): TestRuntime => {
    if (!rt) throw new Error('the scenario runtime is not running (use the scenario inside tests)');
    return rt;
  };
  const now = () => runtime().clock.date();
  const idle = () => runtime().idle();
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => runtime().api(method, path, body, headers);
  const oncall = () => ({ authorization: `Bearer ${runtime().oncallToken}` });

  const event = (type: string, customerId: string, data: Record<string, unknown> = {}, id?: string): ScenarioEvent => ({
    id: id ?? `${type.replace('.', '-')}-${customerId}-${++seq}`,
    type,
    occurredAt: now().toISOString(),
    source: 'scenario-tests',
    customerId,
    data,
  });

  const scenario: Scenario = {
    get runtime() {
      return runtime();
    },
    now,
    async advance(span) {
      await runtime().clock.advance(ms(span));
      await idle();
    },
    async advanceTo(instant) {
      await runtime().clock.advanceTo(new Date(instant));
      await idle();
    },
    async advanceToLocal(hhmm, timeZone) {
      const at = nextLocal(hhmm, timeZone, now());
      await scenario.advanceTo(at);
      return at;
    },
    api,

    profile(customerId, overrides = {}) {
      return {
        customerId,
        email: scenario.emailOf(customerId),
        phone: scenario.phoneOf(customerId),
        pushEndpoint: null,
        locale: 'sk',
        timeZone: 'Europe/Bratislava',
        segment: { region: 'eu-central', plan: 'pro' },
        consents: { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true },
        channelPreferences: ['email', 'push', 'sms'],
        lifecycle: 'new',
        ...overrides,
      };
    },
    emailOf: (customerId) => `${customerId.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}@example.com`,
    phoneOf: (customerId) => `+4219${digitsOf(customerId, 8)}`,
    pushOf: (customerId) => `arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/${customerId.replace(/[^A-Za-z0-9-]/g, '-')}`,
    events: {
      signedUp: (customerId, id) => event('customer.signed_up', customerId, {}, id),
      activated: (customerId) => event('customer.activated', customerId),
      churned: (customerId) => event('customer.churned', customerId),
      unsubscribed: (customerId, data = {}) => event('customer.unsubscribed', customerId, data),
      incidentOpened: (customerId, data) => event('incident.opened', customerId, data),
      incidentUpdated: (customerId, data) => event('incident.updated', customerId, data),
      incidentResolved: (customerId, data) => event('incident.resolved', customerId, data),
      surveyResponded: (customerId, data) => event('survey.responded', customerId, data),
    },

    async putProfile(profile) {
      const answer = await api('PUT', `/profiles/${encodeURIComponent(profile.customerId)}`, profile);
      if (answer.status !== 200) throw new Error(`PUT /profiles/${profile.customerId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async post(...events) {
      const answer = await api('POST', '/events', events.length === 1 ? events[0] : { events });
      if (answer.status !== 202) throw new Error(`POST /events answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await idle();
      return answer.body as EventsAnswer;
    },
    async putCrisis(body, ifMatch) {
      const answer = await api('PUT', '/crisis', body, { ...oncall(), ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) });
      await idle();
      return answer;
    },
    async resolveCrisis(body = {}) {
      const answer = await api('DELETE', '/crisis', body, oncall());
      await idle();
      return answer;
    },
    async answerSurvey(surveyUrl, answer) {
      const response = await api('POST', new URL(surveyUrl).pathname, answer);
      await idle();
      return response;
    },
    async oneClickUnsubscribe(url) {
      const { pathname, search } = new URL(url);
      const response = await api('POST', `${pathname}${search}`, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
      await idle();
      return response;
    },

    async messagesOf(customerId) {
      const answer = await api('GET', `/messages?customerId=${encodeURIComponent(customerId)}&limit=100`);
      if (answer.status !== 200) throw new Error(`GET /messages answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return [...(answer.body as { messages: Decision[] }).messages].reverse();
    },
    async decisionOf(customerId, step, journey) {
      const messages = await scenario.messagesOf(customerId);
      return messages.filter((m) => m.step === step && (journey === undefined || m.journey === journey)).at(-1);
    },
    async emailsTo(address) {
      return (await runtime().inbox.emails()).filter((email) => email.destination.to.includes(address));
    },
    smsTo: (phone) => runtime().outbox.list({ to: [phone], channel: 'sms' }).reverse() as SmsOutboxEntry[],
    pushTo: (endpoint) => runtime().outbox.list({ to: [endpoint], channel: 'push' }).reverse() as PushOutboxEntry[],
    async executionsOf(customerId) {
      const answer = await api('GET', `/executions?customerId=${encodeURIComponent(customerId)}`);
      if (answer.status !== 200) throw new Error(`GET /executions answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return (answer.body as { executions: ExecutionSummary[] }).executions;
    },
    async statusOf(executionArn) {
      return (await runtime().engine.describeExecution(executionArn)).status;
    },
    async statesEntered(executionArn) {
      return (await history(executionArn)).flatMap((e) => (e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));
    },
    async taskOutputs(executionArn) {
      return (await history(executionArn)).flatMap((e) => {
        const output = e.lambdaFunctionSucceededEventDetails?.output ?? e.taskSucceededEventDetails?.output;
        return output === undefined ? [] : [unwrap(JSON.parse(output))];
      });
    },
    async executionsWithStatus(status) {
      const engine = runtime().engine;
      const found: { name: string; stateMachineArn: string; executionArn: string }[] = [];
      for (const { stateMachineArn } of (await engine.listStateMachines()).stateMachines) {
        let nextToken: string | undefined;
        do {
          const page = await engine.listExecutions({ stateMachineArn, statusFilter: status, ...(nextToken ? { nextToken } : {}) });
          found.push(...page.executions.map((e) => ({ name: e.name, stateMachineArn, executionArn: e.executionArn })));
          nextToken = page.nextToken;
        } while (nextToken);
      }
      return found;
    },
    async suppressionsOf(customerId) {
      return (await dependencies().decisionContexts.loadDecisionContext(customerId)).suppressions;
    },
    async itemsOf(customerId, prefix) {
      const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
      const deps = dependencies();
      const result = await deps.doc.send(
        new QueryCommand({
          TableName: process.env.TABLE_NAME ?? 'journeys',
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': prefix },
          ConsistentRead: true,
        }),
      );
      return (result.Items ?? []) as Record<string, unknown>[];
    },
    async assertHealthy() {
      const failed = await scenario.executionsWithStatus('FAILED');
      const details = await Promise.all(failed.map(async (f) => ({ ...f, ...(await runtime().engine.describeExecution(f.executionArn)) })));
      if (failed.length > 0) throw new Error(`FAILED executions: ${JSON.stringify(details.map((d) => ({ name: d.name, error: d.error, cause: d.cause })))}`);
      const dead = runtime().deadLetters.list();
      if (dead.length > 0) throw new Error(`dead letters: ${JSON.stringify(dead)}`);
    },
  };

  async function history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime().engine.getExecutionHistory(executionArn, { maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  return scenario;
}

/** A Lambda task's output: the payload itself, or the `lambda:invoke` envelope around it. */
function unwrap(output: unknown): unknown {
  if (output && typeof output === 'object' && 'Payload' in output && 'StatusCode' in output) return (output as { Payload: unknown }).Payload;
  return output;
}

/** Stable digits derived from an id, so each customer has a phone number of its own. */
function digitsOf(id: string, count: number): string {
  const hex = createHash('sha256').update(id).digest('hex');
  return BigInt(`0x${hex.slice(0, 15)}`).toString().padStart(count, '0').slice(-count);
}

/** Links in a text (an email's text body): the first one containing `fragment`. */
export function linkIn(text: string | undefined, fragment: string): string | undefined {
  return (text ?? '').match(/https?:\/\/[^\s<>"')\]]+/g)?.find((url) => url.includes(fragment));
}

/** The URL of an email's `List-Unsubscribe` header (`<url>`), if any. */
export function listUnsubscribeOf(email: StoredEmail): string | undefined {
  const header = email.headers?.find((h) => h.name.toLowerCase() === 'list-unsubscribe')?.value;
  return header?.match(/<([^>]+)>/)?.[1];
}

/**
 * The first instant at or after `from` (minute precision) when the local time in `timeZone` is `hhmm`:
 * e.g. the next 23:00 in Bratislava, to put a customer in their quiet hours.
 */
export function nextLocal(hhmm: string, timeZone: string, from: Date): Date {
  let at = Math.ceil(from.getTime() / MINUTE) * MINUTE;
  for (let step = 0; step < 3 * 24 * 60; step++, at += MINUTE) {
    if (localTime(new Date(at), timeZone) === hhmm) return new Date(at);
  }
  throw new Error(`${hhmm} never happens in ${timeZone} within 3 days of ${from.toISOString()}`);
}

/** Local wall-clock time of an instant in a time zone, `HH:MM`. */
export function localTime(instant: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}
