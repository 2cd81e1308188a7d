/**
 * Quiet hours (rule 6): no marketing or survey sends between the customer's local evening and morning
 * (default 21:00–08:00). The message is deferred to the end of the quiet period, never dropped.
 */
import type { Profile } from '../model/profile';
import type { Policy } from '../policy';
import { formatHourMinute, localMinuteOfDay, parseHourMinute, toLocal, wallClockReached } from '../time/zoned-time';
import type { Verdict } from './rule-result';

export interface Deferral extends Verdict {
  sendAt: Date;
}

export function inQuietWindow(minuteOfDay: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** When now falls in the customer's quiet hours: the instant they end, with the reason. */
export function quietHoursDeferral(profile: Profile, policy: Policy, now: Date): Deferral | undefined {
  const window = profile.quietHours ?? policy.quietHours;
  const start = parseHourMinute(window.start);
  const end = parseHourMinute(window.end);
  const nowMs = now.getTime();
  // Most checks end here, outside the window: the local date is only worked out when a deferral needs it.
  if (!inQuietWindow(localMinuteOfDay(profile.timeZone, nowMs), start, end)) return undefined;
  const local = toLocal(profile.timeZone, nowMs);

  // The quiet period ends the next time the local clock reaches `end`: today, if that is still ahead (in a fall-back
  // night, possibly its second occurrence), else tomorrow. Date.UTC normalises day 32 to the next month.
  const today = wallClockReached(profile.timeZone, local.year, local.month, local.day, end);
  const sendAt = today.find((at) => at > nowMs) ?? wallClockReached(profile.timeZone, local.year, local.month, local.day + 1, end)[0]!;
  return { code: 'quiet_hours', reason: `quiet hours until ${formatHourMinute(end)} ${profile.timeZone}`, sendAt: new Date(sendAt) };
}
