/**
 * The tunable parts of the rules, with the defaults marketing ops start from. A deployment may override any
 * of them (infra context → handler environment); the rules themselves never hard-code a number.
 */
import type { Channel } from './model/primitives';
import type { CrisisSeverity } from './model/crisis';

export interface FrequencyCap {
  /** At most this many marketing messages sent… */
  max: number;
  /** …in any rolling window of this many hours. */
  windowHours: number;
}

export interface CrisisPlaybookEntry {
  /** Channel order for customers the crisis affects: SMS/push before email for the severe levels. */
  channels: readonly Channel[];
  /** Minutes between broadcast updates while the crisis is active. */
  cadenceMinutes: number;
  /**
   * At most this many crisis messages to one customer in any 24 hours (rules/crisis-cadence.ts): changes go out
   * within it, and with no change a reminder every 24 h / this. A declaration may set its own.
   */
  customerMessagesPerDay: number;
  /** Whether crisis broadcasts may break quiet hours. */
  breaksQuietHours: boolean;
  /** Guidance shown to on-call staff when they choose a severity. */
  guidance: string;
}

/** What a detractor whose incident was critical is offered (rule 8): named in the offer they receive. */
export interface Compensation {
  /** A discount on the customer's next invoice, in percent. */
  discountPercent: number;
}

export interface Policy {
  quietHours: { start: string; end: string };
  frequencyCaps: readonly FrequencyCap[];
  defaultChannelPreferences: readonly Channel[];
  crisisPlaybook: Readonly<Record<CrisisSeverity, CrisisPlaybookEntry>>;
  /** At most one survey invitation per customer in this many days, across journeys (rules/survey-invitation.ts). */
  surveyInvitationDays: number;
  compensation: Compensation;
  /** Percent of customers (0–50) in the global control group: no marketing from any journey (rules/control-group.ts). */
  controlGroupPercent: number;
}

export const DEFAULT_POLICY: Policy = {
  quietHours: { start: '21:00', end: '08:00' },
  frequencyCaps: [
    { max: 1, windowHours: 24 },
    { max: 3, windowHours: 24 * 7 },
  ],
  defaultChannelPreferences: ['email', 'push', 'sms'],
  surveyInvitationDays: 30,
  controlGroupPercent: 0,
  crisisPlaybook: {
    sev1: {
      channels: ['sms', 'push', 'email'],
      cadenceMinutes: 60,
      customerMessagesPerDay: 4,
      breaksQuietHours: true,
      guidance: 'Core product unavailable or data at risk for many customers. SMS first, the record refreshed every hour, day and night; customers hear of each change, at most 4 messages a day.',
    },
    sev2: {
      channels: ['push', 'sms', 'email'],
      cadenceMinutes: 120,
      customerMessagesPerDay: 4,
      breaksQuietHours: false,
      guidance: 'A major feature is degraded for a segment. Push first, updates every two hours, quiet hours respected.',
    },
    sev3: {
      channels: ['push', 'email', 'sms'],
      cadenceMinutes: 240,
      customerMessagesPerDay: 4,
      breaksQuietHours: false,
      guidance: 'Minor or partial degradation. Push first, then email; updates every four hours.',
    },
  },
  compensation: { discountPercent: 20 },
};
