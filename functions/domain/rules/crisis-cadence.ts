/**
 * How often a crisis reaches one customer. The journey broadcasts on every change on-call makes and, while nothing
 * changes, on every cadence tick — that keeps the status banner and the crisis record fresh. A customer is not told
 * the same thing every tick (40 identical SMS in 40 hours make people opt out):
 *
 * - the alert and the all-clear always go out: they start and end the crisis for the customer;
 * - a change — a version the customer has not been sent — goes out, within the daily cap;
 * - with no change, a reminder ("no change yet; next update by 17:00") goes out only once the customer has heard
 *   nothing about the crisis for a day divided by one less than the cap (8 hours at the default 4), so reminders
 *   alone never use the whole day's cap: one message is always left for a change;
 * - the cap: at most `perDay` crisis messages in any 24 hours. The alert and the all-clear count towards it but are
 *   never held back; a change held back by the cap goes out at the first tick the cap allows (it is still unsent).
 *
 * The cap comes from the playbook (policy.ts, `customerMessagesPerDay`) or the declaration.
 */
import type { LedgerEntry } from '../model/message';

export type CrisisBroadcastKind = 'alert' | 'update' | 'all-clear';

/** A crisis message the customer was sent: its crisis version, and when (epoch ms). */
export interface CrisisMessageSent {
  version: number;
  at: number;
}

export interface CrisisTurnInput {
  kind: CrisisBroadcastKind;
  /** The crisis version this broadcast carries. */
  version: number;
  /** The crisis messages the customer was sent (any crisis: the cap is about the customer's phone). */
  sent: readonly CrisisMessageSent[];
  now: number;
  cadenceMinutes: number;
  perDay: number;
}

export type CrisisTurn =
  | { send: true; template: 'crisis_alert' | 'crisis_update' | 'crisis_reminder' | 'all_clear'; reason: string; nextUpdateBy?: number }
  | { send: false; reason: string };

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** What this broadcast brings this customer: the message to send, or why nothing. */
export function crisisTurn(input: CrisisTurnInput): CrisisTurn {
  const { kind, version, sent, now, cadenceMinutes, perDay } = input;
  if (kind === 'alert') return { send: true, template: 'crisis_alert', reason: 'the crisis was declared' };
  if (kind === 'all-clear') return { send: true, template: 'all_clear', reason: 'the crisis is resolved' };

  const today = sent.filter((message) => message.at > now - DAY_MS).length;
  const capped = today >= perDay;
  const capReason = `held: ${today} crisis message${today === 1 ? '' : 's'} in the last 24 hours, at most ${perDay} a day`;
  if (!sent.some((message) => message.version === version)) {
    return capped
      ? { send: false, reason: `${capReason}; the change goes out when the cap allows` }
      : { send: true, template: 'crisis_update', reason: `the crisis changed (version ${version})` };
  }

  // Nothing changed since the customer's last message about this version: a reminder, when one is due.
  const interval = reminderIntervalMinutes(cadenceMinutes, perDay);
  const last = Math.max(...sent.map((message) => message.at));
  // Half a cadence of slack: ticks come a cadence apart plus the broadcast's own time, never early, but a large
  // broadcast reaches a customer a few minutes later or earlier in its walk than the last one did.
  const due = last + interval * MINUTE_MS - (cadenceMinutes * MINUTE_MS) / 2;
  if (now < due) return { send: false, reason: `held: no change since the last message (${minutesAgo(now - last)}); a reminder is due ${interval / 60} hours after it` };
  if (capped) return { send: false, reason: capReason };
  return { send: true, template: 'crisis_reminder', reason: 'no change: a reminder', nextUpdateBy: nextUpdateBy(now, interval) };
}

/**
 * Minutes between reminders: a day divided by one less than the cap (a day at a cap of 1 or 2), in whole cadences
 * (ticks come a cadence apart), at least one cadence. 4 a day at a 60-, 120- or 240-minute cadence: 480.
 */
export function reminderIntervalMinutes(cadenceMinutes: number, perDay: number): number {
  const spread = (24 * 60) / Math.max(1, perDay - 1);
  return Math.max(1, Math.ceil(spread / cadenceMinutes)) * cadenceMinutes;
}

/** The latest the customer hears again if nothing changes, rounded up to a quarter hour (a time people read). */
function nextUpdateBy(now: number, intervalMinutes: number): number {
  const quarter = 15 * MINUTE_MS;
  return Math.ceil((now + intervalMinutes * MINUTE_MS) / quarter) * quarter;
}

function minutesAgo(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} hours ago`;
}

/** The crisis journey's step names: `alert-v3`, `update-v4-round2`, `all-clear-v5` (crisis-broadcast's messageOf). */
const CRISIS_STEP = /^(?:alert|update|all-clear)-v(\d+)(?:-|$)/;

/** The crisis messages a customer's ledger says were sent (crisis versions are global, so they name the crisis). */
export function crisisMessagesSent(ledger: readonly LedgerEntry[]): CrisisMessageSent[] {
  const sent: CrisisMessageSent[] = [];
  for (const entry of ledger) {
    if (entry.journey !== 'crisis' || entry.outcome !== 'sent') continue;
    const version = CRISIS_STEP.exec(entry.step)?.[1];
    if (version !== undefined) sent.push({ version: Number(version), at: Date.parse(entry.at) });
  }
  return sent;
}
