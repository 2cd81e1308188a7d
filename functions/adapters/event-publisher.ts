/**
 * PutEvents that does not lose entries. EventBridge answers a call with per-entry results: under load some
 * entries fail (`FailedEntryCount` > 0, the entry's `ErrorCode` — `InternalFailure`, `ThrottlingException`)
 * while the others were accepted, and a caller reading only the HTTP status drops them silently. Here:
 * - the entries are put in calls of at most 10 (the service's limit);
 * - entries that failed for a transient reason (and whole calls that threw one, after the SDK's own retries) are
 *   put again, only those, after an exponential backoff with full jitter — so callers failing together do not
 *   come back together;
 * - every entry ends with a result: its EventId, or the last ErrorCode/ErrorMessage (a permanent code such as
 *   `InvalidArgument` or `MalformedDetail` at once; a transient one once the attempts are spent). What to do with
 *   a failure — report it to the source, throw into a journey's Retry — is the caller's decision; nothing is
 *   dropped here.
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { backoffDelay } from './backoff';

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/** An entry's end: accepted with its EventId, or the last failure (`transient`: worth putting again later). */
export type PutEntryResult = { ok: true; eventId: string } | { ok: false; code: string; message: string; transient: boolean };

export interface PutEventsRetry {
  /** Tries per entry, the first included (default 3). */
  attempts?: number;
  /** Ceiling of the first backoff (default 100 ms); doubled per attempt, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  /** Largest backoff ceiling (default 1 s): callers answer HTTP requests. */
  maxDelayMs?: number;
  /** For tests: the pause and the random source of the jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Entry codes and call errors worth another try: the service was unwell or busy, not the entry wrong. */
const TRANSIENT = new Set([
  'InternalFailure',
  'InternalException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestTimeout',
  'TimeoutError',
  'NetworkingError',
  // The service returned no result for the entry (should not happen; treated as not accepted).
  'MissingResult',
]);

/** Puts `entries`, retrying transient failures; answers one result per entry, in order. */
export async function putEventsReliably(
  client: EventBridgeClient,
  entries: readonly PutEventsRequestEntry[],
  retry: PutEventsRetry = {},
): Promise<PutEntryResult[]> {
  const results: PutEntryResult[] = new Array<PutEntryResult>(entries.length);
  const batches: number[][] = [];
  for (let start = 0; start < entries.length; start += PUT_EVENTS_MAX_ENTRIES) {
    batches.push(Array.from({ length: Math.min(PUT_EVENTS_MAX_ENTRIES, entries.length - start) }, (_, i) => start + i));
  }
  await Promise.all(batches.map((batch) => putBatch(client, entries, batch, results, retry)));
  return results;
}

async function putBatch(
  client: EventBridgeClient,
  entries: readonly PutEventsRequestEntry[],
  indexes: number[],
  results: PutEntryResult[],
  retry: PutEventsRetry,
): Promise<void> {
  const attempts = Math.max(1, retry.attempts ?? 3);
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = retry.random ?? Math.random;
  let pending = indexes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answered = await putOnce(client, pending.map((index) => entries[index] as PutEventsRequestEntry));
    const again: number[] = [];
    pending.forEach((index, position) => {
      const result = answered[position] as PutEntryResult;
      results[index] = result;
      if (!result.ok && result.transient) again.push(index);
    });
    if (again.length === 0 || attempt >= attempts) return;
    pending = again;
    await sleep(Math.floor(backoffDelay({ baseMs: retry.baseDelayMs ?? 100, maxMs: retry.maxDelayMs ?? 1000 }, attempt, random)));
  }
}

/** One PutEvents call: a result per entry, a thrown call becoming the same failure for each of its entries. */
async function putOnce(client: EventBridgeClient, entries: PutEventsRequestEntry[]): Promise<PutEntryResult[]> {
  try {
    const answer = await client.send(new PutEventsCommand({ Entries: entries }));
    return entries.map((_, index) => {
      const entry = answer.Entries?.[index];
      if (entry?.EventId && !entry.ErrorCode) return { ok: true, eventId: entry.EventId };
      const code = entry?.ErrorCode ?? 'MissingResult';
      return { ok: false, code, message: entry?.ErrorMessage ?? 'the event bus returned no result for this entry', transient: TRANSIENT.has(code) };
    });
  } catch (error) {
    const e = error as { name?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
    const code = typeof e?.name === 'string' && e.name !== '' ? e.name : 'Error';
    const status = e?.$metadata?.httpStatusCode;
    // A server-side (5xx) failure of any name is the service being unwell, not the entries being wrong.
    const transient = TRANSIENT.has(code) || e?.$fault === 'server' || (typeof status === 'number' && status >= 500);
    return entries.map(() => ({ ok: false, code, message: `the event bus did not take the call (${code})`, transient }));
  }
}
