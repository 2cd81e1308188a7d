/**
 * A Choice rule `"IsPresent": false` (CDK's `Condition.isNotPresent`) matches when the variable is absent, as the
 * service documents. aws-local-stepfunctions only implements the `true` form; the engine rewrites the `false`
 * form into `Not`. The onboarding journey depends on it: its activation wait times out into this rule.
 */
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions, VirtualClock } from '../../../local/engine';

const definition = (test: Record<string, unknown>) =>
  JSON.stringify({
    StartAt: 'Check',
    States: {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.signal.event.type', ...test, Next: 'Matched' }], Default: 'Other' },
      Matched: { Type: 'Pass', Result: 'matched', End: true },
      Other: { Type: 'Pass', Result: 'default', End: true },
    },
  });

async function run(test: Record<string, unknown>, input: unknown): Promise<unknown> {
  const engine = new LocalStepFunctions({ clock: VirtualClock.manual('2026-11-23T10:00:00Z') });
  const { stateMachineArn } = await engine.createStateMachine({ name: 'choice', definition: definition(test) });
  const { executionArn } = await engine.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  const done = await engine.waitForExecution(executionArn);
  await engine.close();
  return JSON.parse(done.output ?? 'null');
}

describe('Choice type tests with false', () => {
  it('IsPresent: false matches an absent variable and not a present one', async () => {
    expect(await run({ IsPresent: false }, { signal: { Error: 'States.Timeout' } })).toBe('matched');
    expect(await run({ IsPresent: false }, { signal: { event: { type: 'customer.activated' } } })).toBe('default');
    expect(await run({ IsPresent: true }, { signal: { event: { type: 'customer.activated' } } })).toBe('matched');
  });

  it('IsString: false matches a present value of another type', async () => {
    expect(await run({ IsString: false }, { signal: { event: { type: 42 } } })).toBe('matched');
    expect(await run({ IsString: false }, { signal: { event: { type: 'x' } } })).toBe('default');
  });
});
