/**
 * One survey invitation per customer per `surveyInvitationDays`, made atomic. The rule (domain/rules/
 * survey-invitation.ts) reads the ledger, so two invitations decided at the same instant — an incident's survey and
 * a crisis all-clear's, for one customer — would both see no earlier invitation and both go out. So an invitation
 * the engine decided to send must also win the customer's invitation claim (a conditional write,
 * SurveyStore.claimInvitation) before it is recorded as sent; the one that loses is recorded suppressed, with the
 * same reason the rule gives, naming the invitation that won.
 */
import type { Decision } from '../domain/model/message';
import { invitedRecently } from '../domain/rules/survey-invitation';
import { isoString } from '../domain/time/civil';
import { dependencies } from '../handlers/runtime/dependencies';
import '../handlers/runtime/wiring/surveys'; // builds the surveys this module uses (runtime/dependencies.ts)

export async function claimSurveyInvitation(decision: Decision, days: number, now: Date): Promise<Decision> {
  if (decision.template !== 'survey_invitation' || decision.outcome !== 'sent' || days <= 0) return decision;
  const since = isoString(now.getTime() - days * 86_400_000);
  const claim = await dependencies().surveys.claimInvitation(
    { customerId: decision.customerId, messageId: decision.messageId, journey: decision.journey, at: decision.at },
    since,
  );
  if (claim.claimed) return decision;
  const verdict = invitedRecently(days, claim.holder);
  const suppressed: Decision = { ...decision, outcome: 'suppressed', channel: null, reasons: [verdict.reason], reasonCodes: [verdict.code] };
  delete suppressed.sendAt;
  return suppressed;
}
