/**
 * Category semantics (rule 2): which rules a message category is subject to.
 * - transactional: always goes, unless no channel can reach the customer;
 * - service (incident, crisis, survey): bypasses marketing suppressions and frequency caps, keeps consent and,
 *   unless critical, quiet hours;
 * - marketing: every rule.
 */
import type { Category } from '../model/primitives';
import type { Urgency } from '../model/message';

export interface CategoryRules {
  marketingSuppressions: boolean;
  consent: boolean;
  frequencyCaps: boolean;
  quietHours: (urgency: Urgency) => boolean;
}

export const CATEGORY_RULES: Readonly<Record<Category, CategoryRules>> = {
  transactional: { marketingSuppressions: false, consent: false, frequencyCaps: false, quietHours: () => false },
  service: { marketingSuppressions: false, consent: true, frequencyCaps: false, quietHours: (urgency) => urgency !== 'critical' },
  marketing: { marketingSuppressions: true, consent: true, frequencyCaps: true, quietHours: () => true },
};
