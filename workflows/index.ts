/**
 * The four journeys, by name: what the CDK `Journey` construct builds a state machine from. Each journey file
 * exports its builder, its default timings and its timings type.
 */
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { JourneyName } from '../functions/domain';
import type { JourneyFunctionsMap } from './blocks';
import { buildCrisisJourney, type CrisisTimings } from './crisis';
import { buildIncidentJourney, type IncidentTimings } from './incident';
import { buildOnboardingJourney, type OnboardingTimings } from './onboarding';
import { buildPostResolutionJourney, type PostResolutionTimings } from './post-resolution';

export interface JourneyTimings {
  onboarding: OnboardingTimings;
  incident: IncidentTimings;
  crisis: CrisisTimings;
  'post-resolution': PostResolutionTimings;
}

export interface JourneyBuildProps<J extends JourneyName> {
  readonly functions: JourneyFunctionsMap;
  readonly timings?: Partial<JourneyTimings[J]>;
}

export type JourneyBuilder<J extends JourneyName> = (scope: Construct, props: JourneyBuildProps<J>) => sfn.IChainable;

export const JOURNEY_BUILDERS: { readonly [J in JourneyName]: JourneyBuilder<J> } = {
  onboarding: buildOnboardingJourney,
  incident: buildIncidentJourney,
  crisis: buildCrisisJourney,
  'post-resolution': buildPostResolutionJourney,
};

export const JOURNEY_DESCRIPTIONS: { readonly [J in JourneyName]: string } = {
  onboarding: 'Welcome, activation and an education series for new customers (customer.signed_up)',
  incident: 'Acknowledgement, updates and marketing suppression while a customer incident is open (incident.opened)',
  crisis: 'Alert, cadence updates and all-clear to every affected customer during a crisis (PUT /crisis)',
  'post-resolution': 'Survey after a resolved incident and the next best action for the answer (incident.resolved)',
};

export { buildCrisisJourney, buildIncidentJourney, buildOnboardingJourney, buildPostResolutionJourney };
export * from './blocks';
