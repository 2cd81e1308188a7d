/**
 * Time as the handlers see it. In Lambda that is the system clock; the local runtime installs its virtual
 * clock (JOURNEYS_TIME_SCALE) so quiet hours, cadences and expiries follow compressed time.
 */
export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };
let current: Clock = systemClock;

export const clock: Clock = { now: () => current.now() };

export function useClock(replacement: Clock | undefined): void {
  current = replacement ?? systemClock;
}
