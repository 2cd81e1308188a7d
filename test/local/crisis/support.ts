/**
 * Crisis tests through the real local runtime: profiles, the on-call calls, and what each customer actually
 * received — SMS and push from the SNS outbox, emails from the SES emulator — next to the decisions recorded.
 */
import { expect } from 'vitest';
import type { Decision } from '../../../functions/domain/model/message';
import type { Profile } from '../../../functions/domain/model/profile';
import { mapLimit } from '../../../functions/handlers/runtime/concurrency';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import type { PushOutboxEntry, SmsOutboxEntry } from '../../../local/outbox';
import type { StoredEmail } from '../../../local/ses';
import type { ApiAnswer, TestRuntime } from '../../support/runtime';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface CustomerSpec {
  id: string;
  region: string;
  locale?: string;
  timeZone?: string;
  email?: string | null;
  phone?: string | null;
  push?: boolean;
  serviceUpdates?: boolean;
  channelPreferences?: string[];
}

/** Stable, unique addresses per customer id (a number derived from the id, so tests never share one). */
export function phoneOf(id: string): string {
  let n = 0;
  for (const ch of id) n = (n * 31 + ch.charCodeAt(0)) % 10_000_000;
  return `+4219${String(n).padStart(8, '0')}`;
}
export const emailOf = (id: string) => `${id}@example.com`;
export const pushOf = (id: string) => `arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/journeys/${id}`;

export function profile(spec: CustomerSpec) {
  return {
    email: spec.email === undefined ? emailOf(spec.id) : spec.email,
    phone: spec.phone === undefined ? phoneOf(spec.id) : spec.phone,
    pushEndpoint: spec.push ? pushOf(spec.id) : null,
    locale: spec.locale ?? 'en',
    timeZone: spec.timeZone ?? 'Europe/Bratislava',
    segment: { region: spec.region, plan: 'pro' },
    consents: { onboarding_tips: true, product_news: false, offers: false, surveys: true, service_updates: spec.serviceUpdates ?? true },
    channelPreferences: spec.channelPreferences ?? ['email', 'push', 'sms'],
    lifecycle: 'new',
  };
}

/**
 * `n` SMS-only customers in `region` (ids `<region>-0000`…), written straight to the store, 16 at a time: an
 * audience too large to PUT one by one through the API.
 */
export async function seedSmsCustomers(region: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${region}-${String(i).padStart(4, '0')}`);
  await mapLimit(ids, 16, (id) => dependencies().profiles.putProfile({ customerId: id, ...profile({ id, region, email: null }) } as unknown as Profile));
  return ids;
}

/** The SMS whose body contains `text`, counted per recipient, in `ids` order. */
export function smsPerRecipient(runtime: TestRuntime, ids: readonly string[], text: string): number[] {
  const counts = new Map<string, number>();
  for (const m of runtime.outbox.list({ channel: 'sms' })) if (m.channel === 'sms' && m.body.includes(text)) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return ids.map((id) => counts.get(phoneOf(id)) ?? 0);
}

export async function putProfiles(runtime: TestRuntime, specs: readonly CustomerSpec[]): Promise<void> {
  for (const spec of specs) {
    const answer = await runtime.api('PUT', `/profiles/${spec.id}`, profile(spec));
    expect(answer.status, `PUT /profiles/${spec.id}: ${JSON.stringify(answer.body)}`).toBe(200);
  }
}

export const oncall = (runtime: TestRuntime, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${runtime.oncallToken}`, ...extra });

export function declare(runtime: TestRuntime, body: unknown): Promise<ApiAnswer> {
  return runtime.api('PUT', '/crisis', body, oncall(runtime));
}

export function update(runtime: TestRuntime, body: unknown, version: number): Promise<ApiAnswer> {
  return runtime.api('PUT', '/crisis', body, oncall(runtime, { 'if-match': `"${version}"` }));
}

export function resolve(runtime: TestRuntime, body: unknown): Promise<ApiAnswer> {
  return runtime.api('DELETE', '/crisis', body, oncall(runtime));
}

export interface Received {
  sms: SmsOutboxEntry[];
  push: PushOutboxEntry[];
  email: StoredEmail[];
}

/** Everything a customer received, oldest first. */
export async function received(runtime: TestRuntime, id: string, emails?: StoredEmail[]): Promise<Received> {
  const all = runtime.outbox.list({ to: [phoneOf(id), pushOf(id)] }).reverse();
  const inbox = emails ?? (await runtime.inbox.emails());
  return {
    sms: all.filter((m): m is SmsOutboxEntry => m.channel === 'sms'),
    push: all.filter((m): m is PushOutboxEntry => m.channel === 'push'),
    email: inbox.filter((e) => e.destination.to.includes(emailOf(id))).sort((a, b) => a.at - b.at),
  };
}

/** A customer's decisions, newest first (GET /messages). */
export async function decisions(runtime: TestRuntime, id: string): Promise<Decision[]> {
  const answer = await runtime.api('GET', `/messages?customerId=${id}&limit=100`);
  expect(answer.status).toBe(200);
  return (answer.body as { messages: Decision[] }).messages;
}

export async function decisionOf(runtime: TestRuntime, id: string, step: string, journey = 'crisis'): Promise<Decision | undefined> {
  return (await decisions(runtime, id)).find((d) => d.journey === journey && d.step === step);
}

/** Advances the manual clock and waits until the runtime is idle. */
export async function advance(runtime: TestRuntime, ms: number): Promise<void> {
  await runtime.clock.advance(ms);
  await runtime.idle();
}

export async function advanceTo(runtime: TestRuntime, iso: string): Promise<void> {
  await runtime.clock.advanceTo(new Date(iso));
  await runtime.idle();
}

export async function executions(runtime: TestRuntime, journey: string, status?: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED') {
  const arn = runtime.stateMachineArns[journey] as string;
  return (await runtime.engine.listExecutions({ stateMachineArn: arn, ...(status ? { statusFilter: status } : {}) })).executions;
}

/**
 * Who got what, on which channel: every SMS, push and email a customer received, oldest first, named by the
 * decision whose provider message id it carries (`journey/step channel`). A delivery no decision accounts for — a
 * duplicate send — shows up as `unrecorded <channel>`.
 */
export async function story(runtime: TestRuntime, ids: readonly string[]): Promise<Record<string, string[]>> {
  const emails = await runtime.inbox.emails();
  const result: Record<string, string[]> = {};
  for (const id of ids) {
    const byProviderId = new Map((await decisions(runtime, id)).filter((d) => d.providerMessageId).map((d) => [d.providerMessageId!, d]));
    const got = await received(runtime, id, emails);
    // Ordered by the decision's (virtual) time; the emulator stamps emails in real time.
    const named = (providerId: string, channel: string, at: number) => {
      const decision = byProviderId.get(providerId);
      return decision ? { at: Date.parse(decision.at), line: `${decision.journey}/${decision.step} ${channel}` } : { at, line: `unrecorded ${channel}` };
    };
    const lines = [
      ...got.sms.map((m) => named(m.messageId, 'sms', Date.parse(m.at))),
      ...got.push.map((m) => named(m.messageId, 'push', Date.parse(m.at))),
      ...got.email.map((e) => named(e.messageId, 'email', Number.MAX_SAFE_INTEGER)),
    ];
    result[id] = lines.sort((a, b) => a.at - b.at).map((l) => l.line);
  }
  return result;
}
