/**
 * The decision pipeline: for one message to one customer, whether it may go out, when, on which channel and
 * in which language — with every reason. Pure and deterministic: the same input always gives the same
 * decision, which is what lets a journey re-evaluate a deferred message safely.
 *
 * Order: message-level suppression (marketing suppressions, crisis) → the global control group (marketing) → topic consent → one survey invitation per
 * 30 days → frequency caps →
 * channel priority and fallback → quiet hours → locale. Quiet hours come after the channel so that a message
 * no channel can carry is suppressed at once instead of deferred first.
 */
import type { CrisisRecord } from './model/crisis';
import type { Decision, LedgerEntry, MessageSpec } from './model/message';
import type { Topic } from './model/primitives';
import type { Profile } from './model/profile';
import { isActiveAt, type Suppression } from './model/suppression';
import { DEFAULT_POLICY, type Policy } from './policy';
import { crisisAffecting } from './rules/audience';
import { CATEGORY_RULES } from './rules/category';
import { chooseChannel } from './rules/channel-priority';
import { controlGroupSuppression } from './rules/control-group';
import { optedOutOfTopic } from './rules/consent';
import { frequencyCapReached } from './rules/frequency-cap';
import { quietHoursDeferral } from './rules/quiet-hours';
import { surveyAskedRecently } from './rules/survey-invitation';
import type { Verdict } from './rules/rule-result';
import { marketingSuppression } from './rules/suppression';
import { resolveLocale } from './templates/locale';
import { isoString } from './time/civil';

export interface DecisionInput {
  profile: Profile;
  suppressions: readonly Suppression[];
  /** The customer's recent message ledger (for frequency caps). */
  ledger: readonly LedgerEntry[];
  crisis: CrisisRecord;
  message: MessageSpec;
  now: Date;
}

export function decide(input: DecisionInput, policy: Policy = DEFAULT_POLICY): Decision {
  const { profile, message, now } = input;
  const rules = CATEGORY_RULES[message.category];
  // Expired suppressions may linger until DynamoDB's TTL sweep; every rule below sees only active ones.
  const nowMs = now.getTime();
  const at = isoString(nowMs);
  const suppressions = activeSuppressions(input.suppressions, nowMs, at);
  const crisis = crisisAffecting(input.crisis, profile.segment);
  const base: DecisionBase = { message, customerId: profile.customerId, locale: localeFor(profile.locale), at };
  if (rules.marketingSuppressions) {
    const suppressed = marketingSuppression(suppressions, crisis);
    if (suppressed) return stop(base, suppressed);
  }
  const control = controlGroupSuppression(profile.customerId, message.category, policy.controlGroupPercent);
  if (control) return stop(base, control);
  if (rules.consent && optedOutOfTopic(profile, message.topic)) {
    return stop(base, topicOptOut(message.topic));
  }
  const asked = surveyAskedRecently(input.ledger, policy.surveyInvitationDays, message, now);
  if (asked) return stop(base, asked);
  if (rules.frequencyCaps) {
    const capped = frequencyCapReached(input.ledger, policy.frequencyCaps, message.messageId, now);
    if (capped) return stop(base, capped);
  }

  // Crisis channel order applies to what still flows in a crisis: service and transactional messages.
  const reasons: string[] = [];
  const pick = chooseChannel(
    profile,
    policy,
    message.category === 'marketing' ? undefined : crisis,
    suppressions,
    message.topic,
    rules.consent,
    message.failedChannels,
    reasons,
  );
  if (!pick) {
    return message.failedChannels.length > 0 ? stop(base, NO_FALLBACK_LEFT, reasons, 'failed') : stop(base, NO_REACHABLE_CHANNEL, reasons);
  }

  // Critical service messages (a sev1 broadcast, a critical incident) may break quiet hours: the caller says so
  // through the urgency, from the crisis playbook or the incident's severity.
  if (rules.quietHours(message.urgency)) {
    const deferral = quietHoursDeferral(profile, policy, now);
    if (deferral) {
      reasons.push(deferral.reason);
      const deferred = conclude(base, 'deferred', pick.channel, reasons, [deferral.code]);
      deferred.sendAt = isoString(deferral.sendAt.getTime());
      return deferred;
    }
  }

  const reasonCode = reasons.length > 0 ? 'channel_skipped' : 'allowed';
  reasons.push(pick.sentReason);
  return conclude(base, 'sent', pick.channel, reasons, [reasonCode]);
}

const NO_FALLBACK_LEFT: Verdict = { code: 'provider_failure', reason: 'failed: no channel left to fall back to' };
const NO_REACHABLE_CHANNEL: Verdict = { code: 'no_channel', reason: 'suppressed: no reachable channel' };
const TOPIC_OPT_OUTS = new Map<Topic, Verdict>();
function topicOptOut(topic: Topic): Verdict {
  let verdict = TOPIC_OPT_OUTS.get(topic);
  if (!verdict) {
    verdict = { code: 'topic_opt_out', reason: `suppressed: opted out of ${topic}` };
    TOPIC_OPT_OUTS.set(topic, verdict);
  }
  return verdict;
}

/** What every outcome shares, gathered once per decision. */
interface DecisionBase {
  message: MessageSpec;
  customerId: string;
  locale: string;
  at: string;
}

/** The decision object, built as one literal: this runs for every message, so no spreads or copies. */
function conclude(base: DecisionBase, outcome: Decision['outcome'], channel: Decision['channel'], reasons: string[], reasonCodes: Decision['reasonCodes']): Decision {
  const { message } = base;
  const decision: Decision = {
    messageId: message.messageId,
    customerId: base.customerId,
    journey: message.journey,
    step: message.step,
    category: message.category,
    topic: message.topic,
    template: message.template,
    outcome,
    channel,
    locale: base.locale,
    reasons,
    reasonCodes,
    at: base.at,
  };
  if (message.failedChannels.length > 0) decision.failedChannels = message.failedChannels;
  return decision;
}

function stop(base: DecisionBase, verdict: Verdict, reasons: string[] = [], outcome: Decision['outcome'] = 'suppressed'): Decision {
  reasons.push(verdict.reason);
  return conclude(base, outcome, null, reasons, [verdict.code]);
}

/** The list itself when every suppression is active (the usual case): no copy, no closure per decision. */
function activeSuppressions(all: readonly Suppression[], nowMs: number, nowIso: string): readonly Suppression[] {
  for (let i = 0; i < all.length; i++) {
    if (!isActiveAt(all[i]!, nowMs, nowIso)) {
      const active = all.slice(0, i);
      for (let j = i + 1; j < all.length; j++) if (isActiveAt(all[j]!, nowMs, nowIso)) active.push(all[j]!);
      return active;
    }
  }
  return all;
}

/** Locale resolution parses BCP 47 tags; profiles share a handful of locales, so remember the answers. */
const resolvedLocales = new Map<string, string>();
function localeFor(requested: string): string {
  let locale = resolvedLocales.get(requested);
  if (locale === undefined) {
    locale = resolveLocale(requested);
    if (resolvedLocales.size > 10_000) resolvedLocales.clear();
    resolvedLocales.set(requested, locale);
  }
  return locale;
}
