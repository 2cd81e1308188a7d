/** Frequency caps (rule 7): at most N marketing messages per customer in any rolling window. */
import type { LedgerEntry } from '../model/message';
import type { FrequencyCap } from '../policy';
import type { Verdict } from './rule-result';
import { isoString } from '../time/civil';

export function frequencyCapReached(
  ledger: readonly LedgerEntry[],
  caps: readonly FrequencyCap[],
  messageId: string,
  now: Date,
): Verdict | undefined {
  const nowMs = now.getTime();
  // When each counted message went out, parsed once for every cap. The message being re-evaluated (after a
  // deferral or a failed channel) does not count against itself.
  const sentAt: string[] = [];
  for (const entry of ledger) {
    if (entry.category === 'marketing' && entry.outcome === 'sent' && entry.messageId !== messageId) sentAt.push(canonicalInstant(entry.at));
  }
  // No early return on an empty list: a cap of 0 (a deployment that stops marketing) must stop the first message too.
  for (const cap of caps) {
    // Canonical ISO instants (fixed width, UTC) order as strings: no parsing in the loop.
    const since = isoString(nowMs - cap.windowHours * 3_600_000);
    let count = 0;
    for (const at of sentAt) if (at > since) count++;
    if (count >= cap.max) {
      return {
        code: 'frequency_cap',
        reason: `suppressed: frequency cap reached (${count} marketing message${count === 1 ? '' : 's'} in the last ${describeHours(cap.windowHours)}, at most ${cap.max})`,
      };
    }
  }
  return undefined;
}

/** The ledger writes `toISOString()` instants; anything else (an offset, no milliseconds) is normalised. */
function canonicalInstant(at: string): string {
  return at.length === 24 && at.charCodeAt(23) === 90 /* Z */ ? at : isoString(Date.parse(at));
}

function describeHours(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '24 hours' : `${hours / 24} days`;
  return `${hours} hours`;
}
