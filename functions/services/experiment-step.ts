/**
 * The experiment side of a decision (functions/domain/rules/experiment.ts does the deciding): the declaration
 * the message names (contracts/experiments.ts), the first exposure recorded before the decision is, and the send
 * counted once it went out. Writes only — the variant comes from a hash, so a decision reads nothing more than
 * its one Query.
 */
import { decide, type DecisionInput } from '../domain/decide';
import type { Decision, LedgerEntry } from '../domain/model/message';
import type { Policy } from '../domain/policy';
import { decideWithExperiment } from '../domain/rules/experiment';
import { experimentById } from '../../contracts/experiments';
import { dependencies } from '../handlers/runtime/dependencies';
import { logger } from '../handlers/runtime/logger';
import '../handlers/runtime/wiring/experiments'; // builds the experiments this module uses (runtime/dependencies.ts)

/**
 * decide(), or at an experiment's step decideWithExperiment(). `previous` is the ledger entry of this message
 * (absent on the step's first evaluation, when a variant's delay starts).
 */
export function decideStep(input: DecisionInput, policy: Policy, previous: LedgerEntry | undefined): Decision {
  const id = input.message.experiment;
  if (id === undefined) return decide(input, policy);
  const experiment = experimentById(id);
  if (!experiment) {
    // A journey version naming an experiment this code no longer has: the message goes out as the step declares it.
    logger.warn('message names an unknown experiment; deciding without it', { experiment: id, journey: input.message.journey, step: input.message.step });
    return decide(input, policy);
  }
  return decideWithExperiment(input, policy, { experiment, firstEvaluation: previous === undefined });
}

/**
 * The customer's first exposure to the experiment (assigned, counted once per customer across executions), on
 * the step's first evaluation only. Called before the decision is recorded: a crash in between leaves no ledger
 * entry, so the retry is a first evaluation again and the conditional write makes it a no-op.
 */
export async function recordExposure(decision: Decision, previous: LedgerEntry | undefined): Promise<void> {
  if (!decision.experiment || previous !== undefined) return;
  await dependencies().experiments.recordExposure(decision.customerId, decision.experiment.id, decision.experiment.variant, decision.at);
}

/** A sent message of an experiment's step: counted as sent for its variant, once per customer. */
export async function recordExperimentSend(decision: Decision, at: string): Promise<void> {
  if (!decision.experiment) return;
  await dependencies().experiments.recordSent(decision.customerId, decision.experiment.id, decision.experiment.variant, at);
}
