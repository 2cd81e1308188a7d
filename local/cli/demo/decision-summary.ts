/**
 * What the demo decided, counted: outcome × channel, and by reason code — the end-of-demo tables that show every
 * rule fired at least once.
 */
import { OUTCOMES, type Decision } from '../../../functions/domain/model/message';
import { CHANNELS } from '../../../functions/domain/model/primitives';
import { palette } from '../format/color';
import { renderTable } from '../format/table';

const NO_CHANNEL = 'none';
type ChannelColumn = (typeof CHANNELS)[number] | typeof NO_CHANNEL;
const CHANNEL_COLUMNS: readonly ChannelColumn[] = [...CHANNELS, NO_CHANNEL];

export interface DecisionCounts {
  total: number;
  /** outcome → channel (or `none`) → count. */
  byOutcomeAndChannel: Record<string, Record<string, number>>;
  /** reason code → count (a decision counts once per code it carries). */
  byReasonCode: Record<string, number>;
}

export function countDecisions(decisions: readonly Decision[]): DecisionCounts {
  const byOutcomeAndChannel: Record<string, Record<string, number>> = {};
  const byReasonCode: Record<string, number> = {};
  for (const decision of decisions) {
    const row = (byOutcomeAndChannel[decision.outcome] ??= {});
    const channel = decision.channel ?? NO_CHANNEL;
    row[channel] = (row[channel] ?? 0) + 1;
    for (const code of new Set(decision.reasonCodes ?? [])) byReasonCode[code] = (byReasonCode[code] ?? 0) + 1;
  }
  return { total: decisions.length, byOutcomeAndChannel, byReasonCode };
}

/** Plain text (the demo's log may be a file or the runtime's console): no colours. */
export function decisionTables(counts: DecisionCounts): string[] {
  const plain = { palette: palette(false) };
  const outcomes = [...OUTCOMES.filter((o) => counts.byOutcomeAndChannel[o]), ...Object.keys(counts.byOutcomeAndChannel).filter((o) => !(OUTCOMES as readonly string[]).includes(o))];
  const cell = (outcome: string, channel: string) => counts.byOutcomeAndChannel[outcome]?.[channel] ?? 0;
  const outcomeTable = renderTable(
    outcomes,
    [
      { header: 'OUTCOME', value: (o: string) => o },
      ...CHANNEL_COLUMNS.map((channel) => ({ header: channel.toUpperCase(), value: (o: string) => String(cell(o, channel)), align: 'right' as const })),
      { header: 'TOTAL', value: (o: string) => String(CHANNEL_COLUMNS.reduce((sum, channel) => sum + cell(o, channel), 0)), align: 'right' as const },
    ],
    plain,
  );
  const reasons = Object.entries(counts.byReasonCode).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const reasonTable = renderTable(
    reasons,
    [
      { header: 'REASON CODE', value: ([code]: [string, number]) => code },
      { header: 'DECISIONS', value: ([, n]: [string, number]) => String(n), align: 'right' },
    ],
    plain,
  );
  return [...outcomeTable, '', ...reasonTable];
}
