/**
 * The crisis journey's basic flow on a few customers, through the real local runtime on the virtual clock:
 * on-call declares a sev1 crisis for a segment → the alert goes out (SMS/push before email, in each customer's
 * language) → an update → a cadence tick that refreshes the record but resends nothing → all-clear with the post-mortem
 * link, on the customers' own channels again. Crisis at scale is tested elsewhere (test/local/crisis).
 */
import { describe, expect, it } from 'vitest';
import { MINUTE, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');

const REGION = 'crisis-basics';
const SMS_FIRST = 'cb-sms';
const EMAIL_ONLY = 'cb-email-only';
const PUSH = 'cb-push';
const OUTSIDE = 'cb-outside';

describe('crisis journey (basics)', () => {
  it('declare → alert → update → a quiet cadence tick → all-clear, for the affected customers only', async () => {
    await s.putProfile(s.profile(SMS_FIRST, { locale: 'sk', segment: { region: REGION } }));
    await s.putProfile(s.profile(EMAIL_ONLY, { locale: 'en', timeZone: 'Europe/London', phone: null, segment: { region: REGION } }));
    await s.putProfile(s.profile(PUSH, { locale: 'hu', timeZone: 'Europe/Budapest', phone: null, pushEndpoint: s.pushOf(PUSH), segment: { region: REGION } }));
    await s.putProfile(s.profile(OUTSIDE, { segment: { region: 'elsewhere' } }));

    // ── Declare ────────────────────────────────────────────────────────────────────────────────
    const declared = await s.putCrisis({
      severity: 'sev1',
      headline: 'Payments outage',
      message: { en: 'Card payments are failing. Your money is safe.', sk: 'Platby kartou nefungujú. Vaše peniaze sú v bezpečí.', hu: 'A kártyás fizetés nem működik.' },
      affected: { region: [REGION] },
      statusPageUrl: 'https://status.example.com/payments',
      cadenceMinutes: 60,
    });
    expect(declared.status).toBe(200);
    const crisis = declared.body as { id: string; version: number };
    expect(crisis.version).toBe(1);
    expect((await s.api('GET', '/status')).body).toMatchObject({ mode: 'crisis', severity: 'sev1', headline: 'Payments outage', statusPageUrl: 'https://status.example.com/payments' });

    // ── Alert: SMS first for sev1, then push, then email ───────────────────────────────────────
    const alertAt = s.now().toISOString();
    expect(s.smsTo(s.phoneOf(SMS_FIRST)).map((m) => [m.body, m.at])).toEqual([['Journeys: Platby kartou nefungujú. Vaše peniaze sú v bezpečí.', alertAt]]);
    expect(await s.emailsTo(s.emailOf(SMS_FIRST))).toEqual([]);
    const smsAlert = await s.decisionOf(SMS_FIRST, 'alert-v1', 'crisis');
    expect(smsAlert).toMatchObject({ category: 'service', topic: 'service_updates', template: 'crisis_alert', outcome: 'sent', channel: 'sms', locale: 'sk' });
    expect(smsAlert!.reasons).toEqual(['sent on sms (crisis sev1 channel order)']);

    expect(s.pushTo(s.pushOf(PUSH)).map((m) => [m.title, m.body])).toEqual([['Payments outage', 'A kártyás fizetés nem működik.']]);
    expect((await s.decisionOf(PUSH, 'alert-v1'))!.reasons).toEqual(['channel sms skipped: no phone number', 'sent on push (crisis sev1 channel order)']);

    const emailAlert = await s.emailsTo(s.emailOf(EMAIL_ONLY));
    expect(emailAlert.map((e) => e.subject)).toEqual(['Important: Payments outage']);
    expect(emailAlert[0]!.body.text).toContain('Card payments are failing. Your money is safe.');
    expect(emailAlert[0]!.body.text).toContain('https://status.example.com/payments');
    expect((await s.decisionOf(EMAIL_ONLY, 'alert-v1'))!.reasons).toEqual([
      'channel sms skipped: no phone number',
      'channel push skipped: no push endpoint',
      'sent on email (crisis sev1 channel order)',
    ]);

    expect(await s.messagesOf(OUTSIDE)).toEqual([]);
    expect(await s.emailsTo(s.emailOf(OUTSIDE))).toEqual([]);
    expect(s.smsTo(s.phoneOf(OUTSIDE))).toEqual([]);

    // ── Update: on-call changes the message; the update goes out at once ───────────────────────
    await s.advance({ minutes: 20 });
    const updated = await s.putCrisis(
      { message: { en: 'A fix is being deployed.', sk: 'Nasadzujeme opravu.', hu: 'A javítást telepítjük.' } },
      crisis.version,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ active: true, version: 2 });
    const updateAt = s.now().getTime();
    expect(s.smsTo(s.phoneOf(SMS_FIRST)).map((m) => m.body)).toEqual([
      'Journeys: Platby kartou nefungujú. Vaše peniaze sú v bezpečí.',
      'Aktualizácia: Nasadzujeme opravu.',
    ]);
    expect(s.pushTo(s.pushOf(PUSH)).map((m) => m.body)).toEqual(['A kártyás fizetés nem működik.', 'A javítást telepítjük.']);
    expect((await s.emailsTo(s.emailOf(EMAIL_ONLY))).map((e) => e.subject)).toEqual(['Important: Payments outage', 'Update: Payments outage']);
    expect((await s.messagesOf(SMS_FIRST)).map((m) => m.step)).toEqual(['alert-v1', 'update-v2-round1']);

    // ── Cadence: an hour without a change refreshes the record, but tells nobody what they already know ──
    await s.advance({ minutes: 60 });
    expect(s.smsTo(s.phoneOf(SMS_FIRST))).toHaveLength(2);
    expect((await s.messagesOf(SMS_FIRST)).map((m) => m.step)).toEqual(['alert-v1', 'update-v2-round1']);
    expect(await s.emailsTo(s.emailOf(EMAIL_ONLY))).toHaveLength(2);
    expect(((await s.api('GET', '/crisis')).body as { broadcast: unknown }).broadcast).toMatchObject({
      messageVersion: 2,
      kind: 'update',
      round: 2,
      total: 3,
      sent: 0,
      skipped: 3,
      remaining: 0,
      finishedAt: new Date(updateAt + 60 * MINUTE).toISOString(),
    });

    // ── All-clear: the resolution with the post-mortem link, on each customer's own channels ───
    await s.advance({ minutes: 15 });
    const resolved = await s.resolveCrisis({
      postmortemUrl: 'https://status.example.com/postmortems/payments',
      message: { en: 'Payments work again.', sk: 'Platby opäť fungujú.' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ active: false, version: 3 });
    expect((await s.api('GET', '/status')).body).toMatchObject({ mode: 'normal' });

    // The SMS-first customer prefers email: the channel override is lifted with the crisis.
    const allClear = (await s.emailsTo(s.emailOf(SMS_FIRST))).map((e) => [e.subject, e.body.text]);
    expect(allClear).toEqual([['Vyriešené: Payments outage', expect.stringContaining('https://status.example.com/postmortems/payments')]]);
    expect(allClear[0]![1]).toContain('Platby opäť fungujú.');
    const allClearDecision = (await s.messagesOf(SMS_FIRST)).at(-1)!;
    expect(allClearDecision).toMatchObject({ template: 'all_clear', outcome: 'sent', channel: 'email', step: expect.stringMatching(/^all-clear-v3/) });
    expect(allClearDecision.reasons).toEqual(['sent on email (customer preferences)']);
    expect(s.smsTo(s.phoneOf(SMS_FIRST))).toHaveLength(2);

    const englishAllClear = (await s.emailsTo(s.emailOf(EMAIL_ONLY))).at(-1)!;
    expect(englishAllClear.subject).toBe('Resolved: Payments outage');
    expect(englishAllClear.body.text).toContain('Payments work again.');
    expect(englishAllClear.body.text).toContain('https://status.example.com/postmortems/payments');
    // The Hungarian customer has no Hungarian resolution text: the all-clear is in English throughout (one
    // language per message), not a Hungarian frame around English words.
    const hungarian = (await s.emailsTo(s.emailOf(PUSH))).map((e) => [e.subject, e.body.text]);
    expect(hungarian).toEqual([['Resolved: Payments outage', expect.stringContaining('Payments work again.')]]);
    expect(hungarian[0]![1]).toContain("We're sorry for the disruption");
    expect((await s.messagesOf(PUSH)).at(-1)).toMatchObject({ locale: 'en', template: 'all_clear', step: expect.stringMatching(/^all-clear-v3/) });

    // ── The journey ended; after it, nothing more is sent ───────────────────────────────────────
    const { executions } = await s.runtime.engine.listExecutions({ stateMachineArn: s.runtime.stateMachineArns.crisis! });
    expect(executions.map((e) => [e.name, e.status])).toEqual([[`crisis-${crisis.id}`, 'SUCCEEDED']]);
    expect((await s.statesEntered(executions[0]!.executionArn)).at(-1)).toBe('All clear sent');
    await s.advance({ hours: 3 });
    expect(s.smsTo(s.phoneOf(SMS_FIRST))).toHaveLength(2);
    expect(await s.emailsTo(s.emailOf(EMAIL_ONLY))).toHaveLength(3);
    expect(await s.messagesOf(OUTSIDE)).toEqual([]);
    expect(await s.emailsTo(s.emailOf(OUTSIDE))).toEqual([]);
    await s.assertHealthy();
  });
});
