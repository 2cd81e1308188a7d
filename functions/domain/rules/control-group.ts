/**
 * The global control group: a configured share of customers (the policy's `controlGroupPercent`, default 0) gets
 * no `marketing` message from any journey, so what the journeys achieve can be measured against customers they
 * never reached. `transactional` and `service` messages still flow. Membership is a hash of the customer id
 * alone: stable across journeys, versions, restarts and replays, and needing no read.
 */
import { unitPoint } from '../experiments/hash';
import type { Category } from '../model/primitives';
import type { Verdict } from './rule-result';

/** The hash salt of the control group; experiments salt with their own id, so the two draws are independent. */
const CONTROL_SALT = 'control';

export function inControlGroup(customerId: string, percent: number): boolean {
  return percent > 0 && unitPoint(CONTROL_SALT, customerId) * 100 < percent;
}

const verdicts = new Map<number, Verdict>();

/** The suppression of a marketing message to a control-group customer, or undefined. */
export function controlGroupSuppression(customerId: string, category: Category, percent: number): Verdict | undefined {
  if (category !== 'marketing' || !inControlGroup(customerId, percent)) return undefined;
  let verdict = verdicts.get(percent);
  if (!verdict) {
    verdict = { code: 'control_group', reason: `suppressed: customer is in the global control group (${percent} % of customers get no marketing)` };
    verdicts.set(percent, verdict);
  }
  return verdict;
}
