import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_POLICY } from '../../../../functions/domain';
import { ExperimentSchema, type Experiment } from '../../../../functions/domain/model/experiment';
import { inControlGroup } from '../../../../functions/domain/rules/control-group';
import { assignVariant, decideWithExperiment } from '../../../../functions/domain/rules/experiment';
import { aLedgerEntry, aMessage, aProfile, anInput, DAYTIME } from '../../../support/builders';

const experiment: Experiment = ExperimentSchema.parse({
  id: 'nudge-test',
  journey: 'onboarding',
  step: 'activation-nudge',
  variants: [
    { name: 'copy-a', weight: 1 },
    { name: 'copy-b', weight: 1, template: 'activation_nudge_benefit', channels: ['sms', 'email'] },
    { name: 'later', weight: 1, delayHours: 24 },
  ],
  goal: { event: 'customer.activated', withinHours: 168 },
});
const withControl = { ...DEFAULT_POLICY, controlGroupPercent: 10 };
const customers = Array.from({ length: 400 }, (_, i) => `c-${i}`);
const customerWith = (variant: string) => customers.find((c) => !inControlGroup(c, 10) && assignVariant(experiment, c).name === variant)!;
const controlCustomer = customers.find((c) => inControlGroup(c, 10))!;
const nudge = (customerId: string, overrides = {}) =>
  anInput({ profile: aProfile({ customerId }), message: aMessage({ customerId, step: 'activation-nudge', template: 'activation_nudge', topic: 'onboarding_tips', experiment: experiment.id, ...overrides }) });

describe('the global control group', () => {
  it('suppresses marketing for its members, naming the control group, and lets transactional and service through', () => {
    const marketing = decide(nudge(controlCustomer), withControl);
    expect(marketing).toMatchObject({ outcome: 'suppressed', reasonCodes: ['control_group'], reasons: ['suppressed: customer is in the global control group (10 % of customers get no marketing)'] });
    expect(decide(nudge(controlCustomer, { category: 'transactional', template: 'welcome' }), withControl).outcome).toBe('sent');
    expect(decide(nudge(controlCustomer, { category: 'service', topic: 'service_updates' }), withControl).outcome).toBe('sent');
    expect(decide(nudge(controlCustomer), DEFAULT_POLICY).outcome).toBe('sent');
  });
});

describe('decideWithExperiment', () => {
  const first = { experiment, firstEvaluation: true };

  it('records the baseline variant on the decision, the rules\' reasons unchanged', () => {
    const decision = decideWithExperiment(nudge(customerWith('copy-a')), withControl, first);
    expect(decision).toMatchObject({ outcome: 'sent', template: 'activation_nudge', channel: 'email', experiment: { id: 'nudge-test', variant: 'copy-a' } });
    expect(decision.reasons).toEqual(['sent on email (customer preferences)']);
  });

  it("applies a variant's template and channel order", () => {
    const decision = decideWithExperiment(nudge(customerWith('copy-b')), withControl, first);
    expect(decision).toMatchObject({ outcome: 'sent', template: 'activation_nudge_benefit', channel: 'sms', experiment: { variant: 'copy-b' } });
    expect(decision.reasons).toEqual(['sent on sms (customer preferences)']);
  });

  it("defers by a variant's delay on the step's first evaluation only", () => {
    const input = nudge(customerWith('later'));
    const deferred = decideWithExperiment(input, withControl, first);
    expect(deferred).toMatchObject({ outcome: 'deferred', sendAt: new Date(DAYTIME.getTime() + 24 * 3_600_000).toISOString(), reasonCodes: ['experiment_delay'] });
    expect(deferred.reasons).toEqual(['sent on email (customer preferences)', 'deferred: experiment nudge-test variant later waits 24 h after the step is reached']);
    const ledger = [aLedgerEntry({ messageId: input.message.messageId, outcome: 'deferred' })];
    expect(decideWithExperiment({ ...input, ledger }, withControl, { experiment, firstEvaluation: false })).toMatchObject({ outcome: 'sent', experiment: { variant: 'later' } });
  });

  it('makes control-group customers the control: suppressed, recorded as control', () => {
    const decision = decideWithExperiment(nudge(controlCustomer), withControl, first);
    expect(decision).toMatchObject({ outcome: 'suppressed', reasonCodes: ['control_group'], experiment: { id: 'nudge-test', variant: 'control' } });
  });

  it('gives the same customer the same variant on every evaluation', () => {
    const customer = customerWith('copy-b');
    const variants = [true, false, false].map((firstEvaluation) => decideWithExperiment(nudge(customer), withControl, { experiment, firstEvaluation }).experiment!.variant);
    expect(variants).toEqual(['copy-b', 'copy-b', 'copy-b']);
  });
});

describe("a variant's delay against the other rules", () => {
  const short: Experiment = ExperimentSchema.parse({
    id: 'short-wait',
    journey: 'onboarding',
    step: 'activation-nudge',
    variants: [
      { name: 'soon', weight: 1, delayHours: 1 },
      { name: 'soon-too', weight: 1, delayHours: 1 },
    ],
    goal: { event: 'customer.activated', withinHours: 168 },
  });
  const first = { experiment: short, firstEvaluation: true };
  const customer = customers.find((c) => assignVariant(short, c).name === 'soon')!;
  const input = (now: string, overrides = {}) => ({ ...nudge(customer, overrides), now: new Date(now) });

  it('waits for the later of the delay and the end of quiet hours', () => {
    // 21:30 in Bratislava: quiet until 08:00 (07:00Z), later than the 1-hour delay.
    const quiet = decideWithExperiment(input('2026-11-23T20:30:00.000Z'), DEFAULT_POLICY, first);
    expect(quiet).toMatchObject({ outcome: 'deferred', sendAt: '2026-11-24T07:00:00.000Z', reasonCodes: ['experiment_delay'], experiment: { id: 'short-wait', variant: 'soon' } });
    expect(quiet.reasons).toEqual(['quiet hours until 08:00 Europe/Bratislava', 'deferred: experiment short-wait variant soon waits 1 h after the step is reached']);
    // 07:30 local: quiet until 08:00, sooner than the delay.
    expect(decideWithExperiment(input('2026-11-23T06:30:00.000Z'), DEFAULT_POLICY, first)).toMatchObject({ outcome: 'deferred', sendAt: '2026-11-23T07:30:00.000Z' });
  });

  it('does not delay a message the rules stop, and a zero delay is no delay', () => {
    const optedOut = decideWithExperiment(input('2026-11-23T10:00:00.000Z', { topic: 'product_news' }), DEFAULT_POLICY, first);
    expect(optedOut).toMatchObject({ outcome: 'suppressed', reasonCodes: ['topic_opt_out'], experiment: { variant: 'soon' } });
    expect(optedOut.sendAt).toBeUndefined();
    const none = ExperimentSchema.parse({ ...short, variants: [{ name: 'now', weight: 1, delayHours: 0 }, { name: 'now-too', weight: 1, delayHours: 0 }] });
    expect(decideWithExperiment(input('2026-11-23T10:00:00.000Z'), DEFAULT_POLICY, { experiment: none, firstEvaluation: true })).toMatchObject({
      outcome: 'sent',
      reasonCodes: ['allowed'],
      experiment: { variant: assignVariant(none, customer).name },
    });
  });

  it('keeps the message and profile as they are when the variant changes neither', () => {
    const decision = decideWithExperiment(input('2026-11-23T10:00:00.000Z'), DEFAULT_POLICY, { experiment: short, firstEvaluation: false });
    expect(decision).toMatchObject({ outcome: 'sent', template: 'activation_nudge', channel: 'email', reasons: ['sent on email (customer preferences)'] });
  });
});
