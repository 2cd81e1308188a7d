import { describe, expect, it } from 'vitest';
import {
  InvalidUnsubscribeTokenError,
  listUnsubscribeHeaders,
  signUnsubscribeToken,
  verifyUnsubscribeToken,
  type UnsubscribeClaim,
} from '../../../functions/domain/templates';

const secret = 'test-secret-of-at-least-32-bytes!!';
const claim: UnsubscribeClaim = { customerId: 'c-123', topic: 'offers', issuedAt: '2026-11-23T10:00:00.000Z' };
const now = new Date('2026-11-24T10:00:00Z');
const token = signUnsubscribeToken(claim, secret);

function rejection(run: () => unknown): InvalidUnsubscribeTokenError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUnsubscribeTokenError);
    return error as InvalidUnsubscribeTokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('signed unsubscribe tokens', () => {
  it('round-trips the customer, topic and issue time', () => {
    expect(verifyUnsubscribeToken(token, secret, { now })).toEqual(claim);
  });

  it('is URL-safe, so it can sit in a path or query without encoding', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('is refused with another secret', () => {
    expect(rejection(() => verifyUnsubscribeToken(token, 'another-secret-of-32-bytes-or-more', { now })).reason).toBe('bad_signature');
  });

  it('cannot be altered from customer A to customer B', () => {
    const [, mac] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, c: 'c-999', t: 'offers', i: claim.issuedAt })).toString('base64url');
    expect(rejection(() => verifyUnsubscribeToken(`${forgedPayload}.${mac}`, secret, { now })).reason).toBe('bad_signature');
    // Nor by swapping in B's payload with A's signature, even when both are genuine.
    const other = signUnsubscribeToken({ ...claim, customerId: 'c-999' }, secret);
    expect(rejection(() => verifyUnsubscribeToken(`${other.split('.')[0]}.${mac}`, secret, { now })).reason).toBe('bad_signature');
  });

  it('is refused after any single-character change', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 0; index < token.length; index++) {
      if (token[index] === '.') continue;
      const replacement = alphabet[(alphabet.indexOf(token[index] ?? 'A') + 1) % alphabet.length];
      const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
      expect(() => verifyUnsubscribeToken(tampered, secret, { now }), `changed position ${index}`).toThrow(InvalidUnsubscribeTokenError);
    }
  });

  it('expires after maxAgeDays (default 365)', () => {
    const day = 24 * 60 * 60 * 1000;
    const issued = Date.parse(claim.issuedAt);
    expect(verifyUnsubscribeToken(token, secret, { now: new Date(issued + 365 * day) })).toEqual(claim);
    expect(rejection(() => verifyUnsubscribeToken(token, secret, { now: new Date(issued + 365 * day + 1) })).reason).toBe('expired');
    expect(rejection(() => verifyUnsubscribeToken(token, secret, { now: new Date(issued + 31 * day), maxAgeDays: 30 })).reason).toBe('expired');
  });

  it('is refused when issued in the future, beyond a little clock skew', () => {
    const issued = Date.parse(claim.issuedAt);
    expect(verifyUnsubscribeToken(token, secret, { now: new Date(issued - 60_000) })).toEqual(claim);
    expect(rejection(() => verifyUnsubscribeToken(token, secret, { now: new Date(issued - 60 * 60_000) })).reason).toBe('not_yet_valid');
  });

  it.each([
    '',
    'garbage',
    '.',
    'abc.',
    '.abc',
    'a.b.c',
    `${token}.extra`,
    `${token}=`,
    token.replace('.', ' '),
    'x'.repeat(5000),
    `${Buffer.from('not json').toString('base64url')}.${token.split('.')[1]}`,
  ])('refuses the malformed token %#', (garbage) => {
    const error = rejection(() => verifyUnsubscribeToken(garbage, secret, { now }));
    expect(error).toMatchObject({ code: 'invalid_token', status: 400 });
    expect(error.message).not.toContain(garbage.slice(0, 20) || '\u0000');
  });

  it('refuses a non-canonical spelling of a genuine signature', () => {
    // The last base64url character of a 32-byte MAC carries 2 spare bits; flipping them decodes to the same bytes.
    const [payload, mac = ''] = token.split('.');
    const last = mac.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
    expect(Buffer.from(mac.slice(0, -1) + sibling, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(() => verifyUnsubscribeToken(`${payload}.${mac.slice(0, -1)}${sibling}`, secret, { now })).toThrow(InvalidUnsubscribeTokenError);
  });

  it('refuses to sign an invalid claim or with a weak secret', () => {
    expect(() => signUnsubscribeToken({ ...claim, customerId: 'bad id with spaces' }, secret)).toThrow();
    expect(() => signUnsubscribeToken({ ...claim, topic: 'not-a-topic' as never }, secret)).toThrow();
    expect(() => signUnsubscribeToken({ ...claim, issuedAt: 'yesterday' }, secret)).toThrow();
    expect(() => signUnsubscribeToken(claim, 'short')).toThrow(RangeError);
  });
});

describe('List-Unsubscribe headers (RFC 8058)', () => {
  it('offers one-click unsubscribe for the link', () => {
    expect(listUnsubscribeHeaders(`https://example.com/unsubscribe/${token}`)).toEqual([
      { name: 'List-Unsubscribe', value: `<https://example.com/unsubscribe/${token}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('cannot be broken out of by the URL', () => {
    const [header] = listUnsubscribeHeaders('https://example.com/u?x=<a>,b\r\nBcc: victim@example.com');
    expect(header?.value).not.toMatch(/[\r\n]/);
    expect(header?.value.slice(1, -1)).not.toMatch(/[<>]/);
  });

  it('refuses links that are not http(s)', () => {
    expect(() => listUnsubscribeHeaders('mailto:unsubscribe@example.com')).toThrow(TypeError);
    expect(() => listUnsubscribeHeaders('javascript:alert(1)')).toThrow(TypeError);
    expect(() => listUnsubscribeHeaders('/relative')).toThrow(TypeError);
  });
});
