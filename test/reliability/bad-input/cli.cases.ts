/**
 * The CLI surface: every command with bad arguments, run in-process (`runCli`) against the real runtime. Exit codes
 * as docs/cli.md documents them — 2 for a usage error (commander names the option or argument), 1 for invalid
 * input caught locally (the message names the field, "nothing was sent") or refused by the API (its issue path is
 * printed) — and the runtime's state is unchanged after each.
 *
 * `@name` in an argument is replaced by the path of the file `FILES[name]` (written to a temporary directory).
 */
const event = {
  id: 'cli-corpus-1',
  type: 'incident.opened',
  occurredAt: '2026-11-23T10:00:00Z',
  source: 'corpus',
  customerId: 'c-1',
  data: { incidentId: 'INC-1', severity: 'critical', title: 'Card payments failing' },
};
const profile = {
  customerId: 'c-cli',
  email: 'cli@example.com',
  phone: '+421900555666',
  locale: 'sk',
  timeZone: 'Europe/Bratislava',
};
const json = (value: unknown) => JSON.stringify(value, null, 2);

/** Input files the cases refer to as `@name`: text, bytes, or a value written as JSON. */
export const FILES: Record<string, string | Buffer | { directory: true }> = {
  'bad-severity.json': json({ ...event, data: { ...event.data, severity: 'catastrophic' } }),
  'month-13.json': json({ ...event, occurredAt: '2026-13-45T25:00:00Z' }),
  'no-zone.json': json({ ...event, occurredAt: '2026-11-23T10:00:00' }),
  'yesterday.json': json({ ...event, occurredAt: 'yesterday' }),
  'feb-30.json': json({ ...event, occurredAt: '2026-02-30T10:00:00Z' }),
  'not-json.json': '{"id": "cli-corpus-1", ',
  'latin1.json': Buffer.concat([Buffer.from(json(event).replace('Card payments failing', 'Cart')), Buffer.from([0xe9, 0x0a])]),
  'latin1-title.json': Buffer.concat([Buffer.from('{"id":"x","title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
  'empty.json': '',
  'whitespace.json': '   \n\t\n',
  'repeated-key.json': json(event).replace('"customerId": "c-1"', '"customerId": "c-1", "customerId": "c-2"'),
  'proto.json': json({ ...event, type: 'customer.signed_up', data: {} }).replace('"data": {}', '"data": {"__proto__": {"admin": true}}'),
  'deep.json': json({ ...event, type: 'customer.signed_up', data: {} }).replace('"data": {}', `"data": ${'{"a":'.repeat(100)}1${'}'.repeat(100)}`),
  'empty-batch.json': json({ events: [] }),
  'unknown-type.json': json({ ...event, type: 'customer.exploded' }),
  'repeated-ids.json': json({ events: [event, { ...event }] }),
  'batch-extra.json': json({ events: [event], dryRun: true }),
  'events-object.json': json({ events: { ...event } }),
  'crlf-title.json': json({ ...event, data: { ...event.data, title: 'Down\r\nBcc: all@example.com' } }),
  'profile-email.json': json({ ...profile, email: 'not-an-email' }),
  'profile-phone.json': json({ ...profile, phone: '0900 555 666' }),
  'profile-zone.json': json({ ...profile, timeZone: 'Mars/Olympus_Mons' }),
  'profile-no-id.json': json({ ...profile, customerId: undefined }),
  'profile-crlf-name.json': json({ ...profile, name: 'Ana\r\nBcc: x@evil.example' }),
  'profile-rlo-name.json': json({ ...profile, name: 'Ana \u202Egnp.exe' }),
  'profile-latin1.json': Buffer.concat([Buffer.from('{"customerId":"c-cli","name":"Ren'), Buffer.from([0xe9]), Buffer.from('"}')]),
  'profile-array.json': json([profile]),
  'profile-10kb-name.json': json({ ...profile, name: 'A'.repeat(10_000) }),
  'profile-repeated.json': json(profile).replace('"email": "cli@example.com"', '"email": "cli@example.com", "email": "evil@example.com"'),
  'crisis-not-json.json': '{"severity": sev1}',
  'crisis-array.json': json([{ severity: 'sev1' }]),
  'crisis-proto.json': '{"severity":"sev1","headline":"Payments outage","message":{"en":"x"},"affected":{"all":true},"__proto__":{"x":1}}',
  'a-directory': { directory: true },
  'template-not-json.json': '{"Resources": ',
};

export interface CliCase {
  guards: string;
  argv: string[];
  /** `token`: the runtime's on-call token in JOURNEYS_ONCALL_TOKEN; `wrong`: another one. */
  token?: 'token' | 'wrong';
  stdin?: string;
  exit: 1 | 2;
  /** Text stderr must contain: the field, option or file at fault. */
  mentions: string[];
}

const usage = (guards: string, argv: string[], ...mentions: string[]): CliCase => ({ guards, argv, exit: 2, mentions });
const invalid = (guards: string, argv: string[], ...mentions: string[]): CliCase => ({ guards, argv, exit: 1, mentions });

export const CLI_CASES: CliCase[] = [
  // ── Usage errors (exit 2): commander names the option or argument ──────────────────────────────────────
  usage('an unknown command', ['frobnicate'], "unknown command 'frobnicate'"),
  usage('an unknown option', ['why', 'c-1', '--verbose-please'], "unknown option '--verbose-please'"),
  usage('an unknown global option', ['--endpointt', 'http://127.0.0.1:1', 'why', 'c-1'], "unknown option '--endpointt'"),
  usage('why without a customer id', ['why'], "missing required argument 'customerId'"),
  usage('why --limit abc', ['why', 'c-1', '--limit', 'abc'], '--limit', 'whole number'),
  usage('why --limit 0', ['why', 'c-1', '--limit', '0'], '--limit'),
  usage('why --limit 101', ['why', 'c-1', '--limit', '101'], '--limit', '1 to 100'),
  usage('why --limit 2.5', ['why', 'c-1', '--limit', '2.5'], '--limit'),
  usage('why --limit with no value', ['why', 'c-1', '--limit'], '--limit', 'argument missing'),
  usage('outbox --channel fax', ['outbox', '--channel', 'fax'], '--channel', 'sms, push'),
  usage('outbox --limit 1001', ['outbox', '--limit', '1001'], '--limit'),
  usage('--endpoint with a non-http scheme', ['--endpoint', 'ftp://127.0.0.1', 'why', 'c-1'], '--endpoint', 'http or https'),
  usage('--endpoint that is not a URL', ['--endpoint', 'localhost 3000', 'why', 'c-1'], '--endpoint'),
  usage('crisis declare --cadence abc', ['crisis', 'declare', '--cadence', 'abc'], '--cadence'),
  usage('crisis declare --cadence -5', ['crisis', 'declare', '--cadence', '-5'], '--cadence'),
  usage('crisis declare without --severity', ['crisis', 'declare', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all'], '--severity'),
  usage('crisis update --if-match 0', ['crisis', 'update', '--if-match', '0'], '--if-match'),
  usage('crisis resolve --if-match v3', ['crisis', 'resolve', '--if-match', 'v3'], '--if-match'),
  usage('crisis replay --round x', ['crisis', 'replay', '--round', 'x'], '--round'),
  usage('crisis replay --message-version 0', ['crisis', 'replay', '--message-version', '0'], '--message-version'),
  usage('crisis status --audit 201', ['crisis', 'status', '--audit', '201'], '--audit'),
  usage('an unknown crisis sub-command', ['crisis', 'panic'], "unknown command 'panic'"),
  usage('profiles get without an id', ['profiles', 'get'], "missing required argument 'customerId'"),
  usage('profiles delete without an id', ['profiles', 'delete'], "missing required argument 'customerId'"),
  usage('profiles put without a file', ['profiles', 'put'], "missing required argument 'file'"),
  usage('events send without a file', ['events', 'send'], "missing required argument 'file'"),
  usage('events send with two files', ['events', 'send', '@bad-severity.json', '@unknown-type.json'], 'too many arguments'),
  usage('graph of an unknown journey', ['graph', 'billing'], "'billing' is invalid", 'onboarding'),
  usage('graph --direction XY', ['graph', 'onboarding', '--direction', 'XY'], '--direction', 'TD or LR'),
  usage('demo --max-wait 0', ['demo', '--max-wait', '0'], '--max-wait'),

  // ── Event files (exit 1, validated locally, nothing sent) ───────────────────────────────────────────────
  invalid('an unknown incident severity', ['events', 'send', '@bad-severity.json'], 'data.severity', 'nothing was sent'),
  invalid('a date in month 13', ['events', 'send', '@month-13.json'], 'occurredAt'),
  invalid('a date without a time zone', ['events', 'send', '@no-zone.json'], 'occurredAt', 'time zone'),
  invalid('a date in words', ['events', 'send', '@yesterday.json'], 'occurredAt'),
  invalid('the 30th of February', ['events', 'send', '@feb-30.json'], 'occurredAt'),
  invalid('a file that is not JSON', ['events', 'send', '@not-json.json'], 'not-json.json is not valid JSON'),
  invalid('a file that is not UTF-8 (Latin-1)', ['events', 'send', '@latin1.json'], 'latin1.json is not valid UTF-8'),
  invalid('a file that does not exist', ['events', 'send', '/no/such/dir/events.json'], 'cannot read /no/such/dir/events.json', 'no such file'),
  invalid('a directory instead of a file', ['events', 'send', '@a-directory'], 'a-directory', 'directory'),
  invalid('an empty file', ['events', 'send', '@empty.json'], 'empty.json is empty'),
  invalid('a file of whitespace', ['events', 'send', '@whitespace.json'], 'whitespace.json is empty'),
  invalid('a key given twice (the API would see only the last)', ['events', 'send', '@repeated-key.json'], 'customerId', 'repeats a key'),
  invalid('a __proto__ key', ['events', 'send', '@proto.json'], 'data.__proto__'),
  invalid('data nested 100 levels deep', ['events', 'send', '@deep.json'], 'nested deeper than 32'),
  invalid('an empty batch', ['events', 'send', '@empty-batch.json'], 'events', 'must not be empty'),
  invalid('an unknown event type', ['events', 'send', '@unknown-type.json'], 'type', 'unknown event type'),
  invalid('the same id twice in a batch', ['events', 'send', '@repeated-ids.json'], 'events[1].id', 'repeats the id'),
  invalid('an unknown field next to the events', ['events', 'send', '@batch-extra.json'], 'dryRun', 'unknown field'),
  invalid('events that are not a list', ['events', 'send', '@events-object.json'], 'events', 'must be an array'),
  invalid('CR/LF in an incident title', ['events', 'send', '@crlf-title.json'], 'data.title', 'single line'),
  { guards: 'invalid JSON on standard input', argv: ['events', 'send', '-'], stdin: '{"id":', exit: 1, mentions: ['standard input is not valid JSON'] },
  { guards: 'an empty standard input', argv: ['events', 'send', '-'], stdin: '', exit: 1, mentions: ['standard input is empty'] },

  // ── Profile files and ids ──────────────────────────────────────────────────────────────────────────────
  invalid('a profile with an invalid email', ['profiles', 'put', '@profile-email.json'], 'email', 'valid email'),
  invalid('a phone number not in E.164', ['profiles', 'put', '@profile-phone.json'], 'phone', 'E.164'),
  invalid('an unknown time zone', ['profiles', 'put', '@profile-zone.json'], 'timeZone', 'IANA'),
  invalid('a profile without its customerId', ['profiles', 'put', '@profile-no-id.json'], 'customerId'),
  invalid('CR/LF in a name', ['profiles', 'put', '@profile-crlf-name.json'], 'name', 'single line'),
  invalid('a bidirectional override in a name', ['profiles', 'put', '@profile-rlo-name.json'], 'name', 'bidirectional'),
  invalid('a profile file in Latin-1', ['profiles', 'put', '@profile-latin1.json'], 'not valid UTF-8'),
  invalid('a list instead of a profile', ['profiles', 'put', '@profile-array.json'], '(root)'),
  invalid('a 10 kB name', ['profiles', 'put', '@profile-10kb-name.json'], 'name', 'at most 100'),
  invalid('the email given twice', ['profiles', 'put', '@profile-repeated.json'], 'email', 'repeats a key'),
  invalid('profiles get with path traversal (refused by the API)', ['profiles', 'get', '../../crisis'], 'customerId'),
  invalid('profiles delete of an id with a space (nothing erased)', ['profiles', 'delete', 'c 1'], 'customerId'),
  invalid('profiles delete of a hostile id', ['profiles', 'delete', '<script>alert(1)</script>'], 'customerId'),
  invalid('why of a hostile id', ['why', '"><img src=x onerror=alert(1)>'], 'customerId'),
  invalid('outbox of a customer id with a NUL', ['outbox', '--customer', 'c-1\u0000'], 'customerId'),

  // ── Crisis (on-call) ───────────────────────────────────────────────────────────────────────────────────
  { ...invalid('a declaration without the on-call token', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all'], '401'), mentions: ['on-call'] },
  { ...invalid('a declaration with a wrong token', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all'], 'token is wrong'), token: 'wrong' },
  { ...invalid('an unknown severity', ['crisis', 'declare', '--severity', 'sev9', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all'], 'severity'), token: 'token' },
  { ...invalid('a declaration without the en message', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'sk=Nefunguje', '--affected', 'all'], 'message', '"en"'), token: 'token' },
  { ...invalid('a message without locale=', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'Down', '--affected', 'all'], '--message', 'locale=text'), token: 'token' },
  { ...invalid('an audience that is neither all nor key=value', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'europe'], '--affected'), token: 'token' },
  { ...invalid('all combined with a segment match', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'region=eu-central,all'], '--affected', 'cannot be combined'), token: 'token' },
  { ...invalid('a javascript: status page', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all', '--status-page', 'javascript:alert(1)'], 'statusPageUrl'), token: 'token' },
  { ...invalid('a headline with a line break', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments\nBcc: x@evil.example', '--message', 'en=Down', '--affected', 'all'], 'headline', 'single line'), token: 'token' },
  { ...invalid('a cadence of one minute', ['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down', '--affected', 'all', '--cadence', '1'], 'cadenceMinutes'), token: 'token' },
  { ...invalid('a declaration file that is not JSON', ['crisis', 'declare', '--file', '@crisis-not-json.json'], 'crisis-not-json.json is not valid JSON'), token: 'token' },
  { ...invalid('a declaration file holding a list', ['crisis', 'declare', '--file', '@crisis-array.json'], 'must hold a JSON object'), token: 'token' },
  { ...invalid('a declaration file with __proto__', ['crisis', 'declare', '--file', '@crisis-proto.json'], '__proto__'), token: 'token' },
  { ...invalid('an update when no crisis is active', ['crisis', 'update', '--headline', 'Still down'], 'no crisis is active'), token: 'token' },
  { ...invalid('a replay of an unknown kind', ['crisis', 'replay', '--kind', 'everything'], '--kind', 'alert, update, all-clear'), token: 'token' },
  invalid('a graph template that is not JSON', ['graph', 'onboarding', '--template', '@template-not-json.json'], 'template-not-json.json'),
];
