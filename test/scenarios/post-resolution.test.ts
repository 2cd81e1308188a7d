/**
 * The post-resolution journey end to end, through the real local runtime on the virtual clock: the 24 h cool-down
 * after `incident.resolved`, the survey invitation (quiet hours respected), the answer — from the survey link or a
 * `survey.responded` event — and its branch as rule 8 says: detractor (compensation after a critical incident, help
 * otherwise; then a 30-day promotional cool-down and a human follow-up), passive (thanks), promoter (a review ask, which is marketing and so needs consent); and, without an
 * answer, one reminder and the end.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it, vi } from 'vitest';
import { DAY, linkIn, listUnsubscribeOf, nextLocal, useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');
const BRATISLAVA = 'Europe/Bratislava';

async function postResolution(customerId: string) {
  const executions = (await s.executionsOf(customerId)).filter((e) => e.journey === 'post-resolution');
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

/** Resolves an incident for the customer (which starts post-resolution) and plays the 24 h cool-down. */
async function resolvedAndInvited(customerId: string, incidentId: string, severity?: string): Promise<{ surveyUrl: string; resolvedAt: number }> {
  const resolvedAt = s.now().getTime();
  await s.post(s.events.incidentResolved(customerId, { incidentId, ...(severity ? { severity } : {}) }));
  await s.advance({ days: 1 });
  const invitation = (await s.emailsTo(s.emailOf(customerId))).at(-1);
  const surveyUrl = linkIn(invitation?.body.text, '/surveys/');
  if (!surveyUrl) throw new Error(`no survey link for ${customerId}: ${JSON.stringify(invitation?.subject)}`);
  return { surveyUrl, resolvedAt };
}

/** The whole execution history, every page, through the runtime's Step Functions API (as the console reads it). */
async function historyOf(executionArn: string): Promise<HistoryEvent[]> {
  const sfn = new SFNClient({ endpoint: s.runtime.url, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 100, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  } finally {
    sfn.destroy();
  }
}

describe('post-resolution journey', () => {
  it('keeps the survey token out of the execution history: the invitation and reminder carry the link, the state only the survey id', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-token';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London' }));
    const { surveyUrl } = await resolvedAndInvited(id, 'INC-PR10');
    await s.advance({ days: 2 });
    const token = new URL(surveyUrl).pathname.split('/').at(-1)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // The link is built at send time, for the reminder too: both messages carry the same token.
    const sent = await s.emailsTo(email);
    expect(sent.map((e) => e.subject)).toEqual(['One quick question about Journeys', 'Reminder: one quick question about Journeys']);
    expect(sent.map((e) => linkIn(e.body.text, '/surveys/'))).toEqual([surveyUrl, surveyUrl]);
    const comment = 'My card was declined twice, call me on +421 900 123 456';
    expect((await s.answerSurvey(surveyUrl, { score: 3, comment })).status).toBe(200);

    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    const history = JSON.stringify(await historyOf(execution.id));
    const surveyId = ((await s.api('GET', new URL(surveyUrl).pathname)).body as { surveyId: string }).surveyId;
    // The search is not vacuous: the history holds the whole journey, survey id and score included.
    expect(history).toContain('Detractor followed up');
    expect(history).toContain(surveyId);
    expect(history).not.toContain(token);
    expect(history).not.toContain('/surveys/');
    expect(history).not.toContain('+421 900 123 456');
    await s.assertHealthy();
  });

  it('waits 24 h after the resolution, invites, reminds once after 2 days without an answer, and ends after 2 more', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-silent';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-PR1', severity: 'minor', title: 'Pomalé prihlásenie' }));
    const resolvedAt = s.now().getTime();
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-PR1' }));
    const ackOnly = ['Riešime to: Pomalé prihlásenie (INC-PR1)'];
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(ackOnly);

    // The cool-down: nothing for 24 hours.
    await s.advance({ hours: 23, minutes: 59 });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(ackOnly);
    await s.advance({ minutes: 1 });
    const invitation = await s.decisionOf(id, 'survey-invitation');
    expect(invitation).toMatchObject({
      journey: 'post-resolution',
      category: 'service',
      topic: 'surveys',
      outcome: 'sent',
      channel: 'email',
      locale: 'sk',
      at: new Date(resolvedAt + DAY).toISOString(),
    });
    const invitationEmail = (await s.emailsTo(email)).at(-1)!;
    expect(invitationEmail.subject).toBe('Jedna krátka otázka o Journeys');
    expect(linkIn(invitationEmail.body.text, '/surveys/')).toMatch(new RegExp(`^${s.runtime.url}/surveys/[A-Za-z0-9_-]+$`));

    // No answer for 2 days: the reminder, with the same link.
    await s.advance({ days: 2 });
    expect(await s.decisionOf(id, 'survey-reminder')).toMatchObject({ outcome: 'sent', channel: 'email', at: new Date(resolvedAt + 3 * DAY).toISOString() });
    const reminder = (await s.emailsTo(email)).at(-1)!;
    expect(reminder.subject).toBe('Pripomienka: jedna otázka o Journeys');
    expect(linkIn(reminder.body.text, '/surveys/')).toBe(linkIn(invitationEmail.body.text, '/surveys/'));
    expect((await postResolution(id)).status).toBe('RUNNING');

    // No answer for 2 more days: the journey ends, and nothing else is sent.
    await s.advance({ days: 2 });
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('No answer');
    await s.advance({ days: 3 });
    expect((await s.messagesOf(id)).filter((m) => m.journey === 'post-resolution').map((m) => m.step)).toEqual(['survey-invitation', 'survey-reminder']);
    expect(await s.emailsTo(email)).toHaveLength(3);
    await s.assertHealthy();
  });

  it('closes the survey when the journey stops waiting: an answer after that is a 410 that says so, and starts nothing', async () => {
    const id = 'pr-late';
    await s.advanceToLocal('10:00', BRATISLAVA);
    await s.putProfile(s.profile(id));
    const { surveyUrl, resolvedAt } = await resolvedAndInvited(id, 'INC-PR9');
    // The link would stay valid until 5 days after the invitation; the journey stops waiting after 4 (2 + 2).
    await s.advance({ days: 4 });
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).slice(-2)).toEqual(['Close survey', 'No answer']);
    expect(s.now().getTime()).toBeLessThan(resolvedAt + DAY + 5 * DAY);
    const late = await s.answerSurvey(surveyUrl, { score: 2 });
    expect(late.status).toBe(410);
    expect(late.body).toEqual({ error: { code: 'survey_closed', message: 'this survey has closed: the journey no longer waits for an answer' } });
    const page = await fetch(surveyUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This survey has closed: we are no longer collecting answers to it.');
    await s.advance({ days: 1 });
    expect((await s.messagesOf(id)).filter((m) => m.journey === 'post-resolution').map((m) => m.step)).toEqual(['survey-invitation', 'survey-reminder']);
    expect(await s.suppressionsOf(id)).toEqual([]);
    await s.assertHealthy();
  });

  it('an invitation due in quiet hours is deferred to 08:00 local; a passive answer (7) gets a thank-you', async () => {
    const id = 'pr-passive';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'cs', timeZone: 'Europe/Prague' }));
    await s.advanceTo(nextLocal('22:30', 'Europe/Prague', s.now()));
    await s.post(s.events.incidentResolved(id, { incidentId: 'INC-PR2' }));

    // 24 h later it is 22:30 in Prague again: deferred, not dropped.
    await s.advance({ days: 1 });
    const eight = nextLocal('08:00', 'Europe/Prague', s.now()).toISOString();
    const deferred = await s.decisionOf(id, 'survey-invitation');
    expect(deferred).toMatchObject({ outcome: 'deferred', channel: 'email', sendAt: eight, reasonCodes: ['quiet_hours'] });
    expect(deferred!.reasons).toEqual(['quiet hours until 08:00 Europe/Prague']);
    expect(await s.emailsTo(email)).toEqual([]);
    await s.advanceTo(new Date(Date.parse(eight) - 60_000));
    expect(await s.emailsTo(email)).toEqual([]);
    await s.advance({ minutes: 1 });
    expect(await s.decisionOf(id, 'survey-invitation')).toMatchObject({ outcome: 'sent', at: eight });
    const invitation = (await s.emailsTo(email))[0]!;
    expect(invitation.subject).toBe('Jedna krátká otázka o Journeys');

    await s.advance({ hours: 3 });
    const answer = await s.answerSurvey(linkIn(invitation.body.text, '/surveys/')!, { score: 7 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ score: 7, surveyId: expect.stringMatching(/^srv-/) });
    expect(await s.decisionOf(id, 'passive-thanks')).toMatchObject({ category: 'service', outcome: 'sent', channel: 'email', locale: 'cs' });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Jedna krátká otázka o Journeys', 'Děkujeme za zpětnou vazbu']);
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Passive thanked');
    expect(await s.suppressionsOf(id)).toEqual([]);
    await s.assertHealthy();
  });

  it('a detractor (3) of a major incident gets the help offer, a 30-day promotional cool-down and a human follow-up', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-detractor';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id));
    const { surveyUrl } = await resolvedAndInvited(id, 'INC-PR3', 'major');

    await s.advance({ hours: 2 });
    const answeredAt = s.now();
    // Watch what the handlers put on the bus (they run in this process): the follow-up announcement.
    const send = vi.spyOn(EventBridgeClient.prototype, 'send');
    const answer = await s.answerSurvey(surveyUrl, { score: 3, comment: 'Nemohol som zaplatiť celý deň.' });
    const announced = send.mock.calls.flatMap(([command]: [unknown, ...unknown[]]) => (command instanceof PutEventsCommand ? (command.input.Entries ?? []) : []))
      .filter((entry) => entry.DetailType === 'support.follow_up_requested');
    send.mockRestore();
    expect(answer.status).toBe(200);
    const surveyId = (answer.body as { surveyId: string }).surveyId;

    // The offer: help, not sales (a service message).
    expect(await s.decisionOf(id, 'detractor-offer')).toMatchObject({ category: 'service', topic: 'service_updates', outcome: 'sent', channel: 'email' });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Jedna krátka otázka o Journeys', 'Mrzí nás to – radi to napravíme']);
    // The promotional cool-down, for 30 days.
    const cooldownEnds = new Date(answeredAt.getTime() + 30 * DAY);
    expect(await s.suppressionsOf(id)).toEqual([
      expect.objectContaining({ kind: 'detractor_cooldown', ref: surveyId, expiresAt: cooldownEnds.toISOString() }),
    ]);
    // The follow-up for a human: recorded in the customer's collection and announced on the bus for the support desk.
    expect(await s.itemsOf(id, 'FOLLOWUP#')).toEqual([expect.objectContaining({ reason: 'detractor', score: 3, surveyId })]);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ EventBusName: 'journeys', Source: 'journeys' });
    expect(JSON.parse(announced[0]!.Detail!)).toMatchObject({ customerId: id, reason: 'detractor', score: 3, surveyId });
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    const entered = await s.statesEntered(execution.id);
    expect(entered.slice(-3)).toEqual(['Detractor cool-down', 'Flag for follow-up', 'Detractor followed up']);
    // Rule 8 chose help: the next-best-action task, then the help offer, never the compensation offer.
    expect(entered).toEqual(expect.arrayContaining(['Next best action', 'Follow-up?', 'Detractor offer']));
    expect(entered).not.toContain('Compensation offer');

    // Marketing meanwhile is suppressed: the customer signs up for onboarding; the welcome (transactional) goes,
    // the nudge (marketing) does not.
    await s.post(s.events.signedUp(id, 'pr-detractor-signup-1'));
    await s.advance({ days: 2 });
    const nudge = await s.decisionOf(id, 'activation-nudge');
    expect(nudge).toMatchObject({ outcome: 'suppressed', reasonCodes: ['detractor_cooldown'] });
    expect(nudge!.reasons).toEqual([`suppressed: detractor cool-down until ${cooldownEnds.toISOString().slice(0, 10)}`]);
    expect((await s.emailsTo(email)).map((e) => e.subject).at(-1)).toBe('Vitajte v Journeys');

    // After the 30 days, marketing flows again: a new onboarding's nudge is sent.
    await s.advanceTo(new Date(cooldownEnds.getTime() + 60_000));
    expect(await s.suppressionsOf(id)).toEqual([]);
    const second = await s.post(s.events.signedUp(id, 'pr-detractor-signup-2'));
    expect(second.accepted).toHaveLength(1);
    await s.advance({ days: 2 });
    const nudges = (await s.messagesOf(id)).filter((m) => m.step === 'activation-nudge');
    expect(nudges.map((m) => m.outcome)).toEqual(['suppressed', 'sent']);
    expect((await s.emailsTo(email)).map((e) => e.subject).at(-1)).toBe('Dokončite nastavenie účtu');
    await s.assertHealthy();
  });

  it('a detractor (2) of a critical incident gets the compensation offer naming the discount, the cool-down and a follow-up', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-compensated';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London' }));
    const { surveyUrl } = await resolvedAndInvited(id, 'INC-PR6', 'critical');
    const answeredAt = s.now();
    const answer = await s.answerSurvey(surveyUrl, { score: 2 });
    expect(answer.status).toBe(200);
    const surveyId = (answer.body as { surveyId: string }).surveyId;

    // The offer names what is offered: the default policy's 20 % off the next invoice.
    expect(await s.decisionOf(id, 'compensation-offer')).toMatchObject({
      template: 'compensation_offer',
      category: 'service',
      topic: 'service_updates',
      outcome: 'sent',
      channel: 'email',
      locale: 'en',
    });
    expect(await s.decisionOf(id, 'detractor-offer')).toBeUndefined();
    const offer = (await s.emailsTo(email)).at(-1)!;
    expect(offer.subject).toBe("We're sorry – 20 % off your next invoice");
    expect(offer.body.text).toContain('As an apology, we are taking 20 % off your next invoice.');
    // Then the same as for every detractor: the promotional cool-down and the human follow-up.
    const cooldownEnds = new Date(answeredAt.getTime() + 30 * DAY);
    expect(await s.suppressionsOf(id)).toEqual([
      expect.objectContaining({ kind: 'detractor_cooldown', ref: surveyId, expiresAt: cooldownEnds.toISOString() }),
    ]);
    expect(await s.itemsOf(id, 'FOLLOWUP#')).toEqual([expect.objectContaining({ reason: 'detractor', score: 2, surveyId })]);
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    const entered = await s.statesEntered(execution.id);
    expect(entered).toEqual(expect.arrayContaining(['Next best action', 'Follow-up?', 'Compensation offer']));
    expect(entered).not.toContain('Detractor offer');
    expect(entered.slice(-3)).toEqual(['Detractor cool-down', 'Flag for follow-up', 'Detractor followed up']);

    // Marketing stays suppressed during the cool-down: the onboarding nudge is not sent.
    await s.post(s.events.signedUp(id, 'pr-compensated-signup'));
    await s.advance({ days: 2 });
    expect(await s.decisionOf(id, 'activation-nudge')).toMatchObject({ category: 'marketing', outcome: 'suppressed', reasonCodes: ['detractor_cooldown'] });
    await s.assertHealthy();
  });

  it('a promoter (10, answered by a survey.responded event after the reminder) gets the review ask, as marketing with one-click unsubscribe', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-promoter';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'hu', timeZone: 'Europe/Budapest' }));
    const { surveyUrl } = await resolvedAndInvited(id, 'INC-PR4');
    await s.advance({ days: 2 });
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['Egyetlen rövid kérdés', 'Emlékeztető: egyetlen rövid kérdés']);

    // The survey's id, as the support desk's tool would know it, and the answer as an event.
    const survey = await s.api('GET', new URL(surveyUrl).pathname);
    expect(survey.body).toMatchObject({ answered: false });
    const surveyId = (survey.body as { surveyId: string }).surveyId;
    await s.post(s.events.surveyResponded(id, { surveyId, score: 10 }));

    const ask = await s.decisionOf(id, 'promoter-ask');
    expect(ask).toMatchObject({ category: 'marketing', topic: 'product_news', outcome: 'sent', channel: 'email', locale: 'hu' });
    const askEmail = (await s.emailsTo(email)).at(-1)!;
    expect(askEmail.subject).toBe('Köszönjük! Megosztaná a tapasztalatait?');
    expect(listUnsubscribeOf(askEmail)).toMatch(/\/unsubscribe\?token=/);
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Promoter asked');
    await s.assertHealthy();
  });

  it('a promoter who opted out of product news gets no ask (marketing respects consent)', async () => {
    await s.advanceToLocal('10:00', BRATISLAVA);
    const id = 'pr-promoter-optout';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London', consents: { product_news: false, surveys: true } }));
    const { surveyUrl } = await resolvedAndInvited(id, 'INC-PR5');
    const answer = await s.answerSurvey(surveyUrl, { score: 9 });
    expect(answer.status).toBe(200);

    const ask = await s.decisionOf(id, 'promoter-ask');
    expect(ask).toMatchObject({ category: 'marketing', outcome: 'suppressed', channel: null, reasonCodes: ['topic_opt_out'] });
    expect(ask!.reasons).toEqual(['suppressed: opted out of product_news']);
    expect((await s.emailsTo(email)).map((e) => e.subject)).toEqual(['One quick question about Journeys']);
    expect(s.smsTo(s.phoneOf(id))).toEqual([]);
    const execution = await postResolution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).at(-1)).toBe('Promoter asked');
    await s.assertHealthy();
  });
});
