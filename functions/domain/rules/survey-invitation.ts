/**
 * One survey invitation per customer per `surveyInvitationDays` (policy, default 30) across journeys: a customer
 * whose incident and a crisis all-clear both end in a survey is asked once. The invitation that comes second is
 * suppressed with the date and journey of the first, and its journey asks nothing more (no reminder).
 */
import type { LedgerEntry, MessageSpec } from '../model/message';
import { isoString } from '../time/civil';
import type { Verdict } from './rule-result';

export function surveyAskedRecently(ledger: readonly LedgerEntry[], days: number, message: Pick<MessageSpec, 'messageId' | 'template'>, now: Date): Verdict | undefined {
  if (message.template !== 'survey_invitation') return undefined;
  const since = isoString(now.getTime() - days * 86_400_000);
  let latest: LedgerEntry | undefined;
  for (const entry of ledger) {
    // Sent, or deferred (quiet hours) and so on its way; the message being re-evaluated does not count against itself.
    if (entry.template !== 'survey_invitation' || entry.messageId === message.messageId) continue;
    if (entry.outcome !== 'sent' && entry.outcome !== 'deferred') continue;
    const at = isoString(Date.parse(entry.at));
    if (at > since && (!latest || at > latest.at)) latest = { ...entry, at };
  }
  if (!latest) return undefined;
  return invitedRecently(days, latest);
}

/**
 * The verdict for an invitation that comes second: also when the ledger did not show the first yet (two invitations
 * decided at the same instant), and the atomic invitation claim (services/survey-invitation-claim.ts) found it.
 */
export function invitedRecently(days: number, first: { at: string; journey: string }): Verdict {
  return {
    code: 'frequency_cap',
    reason: `suppressed: one survey invitation per ${days} days, and this customer was invited on ${first.at.slice(0, 10)} (${first.journey} journey)`,
  };
}
