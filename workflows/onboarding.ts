/**
 * Onboarding (`customer.signed_up`): welcome, wait for activation, then tips for the activated or a nudge for
 * the others, and an education series of two more tips, each after a pause and with an exit check folded into
 * the tip's own task. A churn during the activation wait wakes the wait and the exit check ends the journey;
 * marketing steps are suppressed (never crashed) during an incident or a crisis by deliver-message.
 *
 * Execution input: CustomerJourneyInput (`{ journey, customerId, event }`).
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ACTIVATION_NUDGE_COPY } from '../contracts/experiments';
import { waitKeys } from '../contracts/routes';
import { JourneyScope, choice, exitCheck, deliverStep, succeed, waitFor, waitForEvent, type JourneyFunctionsMap } from './blocks';

export interface OnboardingTimings {
  /** How long to wait for `customer.activated` (default 2 days). */
  readonly activationWait: Duration;
  /** Pause before each further tip (default 3 days). */
  readonly tipInterval: Duration;
}

export const ONBOARDING_TIMINGS: OnboardingTimings = {
  activationWait: Duration.days(2),
  tipInterval: Duration.days(3),
};

export interface OnboardingJourneyProps {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<OnboardingTimings>;
}

export function buildOnboardingJourney(scope: Construct, props: OnboardingJourneyProps): sfn.IChainable {
  const t = { ...ONBOARDING_TIMINGS, ...props.timings };
  const s = new JourneyScope(scope, 'Onboarding', { journey: 'onboarding', functions: props.functions });

  const welcome = deliverStep(s, 'Welcome', { template: 'welcome', topic: 'onboarding_tips', category: 'transactional' });

  const waitActivation = waitForEvent(s, 'Wait for activation', {
    waitKey: waitKeys.activation(),
    timeout: t.activationWait,
    comment: 'Woken by customer.activated or customer.churned',
  });
  // Woken by the activation itself: straight to the tips, whose own exit check (erased, churned, opted out of
  // onboarding tips) ends the journey. Woken by anything else (a churn) or the timeout: the status decides.
  const afterActivationWait = exitCheck(s, 'Status after activation wait', { exitState: 'Exited: after activation wait' });
  const activatedBySignal = choice(s, 'Woken by activation?');
  waitActivation.onSignal(activatedBySignal).onTimeout(afterActivationWait);

  const activated = choice(s, 'Activated?', 'Activated according to the profile');
  const tips = deliverStep(s, 'Tips', {
    template: 'tips',
    topic: 'onboarding_tips',
    category: 'marketing',
    step: 'tip-1',
    vars: { tipNumber: 1 },
    exitState: 'Exited: after activation wait',
  });
  // An experiment: two copies of the nudge, goal `customer.activated` within 7 days (contracts/experiments.ts).
  const nudge = deliverStep(s, 'Activation nudge', { template: 'activation_nudge', topic: 'onboarding_tips', category: 'marketing', experiment: ACTIVATION_NUDGE_COPY });
  // Rules are tried in order, so the event type is only read once a signal with an event is known to be there.
  activatedBySignal
    .when(sfn.Condition.isNotPresent('$.signal.event.type'), afterActivationWait)
    .when(sfn.Condition.stringEquals('$.signal.event.type', 'customer.activated'), tips)
    .otherwise(afterActivationWait);
  activated.when(sfn.Condition.booleanEquals('$.status.activated', true), tips).otherwise(nudge);

  const tip = (n: number, next: sfn.IChainable): sfn.IChainable => {
    const pause = waitFor(s, `Wait before tip ${n}`, sfn.WaitTime.duration(t.tipInterval));
    // The exit check is the tip's own (deliver-message reads the profile anyway): no status task after the pause.
    const message = deliverStep(s, `Tip ${n}`, { template: 'tips', topic: 'onboarding_tips', category: 'marketing', vars: { tipNumber: n }, exitState: `Exited: before tip ${n}` });
    return pause.next(message).next(next);
  };
  const complete = succeed(s, 'Onboarding complete');
  const series = tip(2, tip(3, complete));
  tips.next(series);
  nudge.next(series);

  afterActivationWait.next(activated);
  return welcome.next(waitActivation);
}
