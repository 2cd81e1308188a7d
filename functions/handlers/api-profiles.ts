/**
 * `PUT|GET|DELETE /profiles/{customerId}`.
 *
 * - PUT stores the whole profile (created or replaced) and answers 200 with it as stored, defaults applied. The
 *   body's `customerId` may be left out (the path names the customer); given, it must match the path.
 * - GET answers the profile, or 404.
 * - DELETE stops the customer's running journey executions, erases the profile and every personal item of the
 *   customer (ledger, suppressions, memberships, waits, surveys, executions, phone lookup, event claims, crisis
 *   send failures, parked messages) and answers 204 (services/erase-customer.ts). Erasing a customer we do not know is a 204 too:
 *   erasure is idempotent (a retried request must not fail), and the answer does not tell whether the customer
 *   existed.
 */
import { NotFoundError, ValidationError } from '../domain/errors';
import { CustomerId } from '../domain/model/primitives';
import { ProfileSchema } from '../domain/model/profile';
import { parseOrThrow } from '../domain/validation';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { pathId } from './middleware/request';
import { json, noContent } from './middleware/responses';
import { dependencies } from './runtime/dependencies';
import { eraseCustomer } from '../services/erase-customer';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import './runtime/wiring/profiles'; // builds the profiles this module uses (runtime/dependencies.ts)

export const MAX_PROFILE_BODY_BYTES = 64 * 1024;

export const handler = httpHandler(byMethod({ PUT: putProfile, GET: getProfile, DELETE: deleteProfile }), { maxBodyBytes: MAX_PROFILE_BODY_BYTES });

function customerIdOf(event: JsonEvent): string {
  return parseOrThrow(CustomerId, pathId(event, 'customerId'), 'customerId', 'customerId');
}

async function putProfile(event: JsonEvent) {
  const customerId = customerIdOf(event);
  const body = event.json;
  if (body === undefined) throw new ValidationError('the request needs a JSON body: the profile', [{ path: '(body)', message: 'required' }]);
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'customerId' in body && body.customerId !== customerId) {
    throw new ValidationError('the body names another customer than the path', [
      { path: 'customerId', message: 'must match the customerId in the path (or be left out)' },
    ]);
  }
  const profile = parseOrThrow(ProfileSchema, typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, customerId } : body, 'profile');
  const { created } = await dependencies().profiles.putProfile(profile);
  count('ProfilesWritten', { created: String(created) });
  logger.info(created ? 'profile created' : 'profile replaced', { customerId });
  return json(200, profile);
}

async function getProfile(event: JsonEvent) {
  const customerId = customerIdOf(event);
  const profile = await dependencies().profiles.getProfile(customerId);
  if (!profile) throw new NotFoundError(`no profile for customer ${customerId}`);
  return json(200, profile);
}

async function deleteProfile(event: JsonEvent) {
  const customerId = customerIdOf(event);
  const { counts, stopped } = await eraseCustomer(customerId);
  count('CustomersErased', { found: String(counts.total > 0) });
  logger.info('customer erased', { customerId, counts, executionsStopped: stopped });
  return noContent();
}
