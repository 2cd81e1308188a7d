import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, ValidationError } from '../../../functions/domain';
import { applyPolicyOverride, parsePolicyOverride, policyOverrideFrom } from '../../../functions/domain/policy-override';

const noFiles = (path: string): string => {
  throw new Error(`ENOENT: no such file, open '${path}'`);
};

describe('policy override', () => {
  it('replaces exactly the fields it names and keeps the defaults elsewhere', () => {
    const policy = applyPolicyOverride({ quietHours: { start: '22:00', end: '07:00' }, crisisPlaybook: { sev2: { breaksQuietHours: true } } });
    expect(policy).toEqual({
      ...DEFAULT_POLICY,
      quietHours: { start: '22:00', end: '07:00' },
      crisisPlaybook: { ...DEFAULT_POLICY.crisisPlaybook, sev2: { ...DEFAULT_POLICY.crisisPlaybook.sev2, breaksQuietHours: true } },
    });
    expect(DEFAULT_POLICY.crisisPlaybook.sev2.breaksQuietHours).toBe(false);
  });

  it('replaces the whole list of caps, channel order and compensation', () => {
    const policy = applyPolicyOverride({
      frequencyCaps: [{ max: 2, windowHours: 48 }],
      defaultChannelPreferences: ['sms'],
      compensation: { discountPercent: 35 },
    });
    expect(policy.frequencyCaps).toEqual([{ max: 2, windowHours: 48 }]);
    expect(policy.defaultChannelPreferences).toEqual(['sms']);
    expect(policy.compensation).toEqual({ discountPercent: 35 });
    expect(policy.quietHours).toBe(DEFAULT_POLICY.quietHours);
    expect(policy.crisisPlaybook).toEqual(DEFAULT_POLICY.crisisPlaybook);
  });

  it('an empty override is the default policy', () => {
    expect(applyPolicyOverride({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicyOverride('{}', 'test')).toEqual({});
  });

  it.each([
    ['{"quietHours":{"start":"24:00","end":"08:00"}}', 'quietHours.start: must be HH:MM in 24-hour time'],
    ['{"quietHours":{"start":"21:00"}}', 'quietHours.end: Invalid input: expected string, received undefined'],
    ['{"frequencyCaps":[{"max":1,"windowHours":0}]}', 'frequencyCaps[0].windowHours: Too small: expected number to be >=1'],
    ['{"frequencyCaps":[{"max":1.5,"windowHours":24}]}', 'frequencyCaps[0].max: Invalid input: expected int, received number'],
    ['{"defaultChannelPreferences":["email","email"]}', 'defaultChannelPreferences: must not repeat a channel'],
    ['{"defaultChannelPreferences":[]}', 'defaultChannelPreferences: must name at least one channel'],
    ['{"crisisPlaybook":{"sev4":{}}}', 'crisisPlaybook.sev4: unknown field'],
    ['{"crisisPlaybook":{"sev1":{"cadenceMinutes":0}}}', 'crisisPlaybook.sev1.cadenceMinutes: Too small: expected number to be >=1'],
    ['{"compensation":{"discountPercent":120}}', 'compensation.discountPercent: Too big: expected number to be <=100'],
    ['{"quietHour":{"start":"21:00","end":"08:00"}}', 'quietHour: unknown field'],
    ['{"quietHours":', 'not JSON'],
  ])('rejects %s naming the field: %s', (json, problem) => {
    expect(() => parsePolicyOverride(json, 'journeys:policy')).toThrow(`invalid policy override (journeys:policy): ${problem}`);
  });

  it('reports every problem as a field-level issue', () => {
    try {
      parsePolicyOverride('{"quietHours":{"start":"7","end":"8"},"compensation":{"discountPercent":0}}', 'JOURNEYS_POLICY');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues!.map((issue) => issue.path)).toEqual(['quietHours.start', 'quietHours.end', 'compensation.discountPercent']);
    }
  });

  it('takes an object, JSON text or the path of a JSON file, and names the file in errors', () => {
    const files: Record<string, string> = { 'policy.json': '{"compensation":{"discountPercent":30}}', 'bad.json': '{"compensation":{}}' };
    const read = (path: string) => files[path] ?? noFiles(path);
    expect(policyOverrideFrom({ compensation: { discountPercent: 10 } }, 'cdk.json', read)).toEqual({ compensation: { discountPercent: 10 } });
    expect(policyOverrideFrom(' {"compensation":{"discountPercent":15}}', '-c', read)).toEqual({ compensation: { discountPercent: 15 } });
    expect(policyOverrideFrom('policy.json', '-c', read)).toEqual({ compensation: { discountPercent: 30 } });
    expect(() => policyOverrideFrom('bad.json', '-c', read)).toThrow('invalid policy override (-c: bad.json): compensation.discountPercent:');
    expect(() => policyOverrideFrom('missing.json', '-c', read)).toThrow(
      "invalid policy override (-c): neither JSON nor a readable JSON file: ENOENT: no such file, open 'missing.json'",
    );
    expect(() => policyOverrideFrom(['sms'], 'cdk.json', read)).toThrow('invalid policy override (cdk.json): (root):');
  });
});
