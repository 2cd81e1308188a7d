/**
 * How the journeys and the rules meet, through the real local runtime on the virtual clock: an open incident
 * suppresses marketing until it is resolved; a crisis flips channels and suppresses promotions for the segments it
 * affects, and only those; quiet hours defer (never drop) to 08:00 local; duplicate events start nothing new;
 * surveys expire and are answered once; an erased customer receives nothing more; one-click unsubscribe from a
 * marketing email stops that topic.
 */
import { ERASURE_STOP } from '../../functions/services/erase-customer';
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE, linkIn, listUnsubscribeOf, localTime, nextLocal, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');
const BRATISLAVA = 'Europe/Bratislava';

async function onlyExecution(customerId: string, journey: string) {
  const executions = (await s.executionsOf(customerId)).filter((e) => e.journey === journey);
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

/** Resolves an incident for the customer, plays the 24 h cool-down and answers the invitation's survey link. */
async function surveyAnswered(customerId: string, incidentId: string, score: number) {
  await s.post(s.events.incidentResolved(customerId, { incidentId }));
  await s.advance({ days: 1 });
  const invitation = (await s.emailsTo(s.emailOf(customerId))).at(-1)!;
  const surveyUrl = linkIn(invitation.body.text, '/surveys/')!;
  const answer = await s.answerSurvey(surveyUrl, { score });
  expect(answer.status).toBe(200);
  return surveyUrl;
}

describe('across journeys', () => {
  it('a tip due while a critical incident is open is suppressed; after the resolution the next tip goes out', async () => {
    const id = 'x-incident';
    await s.advanceToLocal('10:00', BRATISLAVA);
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { channelPreferences: ['email', 'sms'] }));
    const t0 = s.now().getTime();
    await s.post(s.events.signedUp(id));
    await s.advance({ days: 1 });
    await s.post(s.events.activated(id));
    expect(await s.decisionOf(id, 'tip-1')).toMatchObject({ outcome: 'sent' });

    // Tip 2 is due at t0 + 4 days; the critical incident opens half an hour before.
    await s.advanceTo(new Date(t0 + 4 * DAY - 30 * MINUTE));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-X1', severity: 'critical', title: 'Card payments failing' }));
    await s.advance({ minutes: 30 });
    const tip2 = await s.decisionOf(id, 'tip-2');
    expect(tip2).toMatchObject({ category: 'marketing', outcome: 'suppressed', channel: null, reasonCodes: ['open_incident'], at: new Date(t0 + 4 * DAY).toISOString() });
    expect(tip2!.reasons).toEqual(['suppressed: open critical incident INC-X1']);
    // Service messages about the incident still flow.
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual([
      'Vitajte v Journeys',
      '3 tipy, ako z Journeys vyťažiť viac',
      "Riešime to: Card payments failing (INC-X1)",
    ]);

    await s.advance({ minutes: 20 });
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-X1' }));
    expect(await s.suppressionsOf(id)).toEqual([]);

    // Tip 3 (t0 + 7 days) goes out again.
    await s.advanceTo(new Date(t0 + 7 * DAY));
    expect(await s.decisionOf(id, 'tip-3')).toMatchObject({ outcome: 'sent', channel: 'email', reasonCodes: ['allowed'] });
    const subjects = (await s.emailsTo(email)).map((e) => e.subject);
    expect(subjects.filter((subject) => subject === '3 tipy, ako z Journeys vyťažiť viac')).toHaveLength(2);
    expect((await onlyExecution(id, 'onboarding')).status).toBe('SUCCEEDED');
    expect((await onlyExecution(id, 'incident')).status).toBe('SUCCEEDED');
    await s.assertHealthy();
  });

  it('a sev1 crisis puts SMS first for the affected and suppresses their promotions; unaffected customers keep email and get their tips', async () => {
    const affected = 'x-crisis-in';
    await s.advanceToLocal('10:00', BRATISLAVA);
    const calm = 'x-crisis-out';
    await s.putProfile(s.profile(affected, { segment: { region: 'x-crisis-zone' } }));
    await s.putProfile(s.profile(calm, { segment: { region: 'x-calm-zone' } }));
    const t0 = s.now().getTime();
    await s.post(s.events.signedUp(affected), s.events.signedUp(calm));

    await s.advanceTo(new Date(t0 + 2 * DAY - 10 * MINUTE));
    const declared = await s.putCrisis({
      severity: 'sev1',
      headline: 'Payments outage',
      message: { en: 'Card payments are failing.', sk: 'Platby kartou nefungujú.' },
      affected: { region: ['x-crisis-zone'] },
      cadenceMinutes: 60,
    });
    expect(declared.status).toBe(200);
    expect(s.smsTo(s.phoneOf(affected)).map((m) => m.body)).toEqual(['Journeys: Platby kartou nefungujú.']);
    expect(s.smsTo(s.phoneOf(calm))).toEqual([]);

    // A service message during the crisis: SMS first for the affected customer, email as usual for the other.
    await s.post(
      s.events.incidentOpened(affected, { incidentId: 'INC-X2', severity: 'minor', title: 'Platba zlyhala' }),
      s.events.incidentOpened(calm, { incidentId: 'INC-X3', severity: 'minor', title: 'Platba zlyhala' }),
    );
    expect(await s.decisionOf(affected, 'acknowledge')).toMatchObject({ outcome: 'sent', channel: 'sms', reasons: ['sent on sms (crisis sev1 channel order)'] });
    expect(await s.decisionOf(calm, 'acknowledge')).toMatchObject({ outcome: 'sent', channel: 'email', reasons: ['sent on email (customer preferences)'] });

    // The nudges fall due (t0 + 2 days): suppressed for the affected segment only.
    await s.advanceTo(new Date(t0 + 2 * DAY));
    const suppressed = await s.decisionOf(affected, 'activation-nudge');
    expect(suppressed).toMatchObject({ category: 'marketing', outcome: 'suppressed', reasonCodes: ['crisis'] });
    expect(suppressed!.reasons).toEqual(['suppressed: crisis sev1 "Payments outage" affects this customer']);
    // The nudge runs the experiment activation-nudge-copy: this customer's variant (by hash) is the `benefit` copy.
    expect(await s.decisionOf(calm, 'activation-nudge')).toMatchObject({ outcome: 'sent', channel: 'email', reasonCodes: ['allowed'], experiment: { variant: 'benefit' } });
    expect((await s.emailsTo(s.emailOf(affected))).map((e) => e.subject)).toEqual(['Vitajte v Journeys']);
    expect((await s.emailsTo(s.emailOf(calm))).map((e) => e.subject)).toEqual([
      'Vitajte v Journeys',
      'Riešime to: Platba zlyhala (INC-X3)',
      'Váš účet vám už môže šetriť čas',
    ]);

    // All clear: the override and the suppression are lifted; the next tip reaches the affected customer by email.
    await s.resolveCrisis({ message: { en: 'Payments work again.', sk: 'Platby opäť fungujú.' } });
    await s.post(s.events.incidentResolved(affected, { incidentId: 'INC-X2' }), s.events.incidentResolved(calm, { incidentId: 'INC-X3' }));
    await s.advanceTo(new Date(t0 + 5 * DAY));
    expect(await s.decisionOf(affected, 'tip-2')).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect(await s.decisionOf(calm, 'tip-2')).toMatchObject({ outcome: 'sent', channel: 'email' });
    expect((await s.emailsTo(s.emailOf(affected))).map((e) => e.subject)).toContain('Vyriešené: Payments outage');
    await s.assertHealthy();
  });

  it('quiet hours defer a tip to 08:00 local (Tokyo by email, New York by SMS): nothing before, delivered at 08:00 virtual time', async () => {
    const tokyo = 'x-quiet-tokyo';
    const newYork = 'x-quiet-ny';
    await s.putProfile(s.profile(tokyo, { locale: 'en', timeZone: 'Asia/Tokyo' }));
    await s.putProfile(s.profile(newYork, { locale: 'en', timeZone: 'America/New_York', channelPreferences: ['sms', 'email'] }));

    // Sign-ups at 23:30 in Tokyo and 22:00 in New York: the welcome (transactional) goes at once anyway.
    await s.advanceTo(nextLocal('23:30', 'Asia/Tokyo', s.now()));
    await s.post(s.events.signedUp(tokyo));
    expect(localTime((await s.decisionOf(tokyo, 'welcome'))!.at, 'Asia/Tokyo')).toBe('23:30');
    await s.advanceTo(nextLocal('22:00', 'America/New_York', s.now()));
    await s.post(s.events.signedUp(newYork));
    expect(s.smsTo(s.phoneOf(newYork)).map((m) => m.body)).toEqual(['Welcome to Journeys! Your account is ready: https://app.example.com']);

    // Two days later the nudges fall due in the night, local time. Tokyo first: deferred to 08:00, nothing before.
    await s.advanceTo(nextLocal('23:30', 'Asia/Tokyo', new Date(s.now().getTime() + DAY)));
    const tokyoEight = nextLocal('08:00', 'Asia/Tokyo', s.now());
    const deferred = await s.decisionOf(tokyo, 'activation-nudge');
    expect(deferred).toMatchObject({ outcome: 'deferred', channel: 'email', sendAt: tokyoEight.toISOString(), reasonCodes: ['quiet_hours'] });
    expect(deferred!.reasons).toEqual(['quiet hours until 08:00 Asia/Tokyo']);
    await s.advanceTo(new Date(tokyoEight.getTime() - MINUTE));
    expect(await s.emailsTo(s.emailOf(tokyo))).toHaveLength(1);
    await s.advance({ minutes: 1 });
    const tokyoEmails = await s.emailsTo(s.emailOf(tokyo));
    // The nudge runs the experiment activation-nudge-copy: Tokyo's variant (by hash) is `benefit`, New York's `reminder`.
    expect(tokyoEmails.map((e) => e.subject)).toEqual(['Welcome to Journeys', 'Your account is ready to save you time']);
    const sent = await s.decisionOf(tokyo, 'activation-nudge');
    expect(sent).toMatchObject({ outcome: 'sent', at: tokyoEight.toISOString(), providerMessageId: tokyoEmails[1]!.messageId });
    expect(localTime(sent!.at, 'Asia/Tokyo')).toBe('08:00');

    // New York: deferred at 22:00 to 08:00; nothing before, then the SMS, stamped with the virtual time.
    await s.advanceToLocal('22:00', 'America/New_York');
    const newYorkEight = nextLocal('08:00', 'America/New_York', s.now());
    expect(await s.decisionOf(newYork, 'activation-nudge')).toMatchObject({ outcome: 'deferred', channel: 'sms', sendAt: newYorkEight.toISOString() });
    expect((await s.decisionOf(newYork, 'activation-nudge'))!.reasons).toEqual(['quiet hours until 08:00 America/New_York']);
    await s.advanceTo(new Date(newYorkEight.getTime() - MINUTE));
    expect(s.smsTo(s.phoneOf(newYork))).toHaveLength(1);
    await s.advance({ minutes: 1 });
    const sms = s.smsTo(s.phoneOf(newYork));
    expect(sms.map((m) => [m.body, m.at])).toEqual([
      ['Welcome to Journeys! Your account is ready: https://app.example.com', expect.any(String)],
      ['Journeys: finish setting up your account in a few minutes: https://app.example.com', newYorkEight.toISOString()],
    ]);
    expect(localTime(sms[1]!.at, 'America/New_York')).toBe('08:00');
    await s.assertHealthy();
  });

  it('frequency cap: a promoter ask within 24 h of a tip is suppressed (at most 1 marketing message a day)', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'x-frequency';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en' }));
    await s.post(s.events.signedUp(id), s.events.incidentResolved(id, { incidentId: 'INC-X9' }));
    await s.advance({ days: 1 });
    await s.post(s.events.activated(id));
    expect(await s.decisionOf(id, 'tip-1')).toMatchObject({ outcome: 'sent' });

    await s.advance({ hours: 2 });
    const invitation = (await s.emailsTo(email)).find((e) => e.subject === 'One quick question about Journeys')!;
    expect((await s.answerSurvey(linkIn(invitation.body.text, '/surveys/')!, { score: 10 })).status).toBe(200);
    const ask = await s.decisionOf(id, 'promoter-ask');
    expect(ask).toMatchObject({ category: 'marketing', outcome: 'suppressed', reasonCodes: ['frequency_cap'] });
    expect(ask!.reasons).toEqual(['suppressed: frequency cap reached (1 marketing message in the last 24 hours, at most 1)']);
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual([
      'Welcome to Journeys',
      'One quick question about Journeys',
      '3 tips to get more out of Journeys',
    ]);
    await s.assertHealthy();
  });

  it('the same event id twice starts one execution and sends one welcome', async () => {
    const id = 'x-duplicate';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id, { locale: 'en' }));
    const event = s.events.signedUp(id, 'x-duplicate-signup-0001');
    const first = await s.post(event);
    expect(first).toEqual({ accepted: [{ id: event.id, journey: 'onboarding', execution: 'onboarding-x-duplicate-signup-0001' }], duplicates: [], failed: [] });
    const second = await s.post(event);
    expect(second).toEqual({ accepted: [], duplicates: [event.id], failed: [] });

    const executions = await s.executionsOf(id);
    expect(executions.map((e) => [e.journey, e.status])).toEqual([['onboarding', 'RUNNING']]);
    expect(executions[0]!.id).toMatch(/:onboarding-x-duplicate-signup-0001$/);
    expect((await s.emailsTo(s.emailOf(id))).map((e) => e.subject)).toEqual(['Welcome to Journeys']);
    expect((await s.messagesOf(id)).map((m) => m.step)).toEqual(['welcome']);
    await s.assertHealthy();
  });

  it('a survey answered after it expired gets 404; a survey answered twice gets 409 the second time', async () => {
    const late = 'x-survey-late';
    await s.advanceToLocal('10:00', BRATISLAVA);
    const twice = 'x-survey-twice';
    await s.putProfile(s.profile(late, { locale: 'en' }));
    await s.putProfile(s.profile(twice, { locale: 'en' }));
    await s.post(s.events.incidentResolved(late, { incidentId: 'INC-X4' }), s.events.incidentResolved(twice, { incidentId: 'INC-X5' }));
    await s.advance({ days: 1 });
    const linkOf = async (id: string) => linkIn((await s.emailsTo(s.emailOf(id)))[0]?.body.text, '/surveys/')!;

    // Answered once: 200 and the thanks; again: 409 and nothing more.
    await s.advance({ minutes: 10 });
    const first = await s.answerSurvey(await linkOf(twice), { score: 8 });
    expect(first.status).toBe(200);
    const again = await s.answerSurvey(await linkOf(twice), { score: 2 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'already_answered' } });
    expect((await s.messagesOf(twice)).map((m) => m.step)).toEqual(['survey-invitation', 'passive-thanks']);
    expect((await onlyExecution(twice, 'post-resolution')).status).toBe('SUCCEEDED');

    // Never answered: the journey reminds, gives up; once the survey has expired the link answers 404.
    await s.advance({ days: 4 });
    expect((await onlyExecution(late, 'post-resolution')).status).toBe('SUCCEEDED');
    await s.advance({ days: 1, minutes: 1 });
    const expired = await s.answerSurvey(await linkOf(late), { score: 3 });
    expect(expired.status).toBe(404);
    expect(expired.body).toMatchObject({ error: { code: 'not_found' } });
    expect((await s.messagesOf(late)).map((m) => m.step)).toEqual(['survey-invitation', 'survey-reminder']);
    expect(await s.suppressionsOf(late)).toEqual([]);
    await s.assertHealthy();
  });

  it('an erased customer gets nothing more: their onboarding and incident journeys are stopped at once (a cause naming nobody), GET /messages is empty', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const onboarding = 'x-erased-onboarding';
    const incident = 'x-erased-incident';
    await s.putProfile(s.profile(onboarding));
    await s.putProfile(s.profile(incident, { channelPreferences: ['sms', 'email'] }));
    await s.post(s.events.signedUp(onboarding));
    await s.advance({ days: 2 });
    await s.post(s.events.incidentOpened(incident, { incidentId: 'INC-X6', severity: 'critical', title: 'Platby nefungujú' }));
    await s.advance({ minutes: 30 });
    expect((await s.messagesOf(onboarding)).map((m) => m.step)).toEqual(['welcome', 'activation-nudge']);
    expect((await s.messagesOf(incident)).map((m) => m.step)).toEqual(['acknowledge']);
    const onboardingArn = (await onlyExecution(onboarding, 'onboarding')).id;
    const incidentArn = (await onlyExecution(incident, 'incident')).id;
    expect(await s.emailsTo(s.emailOf(onboarding))).toHaveLength(2);
    expect(s.smsTo(s.phoneOf(incident))).toHaveLength(1);

    expect((await s.api('DELETE', `/profiles/${onboarding}`)).status).toBe(204);
    expect((await s.api('DELETE', `/profiles/${incident}`)).status).toBe(204);
    expect(await s.messagesOf(onboarding)).toEqual([]);
    expect(await s.messagesOf(incident)).toEqual([]);
    expect(await s.executionsOf(onboarding)).toEqual([]);
    expect((await s.api('GET', `/profiles/${incident}`)).status).toBe(404);

    // Erasure stopped both journeys at once, with a cause that names nobody.
    for (const arn of [onboardingArn, incidentArn]) {
      expect(await s.statusOf(arn)).toBe('ABORTED');
      expect(await s.runtime.engine.describeExecution(arn)).toMatchObject({ error: ERASURE_STOP.error, cause: ERASURE_STOP.cause });
    }

    // The support desk closes the incident: nothing is waiting for it any more, nothing starts.
    await s.post(s.events.incidentResolved(incident, { incidentId: 'INC-X6' }));
    expect(await s.statusOf(incidentArn)).toBe('ABORTED');

    // Nothing reached them since the erasure, and nothing about them was recorded. (The erasure also removed what
    // the local inbox and outbox held for them: docs/reliability-security.md.)
    await s.advance({ days: 9 });
    expect(await s.emailsTo(s.emailOf(onboarding))).toEqual([]);
    expect(s.smsTo(s.phoneOf(incident))).toEqual([]);
    expect(await s.emailsTo(s.emailOf(incident))).toEqual([]);
    expect(await s.messagesOf(onboarding)).toEqual([]);
    expect((await s.messagesOf(incident)).filter((m) => m.journey !== 'post-resolution')).toEqual([]);
    await s.assertHealthy();
  });

  it('one-click unsubscribe from the List-Unsubscribe link of a marketing email stops that topic: the next promoter ask is suppressed "opted out"', async () => {
    const id = 'x-unsubscribe';
    await s.advanceToLocal('10:00', BRATISLAVA);
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en' }));
    await surveyAnswered(id, 'INC-X7', 10);
    const ask = (await s.emailsTo(email)).at(-1)!;
    expect(ask.subject).toBe('Thank you! Would you share your experience?');
    const url = listUnsubscribeOf(ask)!;
    expect(url).toMatch(new RegExp(`^${s.runtime.url}/unsubscribe\\?token=`));
    expect(ask.headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    expect(linkIn(ask.body.text, '/unsubscribe?token=')).toBe(url);

    const unsubscribed = await s.oneClickUnsubscribe(url);
    expect(unsubscribed.status).toBe(200);
    expect(unsubscribed.body).toEqual({ unsubscribed: true, topic: 'product_news' });
    expect(((await s.api('GET', `/profiles/${id}`)).body as { consents: Record<string, unknown> }).consents).toMatchObject({
      product_news: false,
      onboarding_tips: true,
      surveys: true,
    });

    // A later incident (a month on: one survey invitation per 30 days), a later promoter answer: the ask (product
    // news) is suppressed, the survey still came.
    await s.advance({ days: 30 });
    const emailsBefore = (await s.emailsTo(email)).length;
    await surveyAnswered(id, 'INC-X8', 9);
    const asks = (await s.messagesOf(id)).filter((m) => m.step === 'promoter-ask');
    expect(asks.map((m) => m.outcome)).toEqual(['sent', 'suppressed']);
    expect(asks[1]).toMatchObject({ reasonCodes: ['topic_opt_out'], reasons: ['suppressed: opted out of product_news'] });
    expect((await s.emailsTo(email)).slice(emailsBefore).map((e) => e.subject)).toEqual(['One quick question about Journeys']);
    expect((await s.executionsOf(id)).map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await s.assertHealthy();
  });

  it('one-click unsubscribe from the link in an onboarding tip ends the onboarding at its next check', async () => {
    const id = 'x-unsubscribe-tips';
    await s.advanceToLocal('10:00', BRATISLAVA);
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'cs', timeZone: 'Europe/Prague' }));
    await s.post(s.events.signedUp(id));
    await s.advance({ hours: 5 });
    await s.post(s.events.activated(id));
    const tip = (await s.emailsTo(email)).at(-1)!;
    expect(tip.subject).toBe('3 tipy, jak z Journeys vytěžit víc');
    const bodyLink = linkIn(tip.body.text, '/unsubscribe?token=')!;
    expect(bodyLink).toBe(listUnsubscribeOf(tip));

    expect((await s.oneClickUnsubscribe(bodyLink)).body).toEqual({ unsubscribed: true, topic: 'onboarding_tips' });
    await s.advance({ days: 3, hours: 1 });
    const execution = await onlyExecution(id, 'onboarding');
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Exited: before tip 2');
    expect(await s.taskOutputs(execution.id)).toContainEqual(expect.objectContaining({ exit: true, exitReason: 'customer unsubscribed from onboarding tips' }));
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Vítejte v Journeys', '3 tipy, jak z Journeys vytěžit víc']);
    await s.assertHealthy();
  });
});
