/**
 * Erasing a customer (`DELETE /profiles/{customerId}`): first stop every journey execution still running for
 * them — a running journey would otherwise keep deciding about (and writing records that name) a customer who is
 * gone — then delete route-event's idempotency records of their events (route-idempotency.ts), their collection
 * and every item it points at (erasure-store.ts, erasure-pointers.ts).
 *
 * The stop's error and cause name no personal data: Step Functions keeps them in the execution's history.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasureCounts } from '../adapters/erasure-store';
import { DEFAULT_IDEMPOTENCY_TABLE_NAME } from '../adapters/table-definition';
import { mapLimit, settleLimit } from '../handlers/runtime/concurrency';
import { dependencies } from '../handlers/runtime/dependencies';
import { routeEventIdempotencyKeys } from '../handlers/runtime/route-idempotency';
import '../handlers/runtime/wiring/step-functions'; // builds the executions this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/execution-log'; // builds the execution log this module uses (runtime/dependencies.ts)
import '../handlers/runtime/wiring/erasure'; // builds the erasure store this module uses (runtime/dependencies.ts)

export const ERASURE_STOP = { error: 'Journeys.CustomerErased', cause: 'The customer was erased (DELETE /profiles); the journey stopped.' } as const;

/** More executions than one customer can have within the records' 400-day retention. */
const MAX_EXECUTIONS = 10_000;
/** Stops and deletes in flight at once. */
const PARALLEL_STOPS = 8;

export interface Erasure {
  counts: ErasureCounts;
  /** Executions asked to stop (a closed one is left as it is). */
  stopped: number;
}

export async function eraseCustomer(customerId: string): Promise<Erasure> {
  const { executionLog, erasure, executions } = dependencies();
  const started = await executionLog.listExecutions(customerId, MAX_EXECUTIONS);
  // An execution that no longer exists (past Step Functions' retention) has nothing to stop (stop answers false);
  // any other failure fails the erasure before anything is deleted, so a retried DELETE finds the executions again.
  const stops = await settleLimit(started, PARALLEL_STOPS, (execution) => executions.stop(execution.id, ERASURE_STOP.error, ERASURE_STOP.cause));
  const failed = stops.find((stop) => stop.status === 'rejected');
  if (failed?.status === 'rejected') throw failed.reason;
  await forgetRoutedEvents(customerId);
  const counts = await erasure.eraseCustomer(customerId);
  return { counts, stopped: stops.filter((stop) => stop.status === 'fulfilled' && stop.value).length };
}

/**
 * route-event's idempotency records of the customer's events (found through the `EVENTREF#` pointers, which the
 * collection's erasure then deletes with the de-duplication claims they point at).
 */
async function forgetRoutedEvents(customerId: string): Promise<void> {
  const { doc, erasure } = dependencies();
  const ids = (await erasure.eventRefs(customerId)).flatMap((ref) => routeEventIdempotencyKeys(ref.eventType, ref.eventId));
  const table = process.env.IDEMPOTENCY_TABLE_NAME ?? DEFAULT_IDEMPOTENCY_TABLE_NAME;
  // Keyed on `id` alone (not the journeys table's pk/sk): one DeleteItem each; most of them find nothing.
  await mapLimit(ids, PARALLEL_STOPS, (id) => doc.send(new DeleteCommand({ TableName: table, Key: { id } })));
}
