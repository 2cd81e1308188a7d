/**
 * The experiments the journeys run, one declaration each (functions/domain/model/experiment.ts). A journey's
 * message step names its experiment (`deliverStep(…, { experiment: ACTIVATION_NUDGE_COPY })`), which puts the id
 * in the message; deliver-message finds the declaration here, the report reads it from here. An experiment's id
 * is its identity: variants are assigned by hash(customer id, experiment id), so keeping the id keeps every
 * customer's variant across journey versions, and a new id starts a new experiment.
 */
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../functions/domain/model/experiment';

const declare = (input: ExperimentInput): Experiment => ExperimentSchema.parse(input);

/** Onboarding's activation nudge: the reminder copy against a copy that leads with what the customer gets. */
export const ACTIVATION_NUDGE_COPY = declare({
  id: 'activation-nudge-copy',
  journey: 'onboarding',
  step: 'activation-nudge',
  variants: [
    { name: 'reminder', weight: 50 },
    { name: 'benefit', weight: 50, template: 'activation_nudge_benefit' },
  ],
  goal: { event: 'customer.activated', withinHours: 7 * 24 },
  minimumSample: 1000,
  threshold: 0.99,
});

/**
 * Post-resolution's detractor follow-up: the offer (compensation talked about) against help without an offer.
 * Goal: no `customer.churned` within 30 days — a conversion is a customer whose 30 days passed without churning.
 */
export const DETRACTOR_OFFER = declare({
  id: 'detractor-offer',
  journey: 'post-resolution',
  step: 'detractor-offer',
  variants: [
    { name: 'offer', weight: 50 },
    { name: 'help', weight: 50, template: 'detractor_help' },
  ],
  goal: { event: 'customer.churned', withinHours: 30 * 24, absent: true },
  minimumSample: 500,
  threshold: 0.99,
});

export const EXPERIMENTS: readonly Experiment[] = [ACTIVATION_NUDGE_COPY, DETRACTOR_OFFER];

export const experimentById = (id: string): Experiment | undefined => EXPERIMENTS.find((experiment) => experiment.id === id);
