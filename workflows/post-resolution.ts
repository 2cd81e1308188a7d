/**
 * Post-resolution (`incident.resolved`): after a cool-down, invite the customer to a one-question survey, remind
 * once, and act on the answer as the next-best-action rule says — detractors (0–6) get compensation when their
 * incident was critical (what is offered comes from the policy) or help otherwise, then a promotional cool-down
 * and a human follow-up; passives (7–8) a thank-you; promoters (9–10) a review ask.
 *
 * Execution input: CustomerJourneyInput with an `incident.resolved` event (`event.data.incidentId`, and
 * `event.data.severity` when the source knows it).
 * The answer arrives as `{ answer: { score } }` (api-surveys) or as a `survey.responded` event (route-event);
 * next-best-action reads the score out of either and answers it at `$.nextBest.score`.
 *
 * Transitions (docs/cost-model.md): the invitation opens its survey in the same task, a suppressed invitation ends
 * the journey through the message step's Catch (`Message.Suppressed`), the answer goes straight from the wait to
 * next-best-action, and the thank-you or review ask is the last state; so the main path — cool-down, invitation,
 * answer, next best action, follow-up?, review ask — costs 6 for 2 messages.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { DETRACTOR_COOLDOWN_DAYS, type FollowUp } from '../functions/domain/rules/next-best-action';
import { JourneyScope, choice, invoke, deliverStep, succeed, waitFor, waitForEvent, type JourneyFunctionsMap } from './blocks';
import { STEP_SIGNALS, type CloseSurveyInput, type FlagFollowUpInput, type MarketingSuppressionInput, type NextBestActionInput } from '../contracts/payloads';
import { DETRACTOR_OFFER } from '../contracts/experiments';

export interface PostResolutionTimings {
  /** Pause between the resolution and the survey invitation (default 24 hours). */
  readonly coolDown: Duration;
  /** How long to wait for an answer after the invitation, and again after the reminder (default 2 days). */
  readonly answerWait: Duration;
  /** A detractor's promotional cool-down (default DETRACTOR_COOLDOWN_DAYS = 30 days). */
  readonly detractorCooldown: Duration;
}

export const POST_RESOLUTION_TIMINGS: PostResolutionTimings = {
  coolDown: Duration.hours(24),
  answerWait: Duration.days(2),
  detractorCooldown: Duration.days(DETRACTOR_COOLDOWN_DAYS),
};

export interface PostResolutionJourneyProps {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<PostResolutionTimings>;
}

export function buildPostResolutionJourney(scope: Construct, props: PostResolutionJourneyProps): sfn.IChainable {
  const t = { ...POST_RESOLUTION_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'PostResolution', { journey: 'post-resolution', functions: props.functions });
  const customerId = sfn.JsonPath.stringAt('$.customerId');
  // The survey by id only: the link's token is a secret, built into the message at send time, never kept in state.
  const surveyId = sfn.JsonPath.stringAt('$.invitation.surveyId');
  const incidentId = sfn.JsonPath.stringAt('$.event.data.incidentId');

  const coolDown = waitFor(s, 'Cool-down', sfn.WaitTime.duration(t.coolDown), 'Let the dust settle before asking');
  // The invitation opens the survey itself (`opensSurvey`: no state of its own) and answers its id at
  // `$.invitation.surveyId`. One survey invitation per customer per 30 days across journeys
  // (rules/survey-invitation.ts): a suppressed invitation (asked recently by another journey, opted out,
  // unreachable) ends the journey in `Not asked`, so nobody is reminded of a survey they were not sent.
  const invitation = deliverStep(s, 'Survey invitation', {
    template: 'survey_invitation',
    topic: 'surveys',
    category: 'service',
    vars: { incidentId },
    opensSurvey: true,
    resultPath: '$.invitation',
    suppressedState: 'Not asked',
  });
  const reminder = deliverStep(s, 'Survey reminder', { template: 'survey_reminder', topic: 'surveys', category: 'service', vars: { surveyId, incidentId } });

  const awaitAnswer = (name: string) =>
    waitForEvent(s, name, {
      waitKey: sfn.JsonPath.format('survey:{}', surveyId),
      timeout: t.answerWait,
      comment: 'Woken by POST /surveys/{token} or a survey.responded event',
    });
  const firstWait = awaitAnswer('Await answer');
  const secondWait = awaitAnswer('Await answer again');
  const noAnswer = succeed(s, 'No answer');
  // The journey stops waiting: close the survey so that a late answer hears so (410) instead of vanishing. Best
  // effort: if closing keeps failing, the link's own expiry still ends it.
  const closePayload: Record<keyof CloseSurveyInput, unknown> = { customerId, executionId: sfn.JsonPath.executionId };
  const closeSurvey = invoke(s, 'Close survey', 'close-survey', { payload: closePayload, resultPath: sfn.JsonPath.DISCARD, comment: 'No more answers: the link answers 410' });
  closeSurvey.addCatch(noAnswer, { errors: [sfn.Errors.ALL], resultPath: '$.closeSurveyError' });
  closeSurvey.next(noAnswer);

  // Rule 8 decides the follow-up (and what compensation is offered) in one place: the next-best-action task, which
  // reads the score out of the signal in either shape. A signal without a score (neither shape) closes the survey.
  const nextBestPayload: Record<keyof NextBestActionInput, unknown> = {
    answer: sfn.JsonPath.objectAt('$.signal'),
    incident: sfn.JsonPath.objectAt('$.event.data'),
  };
  const nextBest = invoke(s, 'Next best action', 'next-best-action', { payload: nextBestPayload, resultPath: '$.nextBest' });
  nextBest.addCatch(closeSurvey, { errors: [STEP_SIGNALS.answerMissing], resultPath: '$.answerError' });

  firstWait.onSignal(nextBest).onTimeout(reminder);
  reminder.next(secondWait);
  secondWait.onSignal(nextBest).onTimeout(closeSurvey);

  const followUpKind = choice(s, 'Follow-up?', 'Compensation (detractor, critical incident), help (other detractors), thanks or a review ask');
  nextBest.next(followUpKind);

  const compensationOffer = deliverStep(s, 'Compensation offer', {
    template: 'compensation_offer',
    topic: 'service_updates',
    category: 'service',
    vars: { discountPercent: sfn.JsonPath.numberAt('$.nextBest.offer.discountPercent') },
  });
  // An experiment: the offer against help without an offer, goal no `customer.churned` within 30 days.
  const detractorOffer = deliverStep(s, 'Detractor offer', { template: 'detractor_offer', topic: 'service_updates', category: 'service', experiment: DETRACTOR_OFFER });
  const cooldownPayload: Partial<Record<keyof Extract<MarketingSuppressionInput, { action: 'add' }>, unknown>> = {
    action: 'add',
    customerId,
    kind: 'detractor_cooldown',
    ref: surveyId,
    days: t.detractorCooldown.toDays(),
  };
  const detractorCooldown = invoke(s, 'Detractor cool-down', 'marketing-suppression', {
    payload: cooldownPayload,
    resultPath: sfn.JsonPath.DISCARD,
    comment: 'No promotions for a while after a bad experience',
  });
  const followUpPayload: Record<keyof FlagFollowUpInput, unknown> = {
    customerId,
    reason: 'detractor',
    score: sfn.JsonPath.numberAt('$.nextBest.score'),
    surveyId,
  };
  const followUp = invoke(s, 'Flag for follow-up', 'flag-follow-up', { payload: followUpPayload, resultPath: sfn.JsonPath.DISCARD });
  // The support desk must hear of a detractor: retry a failing bus or table a few times, then end the journey
  // visibly failed-over rather than failed (the offer already went out; the reason stays in $.followUpError).
  followUp.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL });
  const followUpFailed = succeed(s, 'Follow-up not flagged', 'flag-follow-up kept failing: see $.followUpError and the function alarms');
  followUp.addCatch(followUpFailed, { errors: [sfn.Errors.ALL], resultPath: '$.followUpError' });
  detractorOffer.next(detractorCooldown).next(followUp).next(succeed(s, 'Detractor followed up'));
  compensationOffer.next(detractorCooldown);

  // The thank-you and the review ask end the journey themselves (no Succeed after them: one transition less), so
  // their states carry the ending's name; the message's step keeps the message's name.
  const passive = deliverStep(s, 'Passive thanked', { step: 'passive-thanks', template: 'passive_thanks', topic: 'surveys', category: 'service' });
  const promoter = deliverStep(s, 'Promoter asked', { step: 'promoter-ask', template: 'promoter_ask', topic: 'product_news', category: 'marketing' });

  const is = (followUp: FollowUp) => sfn.Condition.stringEquals('$.nextBest.followUp', followUp);
  followUpKind
    .when(is('compensation_offer'), compensationOffer)
    .when(is('help_offer'), detractorOffer)
    .when(is('thanks'), passive)
    .otherwise(promoter);

  return coolDown.next(invitation).next(firstWait);
}
