/** Whether a crisis affects a customer: everyone, or every listed segment key matches one of its values. */
import type { Audience, CrisisRecord, ActiveCrisis } from '../model/crisis';

/** The audience `{all: true}`: every customer. */
export function isEveryone(audience: Audience): audience is { all: true } {
  return (audience as { all?: unknown }).all === true;
}

export function audienceIncludes(audience: Audience, segment: Readonly<Record<string, string>>): boolean {
  if (isEveryone(audience)) return true;
  // for…in rather than Object.entries: no array of pairs per decision.
  const bySegmentKey = audience as Record<string, string[]>;
  for (const key in bySegmentKey) {
    const value = segment[key];
    if (value === undefined || !bySegmentKey[key]!.includes(value)) return false;
  }
  return true;
}

export function crisisAffecting(crisis: CrisisRecord, segment: Readonly<Record<string, string>>): ActiveCrisis | undefined {
  return crisis.active && audienceIncludes(crisis.affected, segment) ? crisis : undefined;
}
