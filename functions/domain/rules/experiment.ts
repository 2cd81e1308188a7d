/**
 * A message step that runs an experiment: which variant the customer gets, and the decision with that variant
 * applied (its template, its channel order, its delay) and recorded (`experiment: {id, variant}`).
 *
 * Assignment is a hash of (experiment id, customer id) into buckets sized by the weights: deterministic, so the
 * same customer gets the same variant on every evaluation, retry, replay, restart and journey version, with
 * nothing stored and nothing read. Customers of the global control group are the experiment's `control` for a
 * marketing step (decide() suppresses their message); a transactional or service step has no control.
 *
 * The rules' reasons stay as they are (the variant is on the decision, and `journeys why` shows it beside them).
 * A variant's delay is served on the step's first evaluation (no ledger entry for the message yet): a decision
 * that would go out is deferred by the delay instead; the re-evaluation at `sendAt` finds the entry and runs the
 * rules as usual (quiet hours included).
 */
import { decide, type DecisionInput } from '../decide';
import { unitPoint } from '../experiments/hash';
import { CONTROL_VARIANT, type Experiment, type Variant } from '../model/experiment';
import type { Decision } from '../model/message';
import type { Category } from '../model/primitives';
import type { Policy } from '../policy';
import { isoString } from '../time/civil';
import { inControlGroup } from './control-group';

/** The variant for a customer outside the control group: the bucket of [0, 1) their hash point falls in. */
export function assignVariant(experiment: Pick<Experiment, 'id' | 'variants'>, customerId: string): Variant {
  const total = experiment.variants.reduce((sum, variant) => sum + variant.weight, 0);
  const point = unitPoint(experiment.id, customerId) * total;
  let upper = 0;
  for (const variant of experiment.variants) {
    upper += variant.weight;
    if (point < upper) return variant;
  }
  return experiment.variants[experiment.variants.length - 1]!;
}

/** The variant name a customer is assigned at this step: `control` for the control group at a marketing step. */
export function assignmentOf(experiment: Experiment, customerId: string, category: Category, controlGroupPercent: number): Variant | typeof CONTROL_VARIANT {
  if (category === 'marketing' && inControlGroup(customerId, controlGroupPercent)) return CONTROL_VARIANT;
  return assignVariant(experiment, customerId);
}

export interface ExperimentStep {
  experiment: Experiment;
  /** True when the ledger has no entry for this message yet: the step is reached now (the delay starts). */
  firstEvaluation: boolean;
}

/** decide(), with the customer's variant applied and recorded on the decision. */
export function decideWithExperiment(input: DecisionInput, policy: Policy, step: ExperimentStep): Decision {
  const { experiment } = step;
  const assigned = assignmentOf(experiment, input.profile.customerId, input.message.category, policy.controlGroupPercent);
  if (assigned === CONTROL_VARIANT) {
    // decide() suppresses a control-group customer's marketing message, naming the control group.
    return { ...decide(input, policy), experiment: { id: experiment.id, variant: CONTROL_VARIANT } };
  }
  const message = assigned.template ? { ...input.message, template: assigned.template } : input.message;
  const profile = assigned.channels ? { ...input.profile, channelPreferences: assigned.channels } : input.profile;
  const decision: Decision = { ...decide({ ...input, message, profile }, policy), experiment: { id: experiment.id, variant: assigned.name } };
  const delayMs = (assigned.delayHours ?? 0) * 3_600_000;
  if (!step.firstEvaluation || delayMs === 0 || (decision.outcome !== 'sent' && decision.outcome !== 'deferred')) return decision;
  const until = Math.max(input.now.getTime() + delayMs, decision.sendAt ? Date.parse(decision.sendAt) : 0);
  return {
    ...decision,
    outcome: 'deferred',
    sendAt: isoString(until),
    reasons: [...decision.reasons, `deferred: experiment ${experiment.id} variant ${assigned.name} waits ${assigned.delayHours} h after the step is reached`],
    reasonCodes: ['experiment_delay'],
  };
}
