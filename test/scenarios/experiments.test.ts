/**
 * Experiments and the global control group, through the real local runtime on the virtual clock: onboarding's
 * activation nudge runs `activation-nudge-copy` (two copies); a 50 % control group (the policy override
 * `controlGroupPercent`) gets the welcome (transactional) but no nudge and no tips; goal events count once per
 * customer; a customer's variant is the same across a restart and a new journey version.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATION_NUDGE_COPY } from '../../contracts/experiments';
import type { ExperimentReport } from '../../functions/domain/experiments/report';
import { inControlGroup } from '../../functions/domain/rules/control-group';
import { assignVariant } from '../../functions/domain/rules/experiment';
import type { Decision } from '../../functions/domain/model/message';
import { VirtualClock } from '../../local/engine';
import { PROFILE, START, signedUp, startTestRuntime, tempDataDir, testTemplateDir, type TestRuntime } from '../support/runtime';
import { useScenario } from '../support/scenario';

const CONTROL_PERCENT = 50;
const candidates = Array.from({ length: 200 }, (_, i) => `exp-${i}`);
const inControl = candidates.filter((id) => inControlGroup(id, CONTROL_PERCENT));
const treated = candidates.filter((id) => !inControlGroup(id, CONTROL_PERCENT));
const variantOf = (id: string) => assignVariant(ACTIVATION_NUDGE_COPY, id).name;

describe('the global control group and conversions (controlGroupPercent 50)', () => {
  const s = useScenario('2026-11-23T09:00:00.000Z', { policy: { controlGroupPercent: CONTROL_PERCENT } });
  const report = async () => {
    const answer = await s.api('GET', `/experiments/${ACTIVATION_NUDGE_COPY.id}`);
    expect(answer.status).toBe(200);
    return answer.body as ExperimentReport;
  };

  it('control-group customers get the welcome (transactional) but no nudge and no tips; the others get the nudge of their variant', { timeout: 120_000 }, async () => {
    const control = inControl[0]!;
    const other = treated[0]!;
    for (const id of [control, other]) {
      await s.putProfile(s.profile(id));
      await s.post(s.events.signedUp(id));
    }
    await s.advance({ days: 8 });

    const steps = async (id: string) => (await s.messagesOf(id)).map((m) => [m.step, m.outcome, m.reasonCodes[0]]).sort();
    expect(await steps(control)).toEqual([
      ['activation-nudge', 'suppressed', 'control_group'],
      ['tip-2', 'suppressed', 'control_group'],
      ['tip-3', 'suppressed', 'control_group'],
      ['welcome', 'sent', 'allowed'],
    ]);
    expect((await s.emailsTo(s.emailOf(control))).map((e) => e.subject)).toEqual(['Vitajte v Journeys']);
    const nudge = (await s.decisionOf(control, 'activation-nudge'))!;
    expect(nudge.experiment).toEqual({ id: ACTIVATION_NUDGE_COPY.id, variant: 'control' });
    expect(nudge.reasons).toEqual([`suppressed: customer is in the global control group (${CONTROL_PERCENT} % of customers get no marketing)`]);

    const sent = (await s.decisionOf(other, 'activation-nudge'))!;
    const variant = variantOf(other);
    expect(sent).toMatchObject({ outcome: 'sent', experiment: { id: ACTIVATION_NUDGE_COPY.id, variant }, template: variant === 'benefit' ? 'activation_nudge_benefit' : 'activation_nudge' });
    expect(await s.emailsTo(s.emailOf(other))).toHaveLength(4);
  });

  it('counts a goal event once per customer, for their variant or the control group', { timeout: 120_000 }, async () => {
    const control = inControl[0]!;
    const other = treated[0]!;
    // The treated customer activates twice (two events with their own ids), the control customer once.
    await s.post(s.events.activated(other), s.events.activated(control));
    await s.post(s.events.activated(other));
    await s.advance({ days: 3 });

    const figures = await report();
    const variant = variantOf(other);
    const byName = Object.fromEntries(figures.variants.map((v) => [v.name, { assigned: v.assigned, sent: v.sent, conversions: v.conversions }]));
    expect(byName[variant]).toEqual({ assigned: 1, sent: 1, conversions: 1 });
    expect(byName[variant === 'benefit' ? 'reminder' : 'benefit']).toEqual({ assigned: 0, sent: 0, conversions: 0 });
    expect(figures.control).toMatchObject({ assigned: 1, measured: 1, conversions: 1, rate: 1 });
    expect(figures.winner).toBeUndefined();
    expect(figures.status).toBe('running');

    const list = await s.api('GET', '/experiments');
    expect((list.body as { experiments: ExperimentReport[] }).experiments.map((e) => e.id)).toEqual(['activation-nudge-copy', 'detractor-offer']);
    expect((await s.api('GET', '/experiments/no-such')).status).toBe(404);
  });
});

/** The synthesized template with one more state in front of onboarding's first one: a definition change. */
function onboardingV2(templateDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-template-v2-'));
  cpSync(templateDir, dir, { recursive: true });
  const file = join(dir, 'Journeys.template.json');
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } }> };
  const [, machine] = Object.entries(template.Resources).find(([key, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && key.includes('onboarding'))!;
  const parts = machine.Properties.DefinitionString['Fn::Join'][1];
  parts[0] = (parts[0] as string).replace('{"StartAt":"Welcome","States":{', '{"StartAt":"Welcome v2","States":{"Welcome v2":{"Type":"Pass","Next":"Welcome"},');
  writeFileSync(file, JSON.stringify(template));
  return dir;
}

describe('sticky assignment', () => {
  let rt: TestRuntime | undefined;
  afterAll(async () => {
    await rt?.stop();
  });

  it('gives each customer the same variant across a restart and a new journey version', { timeout: 180_000 }, async () => {
    const clock = VirtualClock.manual(START);
    const dataDir = tempDataDir();
    const v1 = await testTemplateDir();
    // Two customers of each variant.
    const ids = [...treated.filter((id) => variantOf(id) === 'reminder').slice(0, 2), ...treated.filter((id) => variantOf(id) === 'benefit').slice(0, 2)];
    const nudges = async (id: string) =>
      ((await rt!.api('GET', `/messages?customerId=${id}&limit=100`)).body as { messages: Decision[] }).messages.filter((m) => m.step === 'activation-nudge').map((m) => m.experiment!.variant);

    rt = await startTestRuntime({ dataDir, clock, templateDir: v1 });
    for (const [i, id] of ids.entries()) {
      expect((await rt.api('PUT', `/profiles/${id}`, { ...PROFILE, customerId: id, email: `${id}@example.com`, phone: `+42190077${String(i).padStart(4, '0')}` })).status).toBe(200);
      expect((await rt.api('POST', '/events', signedUp(id))).status).toBe(202);
    }
    await rt.idle();
    await clock.advance(2 * 86_400_000);
    await rt.idle();
    const before = await Promise.all(ids.map(nudges));
    expect(before).toEqual(ids.map((id) => [variantOf(id)]));

    await rt.stop();
    rt = await startTestRuntime({ dataDir, clock, templateDir: onboardingV2(v1) });
    await rt.idle();
    expect(((await rt.api('GET', '/journeys/onboarding', undefined, { authorization: `Bearer ${rt.oncallToken}` })).body as { version: number }).version).toBe(2);
    for (const id of ids) expect((await rt.api('POST', '/events', signedUp(id, `evt-${id}-signup-v2`))).status).toBe(202);
    await rt.idle();
    await clock.advance(2 * 86_400_000);
    await rt.idle();
    // Each customer now has a second nudge, from the v2 execution: the same variant as the first.
    expect(await Promise.all(ids.map(nudges))).toEqual(ids.map((id) => [variantOf(id), variantOf(id)]));
    // Two nudges each, one exposure each: the first exposure is counted, the re-entry is not.
    const figures = (await rt.api('GET', `/experiments/${ACTIVATION_NUDGE_COPY.id}`)).body as ExperimentReport;
    expect(figures.variants.map((v) => [v.name, v.assigned])).toEqual([
      ['reminder', 2],
      ['benefit', 2],
    ]);
  });
});
