/**
 * Hostile strings in what customers and event sources control — a profile's name, an incident's title and update
 * message, a crisis headline — sent through the real runtime. Two outcomes, nothing in between:
 *
 * - accepted: the value reaches the customer's email (through the SES emulator's inbox) as data — escaped in the
 *   HTML (no tag or attribute of its own), never evaluated by liquid, as written in the text part and subject, and
 *   the raw message has exactly the headers we send (no Bcc/Cc, one To, one Subject);
 * - refused: what cannot be made safe — line breaks of any kind and bidirectional controls in one-line fields
 *   (subjects, greetings), control characters, over-long values, addresses that are not one address — is a 400
 *   naming the field, and nothing is written.
 */

export type HostileField = 'name' | 'incidentTitle' | 'incidentMessage';

export interface AcceptedCase {
  guards: string;
  field: HostileField;
  value: string;
}

export const ACCEPTED_CASES: AcceptedCase[] = [
  { guards: 'a script tag in a name', field: 'name', value: '<script>alert(1)</script>' },
  { guards: 'an attribute break-out with an onerror image in a name', field: 'name', value: '"><img src=x onerror=alert(1)>' },
  { guards: 'a single-quote attribute break-out in a name', field: 'name', value: "' onmouseover='alert(1)" },
  { guards: 'liquid arithmetic in a name (never evaluated)', field: 'name', value: '{{ 7 | times: 6 }}' },
  { guards: 'a liquid raw block around a variable in a name', field: 'name', value: '{% raw %}{{ appUrl }}{% endraw %}' },
  { guards: 'a liquid include in a name', field: 'name', value: "{% include 'secrets' %}" },
  { guards: 'percent-encoded CR/LF as text in a name (stays text)', field: 'name', value: '%0d%0aBcc: x@evil.example' },
  { guards: 'an RFC 2047 encoded-word smuggling CR/LF into the subject', field: 'name', value: '=?utf-8?q?=0D=0ABcc:_x@evil.example?=' },
  { guards: 'emoji, including a ZWJ family sequence', field: 'name', value: 'Ana 🎉 👩‍👩‍👧' },
  { guards: 'zero-width characters inside a name', field: 'name', value: 'A\u200Bna\u200C\u200D' },
  { guards: 'a right-to-left name (no controls needed)', field: 'name', value: 'علي بن أحمد' },
  { guards: 'an already-escaped entity in a name (not unescaped)', field: 'name', value: '&amp; &lt;b&gt;' },
  { guards: 'a javascript: text as a name (never a link)', field: 'name', value: 'javascript:alert(1)' },
  { guards: 'a script tag in an incident title', field: 'incidentTitle', value: '<script>alert(1)</script> Cards down' },
  { guards: 'liquid in an incident title', field: 'incidentTitle', value: '{{ name }} {{ unsubscribeUrl }}' },
  { guards: 'a header-looking incident title on one line', field: 'incidentTitle', value: 'Outage; Bcc: x@evil.example' },
  { guards: 'markup and line breaks in an incident update (body only, multi-line text)', field: 'incidentMessage', value: 'First line\n<b>bold</b> <a href="javascript:alert(1)">x</a>\r\nBcc: x@evil.example' },
];

export interface RefusedCase {
  guards: string;
  method: 'PUT' | 'POST';
  /** `profile`: PUT /profiles/{id} with `overrides`; `event`: POST /events with `event`; `crisis`: PUT /crisis (on call). */
  kind: 'profile' | 'event' | 'crisis';
  overrides?: Record<string, unknown>;
  event?: Record<string, unknown>;
  crisis?: Record<string, unknown>;
  issue: string;
}

const name = (guards: string, value: string): RefusedCase => ({ guards, method: 'PUT', kind: 'profile', overrides: { name: value }, issue: 'name' });
const email = (guards: string, value: string): RefusedCase => ({ guards, method: 'PUT', kind: 'profile', overrides: { email: value }, issue: 'email' });
const incident = (guards: string, data: Record<string, unknown>, issue: string): RefusedCase => ({
  guards,
  method: 'POST',
  kind: 'event',
  event: { type: 'incident.opened', data: { incidentId: 'INC-H', severity: 'major', title: 'Cards down', ...data } },
  issue,
});
const crisis = (guards: string, body: Record<string, unknown>, issue: string): RefusedCase => ({
  guards,
  method: 'PUT',
  kind: 'crisis',
  crisis: { severity: 'sev2', headline: 'Payments outage', message: { en: 'Down.' }, affected: { region: ['nowhere'] }, ...body },
  issue,
});

export const REFUSED_CASES: RefusedCase[] = [
  name('CR/LF and a Bcc header in a name', 'Ana\r\nBcc: x@evil.example'),
  name('a bare LF in a name', 'Ana\nBcc: x@evil.example'),
  name('a bare CR in a name', 'Ana\rBcc: x@evil.example'),
  name('a Unicode line separator (U+2028) in a name', 'Ana\u2028Bcc: x@evil.example'),
  name('a Unicode paragraph separator (U+2029) in a name', 'Ana\u2029Bcc: x@evil.example'),
  name('NEL (U+0085), a line break to some mail software', 'Ana\u0085Bcc: x@evil.example'),
  name('a right-to-left override (U+202E) in a name', 'Ana \u202Egnp.exe'),
  name('a left-to-right isolate (U+2066) in a name', 'Ana \u2066x\u2069'),
  name('a first-strong isolate (U+2068) in a name', 'Ana \u2068x'),
  name('a NUL in a name', 'Ana\u0000'),
  name('a terminal escape sequence in a name', 'Ana \u001b[31mred'),
  name('a 10 kB name', 'A'.repeat(10_000)),
  name('a name one character too long', 'A'.repeat(101)),
  email('CR/LF and a Bcc header in an email address', 'ana@example.com\r\nBcc: x@evil.example'),
  email('a display name with the address', 'Ana <ana@example.com>'),
  email('two addresses in one', 'ana@example.com, x@evil.example'),
  email('a 10 kB address', `${'a'.repeat(10_000)}@example.com`),
  { guards: 'markup as a segment value', method: 'PUT', kind: 'profile', overrides: { segment: { region: '<script>' } }, issue: 'segment.region' },
  incident('CR/LF in an incident title', { title: 'Down\nBcc: x@evil.example' }, 'data.title'),
  incident('a 10 kB incident title', { title: 'x'.repeat(10_000) }, 'data.title'),
  incident('a right-to-left override in an incident title', { title: 'Refund \u202Egnp.exe' }, 'data.title'),
  incident('NEL in an incident title', { title: 'Down\u0085Bcc: x@evil.example' }, 'data.title'),
  { guards: 'a C1 control in a survey comment', method: 'POST', kind: 'event', event: { type: 'survey.responded', data: { surveyId: 's-h', score: 3, comment: 'bad\u009b31m' } }, issue: 'data.comment' },
  crisis('a line separator in a crisis headline', { headline: 'Outage\u2028Bcc: x@evil.example' }, 'headline'),
  crisis('CR/LF in a status page URL', { statusPageUrl: 'https://status.example.com/x\r\nBcc: x@evil.example' }, 'statusPageUrl'),
  crisis('markup in a status page URL', { statusPageUrl: 'https://status.example.com/"><script>alert(1)</script>' }, 'statusPageUrl'),
  crisis('a space in a status page URL', { statusPageUrl: 'https://status.example.com/x onmouseover=alert(1)' }, 'statusPageUrl'),
];
