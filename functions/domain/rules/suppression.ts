/**
 * Suppression lists (rule 3): marketing stops for an open critical incident, a crisis affecting the customer,
 * a detractor's cool-down or an operator's hand; a channel stops after a bounce, complaint, STOP or disabled
 * endpoint. Expired suppressions are ignored even before DynamoDB's TTL removes them.
 */
import type { ActiveCrisis } from '../model/crisis';
import type { Channel } from '../model/primitives';
import { suppressedChannel, SUPPRESSION_KINDS, type Suppression } from '../model/suppression';
import type { Verdict } from './rule-result';

const day = (iso: string) => iso.slice(0, 10);

/** The first reason marketing may not go to this customer now, or undefined. Takes active suppressions only. */
export function marketingSuppression(suppressions: readonly Suppression[], crisis: ActiveCrisis | undefined): Verdict | undefined {
  for (const s of suppressions) {
    if (SUPPRESSION_KINDS[s.kind].scope !== 'marketing') continue;
    switch (s.kind) {
      case 'open_incident':
        return { code: 'open_incident', reason: `suppressed: open ${s.severity ?? 'critical'} incident ${s.ref}` };
      case 'detractor_cooldown':
        return { code: 'detractor_cooldown', reason: `suppressed: detractor cool-down${s.expiresAt ? ` until ${day(s.expiresAt)}` : ''}` };
      default:
        return { code: 'manual_suppression', reason: `suppressed: ${s.reason}` };
    }
  }
  if (crisis) return { code: 'crisis', reason: `suppressed: crisis ${crisis.severity} "${crisis.headline}" affects this customer` };
  return undefined;
}

const CHANNEL_SUPPRESSION_LABEL: Partial<Record<Suppression['kind'], string>> = {
  hard_bounce: 'bounced',
  complaint: 'complaint',
  sms_stop: 'STOP received',
  push_disabled: 'push endpoint disabled',
};

/** Why a channel cannot be used for this customer, or undefined when it can. Takes active suppressions only. */
export function channelSuppression(suppressions: readonly Suppression[], channel: Channel): string | undefined {
  for (const s of suppressions) {
    if (suppressedChannel(s) === channel) return CHANNEL_SUPPRESSION_LABEL[s.kind] ?? s.reason;
  }
  return undefined;
}
