/**
 * Hostile strings (hostile-strings.cases.ts) through the real runtime: accepted ones are checked on the email the
 * customer actually got (the SES emulator's inbox, and the raw RFC 5322 message it makes of it); refused ones are a
 * 400 naming the field with nothing written.
 */
import { createEmlContent } from 'aws-ses-v2-local/dist/emlFile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '../../../local/ses';
import { START, startTestRuntime, type TestRuntime } from '../../support/runtime';
import { ACCEPTED_CASES, REFUSED_CASES, type AcceptedCase } from './hostile-strings.cases';
import { rawRequest, reportCount, stateOf } from './support';

let rt: TestRuntime;
let seq = 0;

const SUBJECT_OF = { name: 'Welcome to Journeys', incidentTitle: "We're on it", incidentMessage: 'Update:' } as const;
const REFERENCE = 'MARKER';
const addressOf = (customerId: string) => `${customerId}@example.com`;
const idOf = (index: number) => `hostile-${index}`;
const referenceId = (field: AcceptedCase['field']) => `hostile-reference-${field}`;

function profile(customerId: string, name?: string) {
  return {
    customerId,
    ...(name === undefined ? {} : { name }),
    email: addressOf(customerId),
    locale: 'en',
    timeZone: 'Europe/London',
    segment: { region: 'eu-west' },
    consents: { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true },
    channelPreferences: ['email'],
  };
}
const event = (customerId: string, type: string, data: Record<string, unknown> = {}) => ({
  id: `hostile-evt-${++seq}`,
  type,
  occurredAt: START,
  source: 'corpus',
  customerId,
  data,
});

/** Sets one customer up so that the email showing `value` in `field` goes out. */
async function play(customerId: string, field: AcceptedCase['field'], value: string): Promise<void> {
  const put = await rt.api('PUT', `/profiles/${customerId}`, profile(customerId, field === 'name' ? value : 'Ana'));
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const title = field === 'incidentTitle' ? value : 'Cards down';
  const first = field === 'name' ? event(customerId, 'customer.signed_up') : event(customerId, 'incident.opened', { incidentId: `INC-${customerId}`, severity: 'major', title });
  expect((await rt.api('POST', '/events', first)).status).toBe(202);
  if (field === 'incidentMessage') {
    await rt.idle();
    const update = event(customerId, 'incident.updated', { incidentId: `INC-${customerId}`, message: value });
    expect((await rt.api('POST', '/events', update)).status).toBe(202);
  }
}

async function emailOf(customerId: string, field: AcceptedCase['field']): Promise<StoredEmail> {
  const emails = (await rt.inbox.emails()).filter((email) => email.destination.to.includes(addressOf(customerId)) && email.subject.startsWith(SUBJECT_OF[field]));
  expect(emails, `the ${field} email to ${customerId}`).toHaveLength(1);
  return emails[0]!;
}

/** Header fields of the raw message as the emulator writes it (RFC 5322, folded lines joined). */
async function rawHeaders(email: StoredEmail): Promise<{ name: string; value: string }[]> {
  const raw = (await createEmlContent(email)).body.toString('utf8');
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head
    .split(/\r\n(?![ \t])/)
    .map((line) => ({ name: line.slice(0, line.indexOf(':')).toLowerCase(), value: line.slice(line.indexOf(':') + 1).trim() }));
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
const count = (html: string, character: string) => html.split(character).length - 1;
const tags = (html: string) => count(html, '<');
/** The headers a sent email may have: the emulator's MIME framing and ours (one-click unsubscribe, RFC 8058). */
const HEADERS = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'content-transfer-encoding', 'list-unsubscribe', 'list-unsubscribe-post']);

beforeAll(async () => {
  rt = await startTestRuntime({ dataDir: null });
  for (const field of ['name', 'incidentTitle', 'incidentMessage'] as const) await play(referenceId(field), field, REFERENCE);
  for (const [index, c] of ACCEPTED_CASES.entries()) await play(idOf(index), c.field, c.value);
  await rt.idle();
});
afterAll(async () => rt?.stop());

describe('hostile strings that are accepted reach the email as data', () => {
  it('has its cases', () => {
    reportCount('hostile strings: accepted and checked in the sent email', ACCEPTED_CASES.length);
    reportCount('hostile strings: refused at the API', REFUSED_CASES.length);
    expect(ACCEPTED_CASES.length + REFUSED_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ACCEPTED_CASES.map((c, index) => ({ ...c, index })))('$field: $guards', async (c) => {
    const email = await emailOf(idOf(c.index), c.field);
    const reference = await emailOf(referenceId(c.field), c.field);
    const html = email.body.html ?? '';

    // HTML: the value escaped where the marker stood, and not one tag more than the template's own.
    expect(reference.body.html).toContain(REFERENCE);
    expect(html).toContain(escapeHtml(c.value));
    // …nor one quote more, so no attribute of its own either (the value's quotes are entities now).
    expect(tags(html)).toBe(tags(reference.body.html ?? ''));
    for (const quote of ['"', "'"]) expect(count(html, quote)).toBe(count(reference.body.html ?? '', quote));
    expect(html).not.toMatch(/<script|href="javascript:/i);
    // Liquid never ran on it: the value stands as written in the text part.
    const normalize = (text: string) => text.replace(/\r\n/g, '\n');
    expect(normalize(email.body.text ?? '')).toContain(normalize(c.value));
    expect(email.body.text).not.toMatch(/\b42\b|\bundefined\b/);
    if (c.field !== 'incidentMessage') expect(email.subject).toContain(c.value);

    // The message has our headers only: one To (the customer), one Subject, no Cc or Bcc from anywhere.
    expect(email.destination).toEqual({ to: [addressOf(idOf(c.index))], cc: [], bcc: [] });
    const headers = await rawHeaders(email);
    for (const header of headers) expect(HEADERS, `unexpected header ${header.name}`).toContain(header.name);
    expect(headers.filter((header) => header.name === 'to').map((header) => header.value)).toEqual([addressOf(idOf(c.index))]);
    expect(headers.filter((header) => header.name === 'subject')).toHaveLength(1);
  });
});

describe('hostile strings that cannot be made safe are refused', () => {
  it.each(REFUSED_CASES)('$kind: $guards → 400 at $issue', async (c) => {
    const before = await stateOf(rt);
    const answer =
      c.kind === 'profile'
        ? await rawRequest(rt.url, 'PUT', '/profiles/hostile-refused', { ...profile('hostile-refused', 'Ana'), ...c.overrides })
        : c.kind === 'event'
          ? await rawRequest(rt.url, 'POST', '/events', event('hostile-refused', String(c.event!.type), c.event!.data as Record<string, unknown>))
          : await rawRequest(rt.url, 'PUT', '/crisis', c.crisis, { authorization: `Bearer ${rt.oncallToken}` });

    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
    const error = (answer.body as { error: { code: string; issues: { path: string }[] } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((issue) => issue.path)).toContain(c.issue);
    expect(await stateOf(rt)).toStrictEqual(before);
  });
});
