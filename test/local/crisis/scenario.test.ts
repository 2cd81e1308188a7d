/**
 * Crisis mode end to end through the real local runtime (synthesized state machines, the Lambda handlers,
 * dynalite, the SES emulator, the SNS outbox) on a manual clock, with a mixed audience:
 *
 * | customer     | segment    | what is special                          | expected during the crisis            |
 * |--------------|------------|------------------------------------------|---------------------------------------|
 * | a-sms        | affected   | sk, phone + email, prefers email         | SMS first (sev1), in Slovak           |
 * | a-push       | affected   | cs, push only, Tokyo time                | push (en message: no cs one given)    |
 * | a-email      | affected   | en, no phone                             | email                                 |
 * | a-optout     | affected   | opted out of service_updates             | nothing, decision says why            |
 * | a-bounced    | affected   | no phone, email hard-bounced             | nothing: no reachable channel         |
 * | a-tips       | affected   | in onboarding                            | alert by SMS; its onboarding tip suppressed (crisis) |
 * | a-incident   | affected   | has an incident                          | alert by SMS; the incident ack still flows |
 * | u-tips       | unaffected | in onboarding                            | nothing from the crisis; its tip is sent |
 * | u-other      | unaffected |                                          | nothing                               |
 *
 * declare (sev1) → alert → update with If-Match (per-locale) → cadence update → resolve with a post-mortem →
 * all-clear on the customers' own channels, with the link → a later service message by preference again →
 * post-resolution surveys for the customers reached, quiet hours respected (Tokyo) → the audit trail.
 *
 * The story's actions are stages (test/support/story.ts): each test reaches the stage it starts from, running the
 * earlier ones once, so every test also runs alone; the assertions stay in the tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencies } from '../../../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../../../local/engine';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { story as inStages } from '../../support/story';
import {
  DAY,
  HOUR,
  MINUTE,
  advance,
  advanceTo,
  decisionOf,
  declare,
  emailOf,
  executions,
  oncall,
  phoneOf,
  pushOf,
  putProfiles,
  received,
  resolve,
  story,
  update,
  type CustomerSpec,
} from './support';

// Monday 2026-11-23 10:00 UTC: 11:00 in Bratislava, 19:00 in Tokyo.
const T0 = '2026-11-23T10:00:00.000Z';
const AFFECTED = 'eu-central';
const ELSEWHERE = 'eu-west';

const CUSTOMERS: CustomerSpec[] = [
  { id: 'a-sms', region: AFFECTED, locale: 'sk' },
  { id: 'a-push', region: AFFECTED, locale: 'cs', timeZone: 'Asia/Tokyo', email: null, phone: null, push: true },
  { id: 'a-email', region: AFFECTED, locale: 'en', phone: null },
  { id: 'a-optout', region: AFFECTED, serviceUpdates: false },
  { id: 'a-bounced', region: AFFECTED, phone: null },
  { id: 'a-tips', region: AFFECTED },
  { id: 'a-incident', region: AFFECTED },
  { id: 'u-tips', region: ELSEWHERE },
  { id: 'u-other', region: ELSEWHERE },
];
const REACHED = ['a-sms', 'a-push', 'a-email', 'a-tips', 'a-incident'];

const DECLARATION = {
  severity: 'sev1',
  headline: 'Card payments outage',
  message: { en: 'Card payments are failing. Your money is safe.', sk: 'Platby kartou nefungujú. Vaše peniaze sú v bezpečí.' },
  affected: { region: [AFFECTED] },
  statusPageUrl: 'https://status.example.com/incidents/42',
  cadenceMinutes: 60,
};
const UPDATE = { message: { en: 'Payments are recovering; some may still fail.', sk: 'Platby sa obnovujú; niektoré ešte môžu zlyhať.' } };
const POSTMORTEM = 'https://status.example.com/incidents/42/postmortem';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ dataDir: null, clock: VirtualClock.manual(T0) });
});
afterAll(async () => {
  await runtime?.stop();
});

const event = (id: string, type: string, customerId: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  occurredAt: runtime.clock.date().toISOString(),
  source: 'tests',
  customerId,
  data,
});

async function post(body: unknown): Promise<void> {
  const answer = await runtime.api('POST', '/events', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  await runtime.idle();
}

const IDS = CUSTOMERS.map((c) => c.id);
/** Every message each customer received so far, as `journey/step channel`. */
const everything = () => story(runtime, IDS);

const stages = inStages({
  /** The audience, two of them in onboarding, then the sev1 declared 5 minutes later and its alert sent. */
  declared: async () => {
    await putProfiles(runtime, CUSTOMERS);
    // A hard bounce stops email for a-bounced (what delivery-feedback records from an SES bounce).
    await dependencies().suppressions.putSuppression('a-bounced', {
      kind: 'hard_bounce',
      ref: 'ses-bounce-1',
      reason: 'hard bounce: mailbox does not exist',
      source: 'ses-feedback',
      createdAt: T0,
    });
    // Two customers start onboarding before the crisis: the welcome email is transactional.
    await post({ events: [event('evt-a-tips-signup', 'customer.signed_up', 'a-tips'), event('evt-u-tips-signup', 'customer.signed_up', 'u-tips')] });
    await advance(runtime, 5 * MINUTE);
    const declared = await declare(runtime, DECLARATION);
    await runtime.idle();
    return declared;
  },
  /** Both onboarding customers activate: their first tip is due. */
  activated: () => post({ events: [event('evt-a-tips-act', 'customer.activated', 'a-tips'), event('evt-u-tips-act', 'customer.activated', 'u-tips')] }),
  /** A new incident for an affected customer. */
  incidentOpened: () => post(event('evt-inc-1', 'incident.opened', 'a-incident', { incidentId: 'INC-7', severity: 'minor', title: 'Export delayed' })),
  /** 15 minutes on, on-call updates the crisis from version 1. */
  updated: async () => {
    await advance(runtime, 15 * MINUTE);
    const updated = await update(runtime, UPDATE, 1);
    await runtime.idle();
    return updated;
  },
  /** 61 minutes without a change: the hourly cadence ticks at 11:20. */
  ticked: () => advance(runtime, 61 * MINUTE),
  /** At 12:00 UTC on-call resolves it, with a post-mortem link and a message. */
  resolved: async () => {
    await advanceTo(runtime, '2026-11-23T12:00:00.000Z');
    const resolved = await resolve(runtime, { postmortemUrl: POSTMORTEM, message: { en: 'Payments work again.', sk: 'Platby opäť fungujú.' } });
    await runtime.idle();
    return resolved;
  },
  /** A later update of a-incident's incident. */
  incidentUpdated: () => post(event('evt-inc-1-upd', 'incident.updated', 'a-incident', { incidentId: 'INC-7', message: 'Exports are catching up.' })),
  /** The post-resolution cool-down: a day on. */
  coolDownOver: () => advance(runtime, DAY),
  /** Morning in Tokyo (08:00 JST). */
  tokyoMorning: () => advanceTo(runtime, '2026-11-24T23:00:00.000Z'),
});

describe('crisis mode with a mixed audience', () => {
  it('declares a sev1 crisis: exactly the affected, reachable customers are told, SMS/push first, in their language', async () => {
    const declared = await stages.reach('declared');
    expect(declared.status).toBe(200);
    expect(declared.headers.get('etag')).toBe('"1"');
    // Only on-call may switch: no credentials 401, someone else 403.
    expect((await runtime.api('PUT', '/crisis', DECLARATION)).status).toBe(401);
    expect((await runtime.api('PUT', '/crisis', DECLARATION, { authorization: 'Bearer someone-else' })).status).toBe(403);

    // Declaring again does not start a second broadcast.
    const again = await declare(runtime, DECLARATION);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'crisis_already_active' } });
    expect(await executions(runtime, 'crisis')).toHaveLength(1);

    expect(await everything()).toEqual({
      'a-sms': ['crisis/alert-v1 sms'],
      'a-push': ['crisis/alert-v1 push'],
      'a-email': ['crisis/alert-v1 email'],
      'a-optout': [],
      'a-bounced': [],
      'a-tips': ['onboarding/welcome email', 'crisis/alert-v1 sms'],
      'a-incident': ['crisis/alert-v1 sms'],
      'u-tips': ['onboarding/welcome email'],
      'u-other': [],
    });
    // In each customer's language (the message per locale; English where none was given for it).
    expect((await received(runtime, 'a-sms')).sms.map((m) => m.body)).toEqual(['Journeys: Platby kartou nefungujú. Vaše peniaze sú v bezpečí.']);
    expect((await received(runtime, 'a-tips')).sms.map((m) => m.body)).toEqual(['Journeys: Card payments are failing. Your money is safe.']);
    // One language per message: the Czech reader gets the Slovak message (the next in her fallback chain that
    // on-call wrote), in the Slovak template — not a Czech frame around another language.
    expect((await received(runtime, 'a-push')).push.map((m) => [m.title, m.body])).toEqual([['Card payments outage', 'Platby kartou nefungujú. Vaše peniaze sú v bezpečí.']]);
    // The decisions say why, for everyone the broadcast considered.
    expect(await decisionOf(runtime, 'a-sms', 'alert-v1')).toMatchObject({ outcome: 'sent', channel: 'sms', locale: 'sk', reasons: ['sent on sms (crisis sev1 channel order)'] });
    expect(await decisionOf(runtime, 'a-push', 'alert-v1')).toMatchObject({ outcome: 'sent', channel: 'push', locale: 'sk' });
    expect((await decisionOf(runtime, 'a-email', 'alert-v1'))?.reasons).toEqual([
      'channel sms skipped: no phone number',
      'channel push skipped: no push endpoint',
      'sent on email (crisis sev1 channel order)',
    ]);
    expect(await decisionOf(runtime, 'a-optout', 'alert-v1')).toMatchObject({ outcome: 'suppressed', channel: null, reasonCodes: ['topic_opt_out'] });
    expect(await decisionOf(runtime, 'a-bounced', 'alert-v1')).toMatchObject({
      outcome: 'suppressed',
      channel: null,
      reasonCodes: ['no_channel'],
      reasons: ['channel sms skipped: no phone number', 'channel push skipped: no push endpoint', 'channel email skipped: bounced', 'suppressed: no reachable channel'],
    });
    expect(await decisionOf(runtime, 'u-other', 'alert-v1')).toBeUndefined();
    const email = (await received(runtime, 'a-email')).email.find((e) => e.subject.startsWith('Important'));
    expect(email?.body.text).toContain('Card payments are failing. Your money is safe.');
    expect(email?.body.text).toContain(DECLARATION.statusPageUrl);

    // The banner and the record show the crisis and the broadcast's progress.
    expect((await runtime.api('GET', '/status')).body).toMatchObject({
      mode: 'crisis',
      severity: 'sev1',
      headline: 'Card payments outage',
      statusPageUrl: DECLARATION.statusPageUrl,
    });
    const record = (await runtime.api('GET', '/crisis')).body as { broadcast: unknown };
    expect(record.broadcast).toMatchObject({ messageVersion: 1, kind: 'alert', round: 0, total: 7, sent: 5, failed: 0, skipped: 2, remaining: 0, finishedAt: '2026-11-23T10:05:00.000Z' });
  });

  it('suppresses onboarding marketing for the affected (reason: crisis), not for others; incident messages still flow', async () => {
    await stages.reach('activated');
    expect(await decisionOf(runtime, 'a-tips', 'tip-1', 'onboarding')).toMatchObject({
      category: 'marketing',
      outcome: 'suppressed',
      reasonCodes: ['crisis'],
      reasons: ['suppressed: crisis sev1 "Card payments outage" affects this customer'],
    });
    expect(await decisionOf(runtime, 'u-tips', 'tip-1', 'onboarding')).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect((await received(runtime, 'u-tips')).email.map((e) => e.subject)).toHaveLength(2); // welcome + tip
    expect((await received(runtime, 'a-tips')).email.map((e) => e.subject)).toHaveLength(1); // welcome only
    // The onboarding journey goes on (it skipped the step, it did not fail).
    const onboarding = await executions(runtime, 'onboarding');
    expect(onboarding.map((e) => e.status)).toEqual(['RUNNING', 'RUNNING']);

    // A new incident for an affected customer: the acknowledgement (service) flows, crisis channel order (SMS).
    await stages.reach('incidentOpened');
    const ack = await decisionOf(runtime, 'a-incident', 'acknowledge', 'incident');
    expect(ack).toMatchObject({ category: 'service', outcome: 'sent', channel: 'sms' });
    expect((await received(runtime, 'a-incident')).sms.map((m) => m.body).at(-1)).toContain('Export delayed');
  });

  it('updates with If-Match (428 without, 412 when stale); the update goes out per locale', async () => {
    const updated = await stages.reach('updated');
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, message: UPDATE.message });
    // Without If-Match 428; with a version that is not the record's 412 (nothing changes either way).
    expect((await runtime.api('PUT', '/crisis', UPDATE, oncall(runtime))).status).toBe(428);
    expect((await update(runtime, UPDATE, 7)).status).toBe(412);

    const got = await everything();
    expect(got).toEqual({
      'a-sms': ['crisis/alert-v1 sms', 'crisis/update-v2-round1 sms'],
      'a-push': ['crisis/alert-v1 push', 'crisis/update-v2-round1 push'],
      'a-email': ['crisis/alert-v1 email', 'crisis/update-v2-round1 email'],
      'a-optout': [],
      'a-bounced': [],
      'a-tips': ['onboarding/welcome email', 'crisis/alert-v1 sms', 'crisis/update-v2-round1 sms'],
      'a-incident': ['crisis/alert-v1 sms', 'incident/acknowledge sms', 'crisis/update-v2-round1 sms'],
      'u-tips': ['onboarding/welcome email', 'onboarding/tip-1 email'],
      'u-other': [],
    });
    expect((await received(runtime, 'a-sms')).sms.at(-1)?.body).toBe('Aktualizácia: Platby sa obnovujú; niektoré ešte môžu zlyhať.');
    expect((await received(runtime, 'a-tips')).sms.at(-1)?.body).toBe('Journeys update: Payments are recovering; some may still fail.');
    expect((await received(runtime, 'a-push')).push.at(-1)).toMatchObject({ title: 'Aktualizácia: Card payments outage', body: 'Platby sa obnovujú; niektoré ešte môžu zlyhať.' });
    const updateEmail = (await received(runtime, 'a-email')).email.at(-1)!;
    expect(updateEmail.subject).toBe('Update: Card payments outage');
    expect(updateEmail.body.text).toContain('Payments are recovering; some may still fail.');
    expect(await decisionOf(runtime, 'a-sms', 'update-v2-round1')).toMatchObject({ outcome: 'sent', channel: 'sms', template: 'crisis_update', locale: 'sk' });
  });

  it('a cadence tick without a change refreshes the record and resends nothing (a reminder is due 8 hours after the last message)', async () => {
    await stages.reach('updated');
    const before = await everything();
    await stages.reach('ticked');
    expect(await everything()).toEqual(before);
    expect((await runtime.api('GET', '/crisis')).body).toMatchObject({
      version: 2,
      broadcast: { messageVersion: 2, kind: 'update', round: 2, total: 7, sent: 0, failed: 0, skipped: 7, remaining: 0, finishedAt: '2026-11-23T11:20:00.000Z' },
    });
  });

  it('resolves: the all-clear carries the post-mortem link on the customers\' own channels; overrides are lifted', async () => {
    const resolved = await stages.reach('resolved');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ active: false, version: 3, postmortemUrl: POSTMORTEM });
    // Resolving again: nothing is active.
    const twice = await resolve(runtime, {});
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'no_active_crisis' } });

    // Preferences again: email first for everyone who has one; push for the push-only customer.
    expect(await everything()).toEqual({
      'a-sms': ['crisis/alert-v1 sms', 'crisis/update-v2-round1 sms', 'crisis/all-clear-v3-round2 email'],
      'a-push': ['crisis/alert-v1 push', 'crisis/update-v2-round1 push', 'crisis/all-clear-v3-round2 push'],
      'a-email': ['crisis/alert-v1 email', 'crisis/update-v2-round1 email', 'crisis/all-clear-v3-round2 email'],
      'a-optout': [],
      'a-bounced': [],
      'a-tips': ['onboarding/welcome email', 'crisis/alert-v1 sms', 'crisis/update-v2-round1 sms', 'crisis/all-clear-v3-round2 email'],
      'a-incident': ['crisis/alert-v1 sms', 'incident/acknowledge sms', 'crisis/update-v2-round1 sms', 'crisis/all-clear-v3-round2 email'],
      'u-tips': ['onboarding/welcome email', 'onboarding/tip-1 email'],
      'u-other': [],
    });
    expect((await received(runtime, 'a-push')).push.at(-1)).toMatchObject({ title: 'Problém je vyriešený' });
    const allClear = (await received(runtime, 'a-sms')).email.at(-1)!;
    expect(allClear.subject).toBe('Vyriešené: Card payments outage');
    expect(allClear.body.text).toContain(POSTMORTEM);
    expect(allClear.body.text).toContain('Platby opäť fungujú.');
    expect(await decisionOf(runtime, 'a-sms', 'all-clear-v3-round2')).toMatchObject({ outcome: 'sent', channel: 'email', reasons: ['sent on email (customer preferences)'] });

    expect((await runtime.api('GET', '/status')).body).toMatchObject({ mode: 'normal' });
    expect((await executions(runtime, 'crisis'))[0]).toMatchObject({ status: 'SUCCEEDED' });

    // A later service message for an affected customer goes by preference (email), not by the crisis order.
    await stages.reach('incidentUpdated');
    expect(await decisionOf(runtime, 'a-incident', 'incident-update-0', 'incident')).toMatchObject({
      category: 'service',
      outcome: 'sent',
      channel: 'email',
      reasons: ['sent on email (customer preferences)'],
    });
  });

  it('invites the customers the all-clear reached to the post-resolution survey, respecting quiet hours', async () => {
    await stages.reach('incidentUpdated');
    const surveys = await executions(runtime, 'post-resolution');
    expect(surveys).toHaveLength(REACHED.length);
    // One journey per (crisis, customer): the ids are derived from both.
    expect(new Set(surveys.map((e) => e.name)).size).toBe(REACHED.length);

    // 24 h cool-down: 13:00 in Bratislava (sent), 21:00 in Tokyo (quiet hours: deferred to 08:00 Tokyo).
    await stages.reach('coolDownOver');
    for (const id of ['a-sms', 'a-email', 'a-tips', 'a-incident']) {
      expect(await decisionOf(runtime, id, 'survey-invitation', 'post-resolution'), id).toMatchObject({ outcome: 'sent', channel: 'email' });
    }
    expect((await received(runtime, 'a-sms')).email.at(-1)?.subject).toBe('Jedna krátka otázka o Journeys');
    const deferred = await decisionOf(runtime, 'a-push', 'survey-invitation', 'post-resolution');
    expect(deferred).toMatchObject({ outcome: 'deferred', channel: 'push', sendAt: '2026-11-24T23:00:00.000Z', reasonCodes: ['quiet_hours'] });
    expect((await received(runtime, 'a-push')).push.filter((m) => m.title === 'Jedna krátká otázka')).toHaveLength(0);

    await stages.reach('tokyoMorning');
    expect(await decisionOf(runtime, 'a-push', 'survey-invitation', 'post-resolution')).toMatchObject({ outcome: 'sent', channel: 'push' });
    expect((await received(runtime, 'a-push')).push.filter((m) => m.title === 'Jedna krátká otázka')).toHaveLength(1);
    // Nobody the crisis did not reach is surveyed about it.
    for (const id of ['a-optout', 'a-bounced', 'u-tips', 'u-other']) expect(await decisionOf(runtime, id, 'survey-invitation', 'post-resolution'), id).toBeUndefined();
  });

  it('keeps the whole story in the audit trail, with the actor of every change', async () => {
    const declared = await stages.reach('declared');
    await stages.reach('resolved');
    expect((await runtime.api('GET', '/crisis/audit')).status).toBe(401);
    const audit = await runtime.api('GET', '/crisis/audit', undefined, oncall(runtime));
    expect(audit.status).toBe(200);
    const entries = (audit.body as { entries: { version: number; action: string; actor: string; change: unknown }[] }).entries;
    expect(entries.map((e) => [e.version, e.action])).toEqual([
      [3, 'resolve'],
      [2, 'update'],
      [1, 'declare'],
    ]);
    const actor = entries[0]!.actor;
    expect(actor).toMatch(/oncall|on-call/i);
    expect(entries.every((e) => e.actor === actor)).toBe(true);
    expect(entries[0]!.change).toMatchObject({ postmortemUrl: POSTMORTEM });
    expect(entries[1]!.change).toEqual(UPDATE);
    expect(entries[2]!.change).toMatchObject({ severity: 'sev1', affected: { region: [AFFECTED] } });
    expect((declared.body as { id: string }).id).toMatch(/^crisis-/);
    // Nothing else reached anyone's phone or inbox from the crisis: unaffected and unreachable customers stay silent.
    expect(runtime.outbox.list({ to: [phoneOf('u-other'), pushOf('u-other')] })).toEqual([]);
    expect((await runtime.inbox.emails()).filter((e) => e.destination.to.includes(emailOf('u-other')))).toEqual([]);
    void HOUR;
  });
});
