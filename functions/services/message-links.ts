/**
 * The variables every message may use that come from the deployment and the customer rather than the
 * journey: links to the app, help and reviews, and the signed one-click unsubscribe link for the topic.
 */
import type { Decision } from '../domain/model/message';
import type { Profile } from '../domain/model/profile';
import { signUnsubscribeToken } from '../domain/templates/unsubscribe-token';
import { config } from '../handlers/runtime/config';
import { linkSecret } from '../handlers/runtime/link-secret';

export async function unsubscribeUrl(customerId: string, topic: Decision['topic'], issuedAt: Date): Promise<string> {
  const { PUBLIC_BASE_URL } = config();
  const token = signUnsubscribeToken({ customerId, topic, issuedAt: issuedAt.toISOString() }, await linkSecret());
  return `${PUBLIC_BASE_URL}/unsubscribe?token=${encodeURIComponent(token)}`;
}

export async function standardVariables(profile: Profile, decision: Decision, now: Date): Promise<Record<string, string | undefined>> {
  const { APP_URL, HELP_URL, REVIEW_URL, STATUS_PAGE_URL } = config();
  return {
    name: profile.name,
    appUrl: APP_URL,
    helpUrl: HELP_URL,
    reviewUrl: REVIEW_URL,
    statusPageUrl: STATUS_PAGE_URL,
    // Every non-transactional message may be opted out of; marketing email must offer it (RFC 8058).
    unsubscribeUrl: decision.category === 'transactional' ? undefined : await unsubscribeUrl(profile.customerId, decision.topic, now),
  };
}
