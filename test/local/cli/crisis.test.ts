import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, startStubApi, type RecordedRequest, type StubAnswer, type StubApi } from './support';

const TOKEN = 'oncall-secret';

/** A stub of /crisis that behaves like api-crisis: on-call auth, versions, If-Match, 412 on a stale version. */
function crisisApi() {
  let record: Record<string, unknown> = { active: false };
  const audit: Record<string, unknown>[] = [];
  const auth = (request: RecordedRequest): StubAnswer | undefined => {
    const header = request.headers.authorization;
    if (!header) return { status: 401, body: { error: { code: 'unauthorized', message: 'on-call credentials are required for this route' } } };
    if (header !== `Bearer ${TOKEN}`) return { status: 403, body: { error: { code: 'forbidden', message: 'local:someone is not on call' } } };
    return undefined;
  };
  const stale = (request: RecordedRequest): StubAnswer | undefined => {
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== `"${String(record.version)}"`) {
      return { status: 412, body: { error: { code: 'stale_version', message: `version ${ifMatch} is stale` } } };
    }
    return undefined;
  };
  const commit = (next: Record<string, unknown>, action: string, change: unknown) => {
    record = next;
    audit.unshift({ version: next.version, previousVersion: (next.version as number) - 1, action, actor: 'local:oncall', at: '2026-11-23T10:05:00.000Z', change });
  };
  return {
    set: (next: Record<string, unknown>) => (record = next),
    routes: {
      'GET /crisis': () => ({ status: 200, body: record, headers: { etag: `"${String(record.version ?? 0)}"` } }),
      'PUT /crisis': (request: RecordedRequest) => {
        const refused = auth(request) ?? stale(request);
        if (refused) return refused;
        const body = request.body as Record<string, unknown>;
        if (!record.active) {
          commit(
            { ...body, active: true, id: 'cr-1', version: ((record.version as number | undefined) ?? 0) + 1, cadenceMinutes: body.cadenceMinutes ?? 60, declaredAt: '2026-11-23T10:00:00.000Z', declaredBy: 'local:oncall', updatedAt: '2026-11-23T10:00:00.000Z', updatedBy: 'local:oncall' },
            'declare',
            body,
          );
        } else {
          commit({ ...record, ...body, version: (record.version as number) + 1, updatedAt: '2026-11-23T10:05:00.000Z' }, 'update', body);
        }
        return { status: 200, body: record };
      },
      'DELETE /crisis': (request: RecordedRequest) => {
        const refused = auth(request) ?? stale(request);
        if (refused) return refused;
        const body = (request.body ?? {}) as Record<string, unknown>;
        commit({ active: false, id: 'cr-1', version: (record.version as number) + 1, severity: record.severity, headline: record.headline, resolvedAt: '2026-11-23T12:00:00.000Z', resolvedBy: 'local:oncall', ...body }, 'resolve', body);
        return { status: 200, body: record };
      },
      'GET /crisis/audit': (request: RecordedRequest) => auth(request) ?? { status: 200, body: { entries: audit.slice(0, Number(request.query.get('limit') ?? 50)) } },
    },
  };
}

const ACTIVE = {
  active: true,
  id: 'cr-1',
  version: 3,
  severity: 'sev1',
  headline: 'Payments outage',
  message: { en: 'Card payments are failing.', sk: 'Platby kartou nefungujú.' },
  affected: { region: ['eu-central'] },
  statusPageUrl: 'https://status.example.com/x',
  cadenceMinutes: 60,
  declaredAt: '2026-11-23T10:00:00.000Z',
  declaredBy: 'local:oncall',
  updatedAt: '2026-11-23T10:30:00.000Z',
  updatedBy: 'local:oncall',
  broadcast: { messageVersion: 3, kind: 'update', total: 157, sent: 120, failed: 2, skipped: 5, remaining: 30, startedAt: '2026-11-23T10:30:01.000Z' },
};

describe('journeys crisis', () => {
  let api: StubApi;
  let crisis: ReturnType<typeof crisisApi>;
  const cli = (args: string[], env: Record<string, string> = { JOURNEYS_ONCALL_TOKEN: TOKEN }) => run(['--endpoint', api.endpoint, ...args], { env });
  const writes = () => api.requests.filter((r) => r.method !== 'GET');

  beforeEach(async () => {
    crisis = crisisApi();
    api = await startStubApi(crisis.routes);
  });
  afterEach(() => api.close());

  it('declare sends the declaration built from flags, with the on-call token', async () => {
    const result = await cli([
      'crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage',
      '--message', 'en=Card payments are failing.', '--message', 'sk=Platby kartou nefungujú.',
      '--affected', 'region=eu-central,eu-west,plan=pro', '--status-page', 'https://status.example.com/x', '--cadence', '60',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [put] = writes();
    expect(put!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(put!.headers['if-match']).toBeUndefined();
    expect(put!.body).toEqual({
      severity: 'sev1',
      headline: 'Payments outage',
      message: { en: 'Card payments are failing.', sk: 'Platby kartou nefungujú.' },
      affected: { region: ['eu-central', 'eu-west'], plan: ['pro'] },
      statusPageUrl: 'https://status.example.com/x',
      cadenceMinutes: 60,
    });
    expect(result.stdout).toContain('crisis declared: sev1 "Payments outage" (version 1)');
    expect(result.stdout).toContain('region=eu-central,eu-west; plan=pro');
  });

  it('declare --messages-per-day sets the per-customer cap; the answer shows the rule customers get', async () => {
    const result = await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down.', '--affected', 'all', '--messages-per-day', '2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((writes()[0]!.body as { customerMessagesPerDay: unknown }).customerMessagesPerDay).toBe(2);
    expect(result.stdout).toMatch(/customers: +each change at once; no change: a reminder every 24 h; at most 2 crisis messages a day each/);

    const refused = await cli(['crisis', 'update', '--messages-per-day', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('customerMessagesPerDay: must be at least 1');
  });

  it('declare --affected all means everyone', async () => {
    const result = await cli(['crisis', 'declare', '--severity', 'sev2', '--headline', 'Slow app', '--message', 'en=Slow.', '--affected', 'all']);
    expect(result.code).toBe(0);
    expect((writes()[0]!.body as { affected: unknown }).affected).toEqual({ all: true });
  });

  it('declare refuses invalid flags field by field and sends nothing', async () => {
    const result = await cli(['crisis', 'declare', '--severity', 'sev9', '--headline', 'Payments outage', '--message', 'sk=Len po slovensky', '--affected', 'all']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/severity: Invalid option: expected one of "sev1"\|"sev2"\|"sev3"/);
    expect(result.stderr).toContain('message: must include an "en" message');
    expect(api.requests).toHaveLength(0);

    const badMessage = await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'just text', '--affected', 'all']);
    expect(badMessage.code).toBe(1);
    expect(badMessage.stderr).toContain('--message: "just text" must be locale=text');
    expect(api.requests).toHaveLength(0);
  });

  it('a non-numeric --cadence is a usage error (exit 2)', async () => {
    const result = await cli(['crisis', 'declare', '--severity', 'sev1', '--cadence', 'hourly']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cadence');
  });

  it('without a token: exit 1, and the hint says how to pass one', async () => {
    const result = await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down.', '--affected', 'all'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: on-call credentials are required for this route');
    expect(result.stderr).toContain('pass --token <token> or set JOURNEYS_ONCALL_TOKEN');
  });

  it('with a refused token (403): exit 1, says the token is wrong and where the right one is printed, once', async () => {
    const result = await cli(['--token', 'wrong', 'crisis', 'resolve'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the on-call token is wrong: it is not the one this runtime accepts\n' +
        '  hint: `npm start` prints the right one at startup ("On-call token", unless JOURNEYS_ONCALL_TOKEN was set for it): pass it with --token <token> or export JOURNEYS_ONCALL_TOKEN\n',
    );
    expect(writes().map((r) => r.method)).toEqual(['DELETE']);
  });

  it('declare without --severity, --message or --affected names the missing flags: exit 2, nothing sent', async () => {
    const result = await cli(['crisis', 'declare', '--headline', 'Payments outage']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: crisis declare needs --severity, --message, --affected (missing options); nothing was sent');
    expect(result.stderr).not.toContain('Invalid input');
    expect(api.requests).toHaveLength(0);

    const one = await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down.']);
    expect(one.code).toBe(2);
    expect(one.stderr.split('\n')[0]).toBe('error: crisis declare needs --affected (missing option); nothing was sent');
    expect(api.requests).toHaveLength(0);
  });

  it('declare while a crisis is active (409): names `crisis update`, not If-Match', async () => {
    crisis.set(ACTIVE);
    api.routes.set('PUT /crisis', () => ({
      status: 409,
      body: { error: { code: 'crisis_already_active', message: 'a crisis is already active (version 3); change it with PUT /crisis and If-Match: 3, or resolve it first' } },
    }));
    const result = await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down.', '--affected', 'all']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: a crisis is already active (sev1 "Payments outage", version 3); nothing was declared');
    expect(result.stderr).toContain('hint: change it with `npx journeys crisis update`');
    expect(result.stderr).toContain('hint: or end it with `npx journeys crisis resolve`');
    expect(result.stderr).not.toContain('If-Match');
  });

  it('update reads the current version and sends it as If-Match, changing one locale only', async () => {
    crisis.set(ACTIVE);
    const result = await cli(['crisis', 'update', '--message', 'sk=Platby sa obnovujú.', '--cadence', '30']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [put] = writes();
    expect(put!.headers['if-match']).toBe('"3"');
    expect(put!.body).toEqual({ message: { en: 'Card payments are failing.', sk: 'Platby sa obnovujú.' }, cadenceMinutes: 30 });
    expect(result.stdout).toContain('crisis updated: sev1 "Payments outage" (version 4)');
  });

  it('update --if-match uses the given version; a stale one (412) says someone else changed it and shows the current version', async () => {
    crisis.set(ACTIVE);
    const result = await cli(['crisis', 'update', '--headline', 'Payments recovering', '--if-match', '2']);
    expect(result.code).toBe(1);
    expect(writes()[0]!.headers['if-match']).toBe('"2"');
    expect(result.stderr).toContain('someone else changed the crisis: your change was based on version 2, it is now at version 3 by local:oncall at 2026-11-23T10:30:00.000Z; nothing was changed');
    expect(result.stderr).toContain('npx journeys crisis status');
  });

  it('update without an active crisis: exit 1, nothing sent', async () => {
    const result = await cli(['crisis', 'update', '--headline', 'Anything']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no crisis is active');
    expect(writes()).toHaveLength(0);
  });

  it('update with no field to change: exit 1', async () => {
    crisis.set(ACTIVE);
    const result = await cli(['crisis', 'update']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('name at least one field to change');
    expect(writes()).toHaveLength(0);
  });

  it('resolve sends the post-mortem link and an all-clear message', async () => {
    crisis.set(ACTIVE);
    const result = await cli(['crisis', 'resolve', '--postmortem', 'https://status.example.com/x/pm', '--message', 'en=All good again.']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [del] = writes();
    expect(del!.method).toBe('DELETE');
    expect(del!.body).toEqual({ postmortemUrl: 'https://status.example.com/x/pm', message: { en: 'All good again.' } });
    expect(result.stdout).toContain('crisis resolved (version 4)');
    expect(result.stdout).toContain('https://status.example.com/x/pm');
  });

  it('resolve refuses a post-mortem that is not a URL, before sending', async () => {
    const result = await cli(['crisis', 'resolve', '--postmortem', 'see wiki']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('postmortemUrl: must be an https URL');
    expect(api.requests).toHaveLength(0);
  });

  it('status shows mode, severity, headline, version, broadcast progress and the audit', async () => {
    await cli(['crisis', 'declare', '--severity', 'sev1', '--headline', 'Payments outage', '--message', 'en=Down.', '--affected', 'region=eu-central']);
    crisis.set(ACTIVE);
    const result = await cli(['crisis', 'status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CRISIS sev1: Payments outage');
    expect(result.stdout).toMatch(/version:\s+3/);
    expect(result.stdout).toContain('update of version 3: 120 sent, 2 failed, 5 skipped, 30 remaining of 157');
    // The rule customers get (a record without its own cap: the playbook's 4).
    expect(result.stdout).toMatch(/customers: +each change at once; no change: a reminder every 8 h; at most 4 crisis messages a day each/);
    expect(result.stdout).toContain('last 1 audit entry');
    expect(result.stdout).toMatch(/1\s+declare\s+local:oncall\s+2026-11-23 10:05:00Z\s+severity=sev1 headline=Payments outage message\(en\) affected=region=eu-central/);
  });

  it('status without a token still shows the crisis, and says why the audit is missing', async () => {
    const result = await cli(['crisis', 'status'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('normal: no active crisis');
    expect(result.stdout).toContain('audit: not shown — it needs the on-call token');
  });

  it('status --json answers the record and the audit', async () => {
    crisis.set(ACTIVE);
    const result = await cli(['--json', 'crisis', 'status']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { crisis: { version: number }; audit: unknown[] };
    expect(parsed.crisis.version).toBe(3);
    expect(parsed.audit).toEqual([]);
  });
});
