/**
 * Decision counts per journey, outcome, channel and reason: the server folds the ledger into rows (no customer
 * ids, no reason sentences — codes only), the console folds rows into the tables it shows. Both halves are here
 * so they cannot drift apart.
 */

export const OUTCOME_ORDER = ['sent', 'deferred', 'suppressed', 'failed'] as const;
export type OutcomeName = (typeof OUTCOME_ORDER)[number];

export interface DecisionLike {
  journey?: unknown;
  outcome?: unknown;
  channel?: unknown;
  reasonCodes?: unknown;
}

export interface StatsRow {
  journey: string;
  outcome: string;
  /** `none` when no channel was chosen (suppressed before channel selection). */
  channel: string;
  /** The reason code that explains the outcome (see `primaryReason`). */
  reason: string;
  count: number;
}

/**
 * The one code that explains an outcome: for a sent message `allowed`, or `channel_skipped` when it went out on
 * a fallback channel; otherwise the first code that is neither of those (e.g. `open_incident`, `quiet_hours`).
 */
export function primaryReason(outcome: string, codes: readonly string[]): string {
  if (outcome === 'sent') return codes.includes('channel_skipped') ? 'channel_skipped' : 'allowed';
  return codes.find((code) => code !== 'allowed' && code !== 'channel_skipped') ?? codes[0] ?? 'unknown';
}

export function aggregateDecisions(decisions: Iterable<DecisionLike>): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const decision of decisions) {
    const journey = typeof decision.journey === 'string' ? decision.journey : 'unknown';
    const outcome = typeof decision.outcome === 'string' ? decision.outcome : 'unknown';
    const channel = typeof decision.channel === 'string' ? decision.channel : 'none';
    const codes = Array.isArray(decision.reasonCodes) ? decision.reasonCodes.filter((c): c is string => typeof c === 'string') : [];
    const reason = primaryReason(outcome, codes);
    const key = `${journey}\u0000${outcome}\u0000${channel}\u0000${reason}`;
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { journey, outcome, channel, reason, count: 1 });
  }
  return [...rows.values()].sort(
    (a, b) => a.journey.localeCompare(b.journey) || outcomeRank(a.outcome) - outcomeRank(b.outcome) || a.channel.localeCompare(b.channel) || a.reason.localeCompare(b.reason),
  );
}

function outcomeRank(outcome: string): number {
  const index = (OUTCOME_ORDER as readonly string[]).indexOf(outcome);
  return index < 0 ? OUTCOME_ORDER.length : index;
}

export interface JourneyStats {
  journey: string;
  total: number;
  byOutcome: Record<OutcomeName, number>;
  /** channel → outcome → count */
  byChannel: Record<string, Record<OutcomeName, number>>;
  /** Reasons of everything not sent plainly: `outcome/reason` → count, largest first. */
  reasons: { outcome: string; reason: string; count: number }[];
}

const emptyOutcomes = (): Record<OutcomeName, number> => ({ sent: 0, deferred: 0, suppressed: 0, failed: 0 });

export function statsByJourney(rows: readonly StatsRow[], journeys: readonly string[] = []): JourneyStats[] {
  const result = new Map<string, JourneyStats>(journeys.map((journey) => [journey, { journey, total: 0, byOutcome: emptyOutcomes(), byChannel: {}, reasons: [] }]));
  for (const row of rows) {
    let stats = result.get(row.journey);
    if (!stats) {
      stats = { journey: row.journey, total: 0, byOutcome: emptyOutcomes(), byChannel: {}, reasons: [] };
      result.set(row.journey, stats);
    }
    stats.total += row.count;
    const outcome = row.outcome as OutcomeName;
    if (outcome in stats.byOutcome) {
      stats.byOutcome[outcome] += row.count;
      const channel = (stats.byChannel[row.channel] ??= emptyOutcomes());
      channel[outcome] += row.count;
    }
    if (!(row.outcome === 'sent' && row.reason === 'allowed')) {
      const existing = stats.reasons.find((r) => r.outcome === row.outcome && r.reason === row.reason);
      if (existing) existing.count += row.count;
      else stats.reasons.push({ outcome: row.outcome, reason: row.reason, count: row.count });
    }
  }
  for (const stats of result.values()) stats.reasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return [...result.values()];
}

/** Human wording of the reason codes (functions/domain/model/message.ts REASON_CODES). */
export const REASON_LABELS: Readonly<Record<string, string>> = {
  allowed: 'allowed',
  open_incident: 'open critical incident',
  crisis: 'crisis in progress',
  detractor_cooldown: 'detractor cool-down',
  manual_suppression: 'suppressed by an operator',
  topic_opt_out: 'opted out of the topic',
  quiet_hours: 'quiet hours',
  frequency_cap: 'frequency cap',
  channel_skipped: 'fell back to another channel',
  no_channel: 'no usable channel',
  provider_failure: 'provider failure',
  unknown: 'unknown',
};
