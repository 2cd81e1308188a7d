/**
 * What ops can change on a live journey besides its definition: routing between versions, a pause (at most 14
 * days, new entries queued or dropped) and a stop (drain: no new entries, customers inside finish; now: every
 * running execution stopped). The request bodies and the stored control record.
 */
import * as z from '../zod';
import { Instant } from './primitives';

export const MAX_PAUSE_DAYS = 14;
export const MAX_PAUSE_MS = MAX_PAUSE_DAYS * 86_400_000;

const Reason = z.string().check(z.trim(), z.minLength(1, 'say why (it is shown to whoever looks at the journey and kept in the audit)'), z.maxLength(500));

export const RoutingSchema = z
  .strictObject({
    routing: z
      .array(z.strictObject({ version: z.number().check(z.int(), z.positive()), weight: z.number().check(z.int(), z.gte(0), z.lte(100)) }))
      .check(z.minLength(1, 'name 1 or 2 versions'), z.maxLength(2, 'name 1 or 2 versions')),
  })
  .check(
    z.refine((body) => body.routing.reduce((sum, route) => sum + route.weight, 0) === 100, { message: 'the weights must sum to 100', path: ['routing'] }),
    z.refine((body) => body.routing.length < 2 || body.routing[0]?.version !== body.routing[1]?.version, { message: 'name two different versions', path: ['routing'] }),
  );
export type Routing = z.infer<typeof RoutingSchema>['routing'];

export const PauseSchema = z.strictObject({ until: z.optional(Instant), entries: z._default(z.enum(['queue', 'drop']), 'queue'), reason: Reason });
export type PauseRequest = z.infer<typeof PauseSchema>;

export const StopSchema = z.strictObject({ mode: z.enum(['drain', 'now']), reason: Reason });
export type StopRequest = z.infer<typeof StopSchema>;

export interface JourneyPause {
  until: string;
  entries: 'queue' | 'drop';
  reason: string;
  by: string;
  at: string;
}

export interface JourneyStop {
  mode: 'drain' | 'now';
  reason: string;
  by: string;
  at: string;
}

/** The stored control state of one journey; none stored = running. */
export interface JourneyControl {
  pause?: JourneyPause;
  stop?: JourneyStop;
}

export type JourneyStatus = 'running' | 'paused' | 'draining' | 'stopped';

/** A freeze of all marketing (every journey): at most 14 days, like a pause. */
export const FreezeSchema = z.strictObject({ until: z.optional(Instant), reason: Reason });
export type FreezeRequest = z.infer<typeof FreezeSchema>;

export interface MarketingFreeze {
  until: string;
  reason: string;
  by: string;
  at: string;
}
