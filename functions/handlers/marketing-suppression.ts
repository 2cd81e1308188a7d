/**
 * Journey task: add or lift a marketing suppression — an open critical/major incident (lifted when the
 * incident resolves) or a detractor's cool-down (which expires by itself). Both are idempotent, so a retried
 * step changes nothing twice.
 */
import { DETRACTOR_COOLDOWN_DAYS } from '../domain/rules/next-best-action';
import { MarketingSuppressionPayload } from '../../contracts/payloads';
import { taskHandler } from './middleware/task-handler';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';

/** An incident suppression outlives a journey that never hears "resolved" by at most this long. */
const INCIDENT_SUPPRESSION_MAX_DAYS = 30;

export const handler = taskHandler('marketing-suppression', MarketingSuppressionPayload, async (payload): Promise<{ ok: true; changed: boolean }> => {
  const { suppressions } = dependencies();
  if (payload.action === 'lift') {
    return { ok: true, changed: await suppressions.removeSuppression(payload.customerId, payload.kind, payload.ref) };
  }
  const now = clock.now();
  const days = payload.days ?? (payload.kind === 'detractor_cooldown' ? DETRACTOR_COOLDOWN_DAYS : INCIDENT_SUPPRESSION_MAX_DAYS);
  const reason =
    payload.kind === 'open_incident' ? `open ${payload.severity ?? 'critical'} incident ${payload.ref}` : `detractor cool-down after survey ${payload.ref}`;
  await suppressions.putSuppression(payload.customerId, {
    kind: payload.kind,
    ref: payload.ref,
    reason,
    source: payload.kind === 'open_incident' ? 'incident journey' : 'post-resolution journey',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
    ...(payload.severity ? { severity: payload.severity } : {}),
  });
  return { ok: true, changed: true };
});
