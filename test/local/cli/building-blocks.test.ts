import { describe, expect, it } from 'vitest';
import { parseAudience, parseMessages } from '../../../local/cli/commands/crisis-options';
import { countDecisions, decisionTables } from '../../../local/cli/demo/decision-summary';
import { colorEnabled } from '../../../local/cli/format/color';
import { wrap } from '../../../local/cli/format/table';
import type { Decision } from '../../../local/cli/api-client';

describe('crisis flags', () => {
  it('--affected: all, key=value lists, and values continuing the previous key', () => {
    const issues: { path: string; message: string }[] = [];
    expect(parseAudience(['all'], issues)).toEqual({ all: true });
    expect(parseAudience(['region=eu-central,eu-west', 'plan=pro'], issues)).toEqual({ region: ['eu-central', 'eu-west'], plan: ['pro'] });
    expect(issues).toEqual([]);
    parseAudience(['eu-central'], issues);
    parseAudience(['all,region=eu-central'], issues);
    expect(issues.map((i) => i.message)).toEqual(['"eu-central" must be all or key=value, e.g. region=eu-central', '"all" cannot be combined with segment matches']);
  });

  it('--message: locale=text, text may contain "="', () => {
    const issues: { path: string; message: string }[] = [];
    expect(parseMessages(['en=a=b', 'sk=Platby'], issues)).toEqual({ en: 'a=b', sk: 'Platby' });
    parseMessages(['=x'], issues);
    expect(issues).toHaveLength(1);
  });
});

describe('output building blocks', () => {
  it('colours need a terminal and no opt-out', () => {
    expect(colorEnabled({ option: true, isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ option: true, isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ option: false, isTTY: true, env: {} })).toBe(false);
    expect(colorEnabled({ option: true, isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    // no-color.org: an empty NO_COLOR does not count.
    expect(colorEnabled({ option: true, isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
    expect(colorEnabled({ option: true, isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });

  it('wraps on words and cuts words longer than the width', () => {
    expect(wrap('quiet hours until 08:00 Europe/Bratislava', 20)).toEqual(['quiet hours until', '08:00', 'Europe/Bratislava']);
    expect(wrap('https://status.example.com/incidents/x', 16)).toEqual(['https://status.e', 'xample.com/incid', 'ents/x']);
    expect(wrap('short', 0)).toEqual(['short']);
  });
});

describe('demo decision summary', () => {
  const d = (outcome: Decision['outcome'], channel: Decision['channel'], reasonCodes: Decision['reasonCodes']) => ({ outcome, channel, reasonCodes }) as Decision;

  it('counts outcome × channel and reason codes (once per decision)', () => {
    const counts = countDecisions([
      d('sent', 'email', ['allowed']),
      d('sent', 'sms', ['channel_skipped', 'allowed']),
      d('suppressed', null, ['open_incident']),
      d('deferred', 'email', ['quiet_hours', 'quiet_hours']),
    ]);
    expect(counts).toEqual({
      total: 4,
      byOutcomeAndChannel: { sent: { email: 1, sms: 1 }, suppressed: { none: 1 }, deferred: { email: 1 } },
      byReasonCode: { allowed: 2, channel_skipped: 1, open_incident: 1, quiet_hours: 1 },
    });
    const lines = decisionTables(counts);
    expect(lines[0]).toMatch(/^OUTCOME\s+EMAIL\s+SMS\s+PUSH\s+NONE\s+TOTAL$/);
    expect(lines[1]).toMatch(/^sent\s+1\s+1\s+0\s+0\s+2$/);
    expect(lines[2]).toMatch(/^deferred\s+1\s+0\s+0\s+0\s+1$/);
    expect(lines).toContainEqual(expect.stringMatching(/^allowed\s+2$/));
  });
});
