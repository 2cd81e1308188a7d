/**
 * The reliability suite's shared parts: one real local runtime for the suite (temporary data directory, manual
 * clock), customers with contact points of their own, and the count every scenario ends with — what the
 * recipients actually got (SES inbox, SNS outbox) against what the journeys decided (the ledger, GET /messages)
 * and what was parked (GET /dlq):
 * - sent: expected messages whose send claim (SEND#<messageId>, the exactly-once record) is completed;
 * - duplicated: provider deliveries beyond one per completed send claim, counted per message (must be 0);
 * - parked: expected messages in the dead-letter queue — the message itself (its send failed past the step's Retry),
 *   or the customer's event (its route delivery failed);
 * - lost: expected messages with no send, no recorded reason (a failed/suppressed decision in the ledger) and no
 *   dead letter (must be 0); also a completed send the provider never got (per message: a duplicate of one message
 *   never hides the loss of another).
 * Rows are collected per scenario and printed as one table when the suite ends.
 */
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SK, customerPk } from '../../functions/adapters/keys';
import type { Decision } from '../../functions/domain/model/message';
import { dependencies } from '../../functions/handlers/runtime/dependencies';
import type { ProfileInput } from '../../functions/domain/model/profile';
import type { DeadLetter } from '../../local/dead-letters';
import type { ListedDeadLetter } from '../../local/http/local-api';
import { VirtualClock } from '../../local/engine';
import { EXAMPLE_PROFILE } from '../support/builders';
import { START, startTestRuntime, tempDataDir, type TestRuntime } from '../support/runtime';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** The suite's one runtime; the restart scenario replaces it with its restart. */
export interface Suite {
  readonly runtime: TestRuntime;
  replace(next: TestRuntime): void;
}

export async function startSuiteRuntime(): Promise<TestRuntime> {
  // A data directory, so a restart finds what the previous runtime journaled; deliveries retried fast in real time.
  return startTestRuntime({ dataDir: tempDataDir(), clock: VirtualClock.manual(START), deliveryRetry: { attempts: 3, baseDelayMs: 5 } });
}

export interface Customer {
  customerId: string;
  email: string;
  phone: string;
}

/** A customer with an email address and a phone number of its own; channels in `preferences` order. */
export function customer(customerId: string): Customer {
  const digits = BigInt(`0x${createHash('sha256').update(customerId).digest('hex').slice(0, 15)}`).toString().padStart(8, '0').slice(-8);
  return { customerId, email: `${customerId}@example.com`, phone: `+4219${digits}` };
}

export function profileOf(c: Customer, overrides: Partial<ProfileInput> = {}): ProfileInput & { customerId: string } {
  return { ...EXAMPLE_PROFILE, customerId: c.customerId, email: c.email, phone: c.phone, ...overrides } as ProfileInput & { customerId: string };
}

export function signedUp(c: Customer, id = `evt-${c.customerId}-signup`) {
  return { id, type: 'customer.signed_up', occurredAt: START, source: 'reliability', customerId: c.customerId, data: {} };
}

/** PUT /profiles for each customer; throws unless 200. */
export async function putProfiles(rt: TestRuntime, customers: readonly Customer[], overrides: Partial<ProfileInput> = {}): Promise<void> {
  for (const c of customers) {
    const answer = await rt.api('PUT', `/profiles/${c.customerId}`, profileOf(c, overrides));
    if (answer.status !== 200) throw new Error(`PUT /profiles/${c.customerId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** Moves virtual time on (the journeys' Retry backoffs and Waits) and waits until the runtime rests. */
export async function advance(rt: TestRuntime, ms: number): Promise<void> {
  await rt.clock.advance(ms);
  await rt.idle();
}

export interface Count {
  sent: number;
  duplicated: number;
  lost: number;
  /** Expected messages not sent, for a reason the ledger records (a failed or suppressed decision). */
  reasoned: number;
  /** Expected messages parked in the dead-letter queue: the message itself, or the customer's event. */
  parked: number;
}

/** Counts the expected messages — `steps` of each customer's journey — from the inbox, the outbox, the ledger and the DLQ. */
export async function count(rt: TestRuntime, customers: readonly Customer[], steps: readonly string[]): Promise<Count> {
  const result: Count = { sent: 0, duplicated: 0, lost: 0, reasoned: 0, parked: 0 };
  const emails = await rt.inbox.emails();
  const deadLetters = await deadLettersOf(rt);
  const parkedMessages = new Set(deadLetters.flatMap((letter) => (letter.kind === 'message' ? [letter.messageId] : [])));
  const routeLetters = deadLetters.filter((letter) => letter.kind === 'route');
  for (const c of customers) {
    const delivered = [
      ...emails.filter((email) => email.destination.to.includes(c.email)).map((email) => email.messageId),
      ...rt.outbox.list({ to: [c.phone] }).map((entry) => entry.messageId),
    ];
    const ledger = await ledgerOf(rt, c.customerId);
    const sends = await completedSendsOf(c.customerId);
    const tally = deliveryTally(sends, delivered);
    result.duplicated += tally.duplicated;
    result.lost += tally.lost;
    for (const step of steps) {
      const decision = ledger.filter((entry) => entry.step === step).at(-1);
      if (decision && sends.has(decision.messageId)) result.sent++;
      // Before the reason: a parked message has one too (failed, parked for replay), but it is still to be sent.
      else if (decision && parkedMessages.has(decision.messageId)) result.parked++;
      else if (decision && (decision.outcome === 'failed' || decision.outcome === 'suppressed') && decision.reasons.length > 0) result.reasoned++;
      else if (routeLetters.some((letter) => eventOf(letter).customerId === c.customerId)) result.parked++;
      else result.lost++;
    }
  }
  return result;
}

/** GET /dlq: route letters and parked messages, oldest first. */
export async function deadLettersOf(rt: TestRuntime): Promise<ListedDeadLetter[]> {
  const answer = await rt.api('GET', '/dlq');
  if (answer.status !== 200) throw new Error(`GET /dlq answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { deadLetters: ListedDeadLetter[] }).deadLetters;
}

/** Message ids whose send claim is completed (`status: sent`): read in process from the handlers' table. */
/**
 * Per message, never netted across a customer's messages (one duplicate and one loss are 1 and 1, not 0 and 0):
 * each completed send should reach the provider exactly once, under the provider message id its claim records.
 * - duplicated: every delivery beyond the first of a send, and every delivery no completed send accounts for;
 * - lost: every completed send the provider never got.
 */
export function deliveryTally(sends: ReadonlyMap<string, string>, deliveredIds: readonly string[]): { duplicated: number; lost: number } {
  const deliveries = new Map<string, number>();
  for (const id of deliveredIds) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  let duplicated = 0;
  let lost = 0;
  for (const providerMessageId of sends.values()) {
    const n = deliveries.get(providerMessageId) ?? 0;
    if (n === 0) lost++;
    else duplicated += n - 1;
    deliveries.delete(providerMessageId);
  }
  for (const n of deliveries.values()) duplicated += n;
  return { duplicated, lost };
}

/** The customer's completed sends: messageId → the provider message id the claim records. */
export async function completedSendsOf(customerId: string): Promise<Map<string, string>> {
  const { doc } = dependencies();
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME ?? 'journeys',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':send': SK.send },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.filter((item) => item.status === 'sent').map((item) => [String(item.messageId), String(item.providerMessageId)]));
}

/** GET /messages: the customer's decisions, oldest first. */
export async function ledgerOf(rt: TestRuntime, customerId: string): Promise<Decision[]> {
  const answer = await rt.api('GET', `/messages?customerId=${encodeURIComponent(customerId)}&limit=100`);
  if (answer.status !== 200) throw new Error(`GET /messages answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return [...(answer.body as { messages: Decision[] }).messages].reverse();
}

export function eventOf(letter: DeadLetter): { id?: string; type?: string; customerId?: string } {
  return letter.event as { id?: string; type?: string; customerId?: string };
}

/** Names of the errors the Lambda tasks of a customer's executions failed with (each one a Retry or a Catch). */
export async function taskErrors(rt: TestRuntime, journey: string, executionName: string): Promise<string[]> {
  const arn = `${(rt.stateMachineArns[journey] as string).replace(':stateMachine:', ':execution:')}:${executionName}`;
  const { events } = await rt.engine.getExecutionHistory(arn, { maxResults: 1000 });
  return events.flatMap((event) => (event.lambdaFunctionFailedEventDetails?.error ? [event.lambdaFunctionFailedEventDetails.error] : []));
}

// ── The table ────────────────────────────────────────────────────────────────────────────────────────────────

export type Outcome = 'retried' | 'fallen back' | 'parked, replayed' | 'reported, resent' | 'resumed';

export interface Row extends Count {
  fault: string;
  outcome: Outcome;
  /** What shows the outcome happened, e.g. `SDK retried 2 throttles`, `Step Functions retried Sandbox.Timedout`. */
  evidence: string;
}

const rows: Row[] = [];

export function record(row: Row): void {
  rows.push(row);
}

export function recorded(): readonly Row[] {
  return rows;
}

/** The table of every scenario, with totals: one string, printed once at the end of the suite. */
export function table(): string {
  const columns: { header: string; value: (row: Row) => string; right?: boolean }[] = [
    { header: 'fault', value: (row) => row.fault },
    { header: 'outcome', value: (row) => row.outcome },
    { header: 'sent', value: (row) => String(row.sent), right: true },
    { header: 'duplicated', value: (row) => String(row.duplicated), right: true },
    { header: 'lost', value: (row) => String(row.lost), right: true },
    { header: 'parked', value: (row) => String(row.parked), right: true },
    { header: 'evidence', value: (row) => row.evidence },
  ];
  const total: Row = {
    fault: 'total',
    outcome: '' as Outcome,
    evidence: `${rows.length} scenarios`,
    ...(['sent', 'duplicated', 'lost', 'reasoned', 'parked'] as const).reduce((sum, key) => ({ ...sum, [key]: rows.reduce((n, row) => n + row[key], 0) }), {} as Count),
  };
  const all = [...rows, total];
  const widths = columns.map((column) => Math.max(column.header.length, ...all.map((row) => column.value(row).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (columns[i]?.right ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [
    'Reliability suite: what the recipients got under each fault (duplicated and lost must be 0)',
    line(columns.map((column) => column.header)),
    rule,
    ...rows.map((row) => line(columns.map((column) => column.value(row)))),
    rule,
    line(columns.map((column) => column.value(total))),
  ].join('\n');
}
