/**
 * One-click unsubscribe from a signed link (rule 4, RFC 8058).
 *
 * - `GET /unsubscribe?token=` shows a small page saying what will be unsubscribed, with a button that POSTs.
 *   GET never unsubscribes: mail scanners and link previews follow links.
 * - `POST /unsubscribe?token=` (body `List-Unsubscribe=One-Click`, form-encoded, or empty — what mail clients send
 *   for the one-click button) withdraws the consent for the token's topic on every channel.
 *
 * The token alone says who and what (HMAC-signed, see domain/templates/unsubscribe-token.ts): the customer comes
 * from the verified token and nowhere else, so a token for customer A can never change customer B. A forged,
 * malformed or expired token is a 400 `invalid_token`, and nothing is written.
 *
 * A valid token for a customer we no longer have (erased) gets exactly the same answer as a successful
 * unsubscribe: nothing will be sent to them, which is what the page says, and the answer does not reveal whether
 * the customer exists.
 *
 * Answers are HTML when the client accepts text/html (a browser), JSON otherwise — errors included.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError, ValidationError, type JourneysError } from '../domain/errors';
import type { Topic } from '../domain/model/primitives';
import { verifyUnsubscribeToken, type UnsubscribeClaim } from '../domain/templates/unsubscribe-token';
import { byMethod, httpHandler } from './middleware/http-handler';
import type { JsonEvent } from './middleware/json-body';
import { acceptsHtml, queryOf, readRawBody, utf8 } from './middleware/request';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';
import { linkSecret } from './runtime/link-secret';
import { dependencies } from './runtime/dependencies';
import { escapeHtml, htmlPage, withHtmlErrors } from './runtime/html';
import { logger } from './runtime/logger';
import { count } from './runtime/metrics';
import './runtime/wiring/profiles'; // builds the profiles this module uses (runtime/dependencies.ts)

export const MAX_UNSUBSCRIBE_BODY_BYTES = 4 * 1024;
/** RFC 8058 names both form encodings; `text/plain` is what some clients send for the one-line body. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'] as const;

export const TOPIC_LABELS: Record<Topic, string> = {
  onboarding_tips: 'tips for getting started',
  product_news: 'product news',
  offers: 'offers and promotions',
  surveys: 'surveys about your experience',
  service_updates: 'service updates',
};

const explain = (error: JourneysError) =>
  error.code === 'invalid_token'
    ? 'This unsubscribe link is not valid or has expired. Use the link in a more recent message, or change your preferences in the app.'
    : error.message;

export const handler = httpHandler(
  byMethod({ GET: withHtmlErrors(showPage, 'We could not unsubscribe you', explain), POST: withHtmlErrors(unsubscribe, 'We could not unsubscribe you', explain) }),
  { bodyMethods: [] },
);

async function showPage(event: JsonEvent): Promise<APIGatewayProxyResult> {
  const claim = await verified(event);
  const label = TOPIC_LABELS[claim.topic];
  const token = tokenOf(event);
  return htmlPage(
    200,
    'Unsubscribe',
    `<h1>Unsubscribe from ${escapeHtml(label)}?</h1>
<p id="what">You will no longer receive ${escapeHtml(label)} from us, by email, text message or notification. Other messages are not affected.</p>
<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" aria-describedby="what">Unsubscribe from ${escapeHtml(label)}</button>
</form>`,
  );
}

async function unsubscribe(event: JsonEvent): Promise<APIGatewayProxyResult> {
  const body = readRawBody(event, { maxBytes: MAX_UNSUBSCRIBE_BODY_BYTES, allowedTypes: FORM_TYPES });
  utf8(body); // The content is not needed (the token says everything), but it must be text.
  const claim = await verified(event);

  try {
    await dependencies().profiles.updateConsent(claim.customerId, { topic: claim.topic, granted: false });
    count('Unsubscribed', { topic: claim.topic });
    logger.info('unsubscribed', { customerId: claim.customerId, topic: claim.topic });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    count('UnsubscribedUnknownCustomer', { topic: claim.topic });
    logger.info('unsubscribe for a customer we do not have; nothing to change', { topic: claim.topic });
  }

  const label = TOPIC_LABELS[claim.topic];
  if (!acceptsHtml(event)) return json(200, { unsubscribed: true, topic: claim.topic });
  return htmlPage(
    200,
    'Unsubscribed',
    `<h1>You are unsubscribed</h1>
<p role="status">You will no longer receive ${escapeHtml(label)} from us. Other messages are not affected.</p>`,
  );
}

function tokenOf(event: JsonEvent): string {
  const token = queryOf(event).token;
  if (token === undefined || token === '') {
    throw new ValidationError('the unsubscribe link has no token', [{ path: 'token', message: 'required' }]);
  }
  return token;
}

async function verified(event: JsonEvent): Promise<UnsubscribeClaim> {
  return verifyUnsubscribeToken(tokenOf(event), await linkSecret(), { now: clock.now() });
}
