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
