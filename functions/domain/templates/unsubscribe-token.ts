/**
 * Signed one-click unsubscribe links (rule 4, RFC 8058). The token carries who unsubscribes from what, so the
 * unsubscribe endpoint needs no lookup table and no login, and an HMAC makes it unforgeable: changing the
 * customer or topic in a link invalidates it.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "journeys-unsubscribe-v1." + payload part)).
 * The MAC covers the payload *text*, so any edit of it fails; the prefix keeps these MACs from being valid for
 * anything else signed with the same secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../zod';
import { CustomerId, Instant, Topic } from '../model/primitives';
import { InvalidUnsubscribeTokenError } from './errors';

export interface UnsubscribeClaim {
  customerId: string;
  topic: Topic;
  /** ISO 8601 instant the link was made; tokens expire `maxAgeDays` after it. */
  issuedAt: string;
}

export interface VerifyOptions {
  now: Date;
  maxAgeDays?: number;
}

export interface MailHeader {
  name: string;
  value: string;
}

const DOMAIN = 'journeys-unsubscribe-v1.';
const MAC_BYTES = 32;
const MIN_SECRET_BYTES = 16;
/** A token from a server whose clock runs a little ahead is still fine; one from next week is not. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const Payload = z.strictObject({ v: z.literal(1), c: CustomerId, t: Topic, i: Instant });

export function signUnsubscribeToken(claim: UnsubscribeClaim, secret: string | Uint8Array): string {
  const payload = Payload.parse({ v: 1, c: claim.customerId, t: claim.topic, i: claim.issuedAt });
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/** The claim of a genuine, unexpired token; otherwise throws InvalidUnsubscribeTokenError saying why. */
export function verifyUnsubscribeToken(token: string, secret: string | Uint8Array, options: VerifyOptions): UnsubscribeClaim {
  const { now, maxAgeDays = 365 } = options;
  if (typeof token !== 'string' || token.length > 2048) throw new InvalidUnsubscribeTokenError('malformed');
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0 || !BASE64URL.test(body) || !BASE64URL.test(signature)) {
    throw new InvalidUnsubscribeTokenError('malformed');
  }
  const given = Buffer.from(signature, 'base64url');
  // Base64url has spare bits in its last character: insist on the canonical spelling so one MAC has one token.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== signature) throw new InvalidUnsubscribeTokenError('malformed');
  if (!timingSafeEqual(given, mac(body, secret))) throw new InvalidUnsubscribeTokenError('bad_signature');

  // Signed by us, so well-formed unless the secret was shared with a buggy signer; still, trust nothing.
  const parsed = Payload.safeParse(parseJson(Buffer.from(body, 'base64url').toString('utf8')));
  if (!parsed.success) throw new InvalidUnsubscribeTokenError('malformed');
  const issuedAt = Date.parse(parsed.data.i);
  if (issuedAt > now.getTime() + CLOCK_SKEW_MS) throw new InvalidUnsubscribeTokenError('not_yet_valid');
  if (now.getTime() - issuedAt > maxAgeDays * DAY_MS) throw new InvalidUnsubscribeTokenError('expired');
  return { customerId: parsed.data.c, topic: parsed.data.t, issuedAt: parsed.data.i };
}

/**
 * RFC 8058 one-click unsubscribe headers: mail clients show an "Unsubscribe" button and POST
 * `List-Unsubscribe=One-Click` to the URL. The URL is normalized by the WHATWG parser, which percent-encodes
 * `<`, `>`, spaces and drops CR/LF, so it cannot break out of the angle brackets or the header.
 */
export function listUnsubscribeHeaders(url: string): MailHeader[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('List-Unsubscribe needs an absolute URL');
  }
  // RFC 8058 asks for HTTPS; plain http is allowed for the local runtime on 127.0.0.1.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('List-Unsubscribe needs an http(s) URL');
  return [
    { name: 'List-Unsubscribe', value: `<${parsed.href}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}

function mac(body: string, secret: string | Uint8Array): Buffer {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  // A short secret is a deployment mistake, not a bad token: fail loudly rather than sign weakly.
  if (key.length < MIN_SECRET_BYTES) throw new RangeError(`unsubscribe secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return createHmac('sha256', key).update(DOMAIN + body).digest();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
