/**
 * Choice, Map and Parallel as the docs describe them, with handlers inside a Map iteration and in Parallel
 * branches; ItemSelector sees `$$.Map.Item`, results keep item order, ResultSelector reshapes Parallel output.
 */
import { describe, expect, it } from 'vitest';
import { prepareDefinition } from '../../../local/engine/definition-transform';
import { fullHistory, parse, testEngine, types } from './support';

describe('Choice, Map and Parallel', () => {
  it('routes by Choice into a Map that calls a handler and branches per item', async () => {
    const calls: unknown[] = [];
    const { engine, machine } = testEngine({
      'evaluate-message': async (payload) => {
        calls.push(payload);
        const { customerId } = payload as { customerId: string };
        // Out-of-order completion: later items answer first.
        await new Promise((resolve) => setTimeout(resolve, customerId === 'c-1' ? 20 : 1));
        return { outcome: customerId === 'c-2' ? 'suppressed' : 'sent' };
      },
    });
    const { executionArn } = await engine.startExecution({
      stateMachineArn: await machine('fan-out.asl.json'),
      input: JSON.stringify({ kind: 'broadcast', crisisId: 'cr-9', customers: ['c-1', 'c-2', 'c-3'] }),
    });
    const done = await engine.waitForExecution(executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(calls).toContainEqual({ customerId: 'c-2', index: 1, crisis: 'cr-9' });
    expect((parse(done.output) as { results: unknown }).results).toEqual([
      { customerId: 'c-1', outcome: 'sent' },
      { customerId: 'c-2', outcome: 'skipped' },
      { customerId: 'c-3', outcome: 'sent' },
    ]);
    const history = await fullHistory(engine, executionArn);
    expect(history.filter((event) => event.type === 'MapIterationStarted').map((event) => event.mapIterationStartedEventDetails)).toEqual([
      { name: 'Each customer', index: 0 },
      { name: 'Each customer', index: 1 },
      { name: 'Each customer', index: 2 },
    ]);
    expect(types(history).filter((type) => type === 'LambdaFunctionSucceeded')).toHaveLength(3);
    // Route (Choice) + Map + 3 × (task, choice, pass).
    expect(engine.getExecutionUsage(executionArn)).toEqual({ stateTransitions: 11, taskInvocations: { 'evaluate-message': 3 } });
  });

  it('runs Parallel branches with their own handlers and reshapes the result array', async () => {
    const { engine, machine } = testEngine({
      'customer-status': async (payload) => ({ lifecycle: 'active', for: (payload as { customerId: string }).customerId }),
      'marketing-suppression': async (payload) => ({ suppressed: false, for: (payload as { customerId: string }).customerId }),
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('fan-out.asl.json'), input: '{"kind":"status","customerId":"c-5"}' });
    const done = await engine.waitForExecution(executionArn);
    expect(parse(done.output)).toEqual({ status: { lifecycle: 'active', for: 'c-5' }, suppression: { suppressed: false, for: 'c-5' } });
    const history = types(await fullHistory(engine, executionArn));
    expect(history).toContain('ParallelStateStarted');
    expect(history.indexOf('ParallelStateSucceeded')).toBe(history.indexOf('ParallelStateExited') - 1);
  });

  it('fails the Parallel state when a branch fails, and the execution with the branch error', async () => {
    const { engine, machine } = testEngine({
      'customer-status': async () => {
        const error = new Error('table missing');
        error.name = 'ResourceNotFoundException';
        throw error;
      },
      'marketing-suppression': async () => ({}),
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('fan-out.asl.json'), input: '{"kind":"status","customerId":"c-5"}' });
    const done = await engine.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'ResourceNotFoundException' });
    expect(types(await fullHistory(engine, executionArn))).toContain('ParallelStateFailed');
  });

  it('keeps same-named task states of different Parallel branches apart (the library binds handlers by name)', () => {
    // AWS requires unique names (asl-validator refuses duplicates); the transform still never lets two states share a binding.
    const branch = (fn: string) => ({ StartAt: 'Read', States: { Read: { Type: 'Task', Resource: `arn:aws:lambda:local:000000000000:function:${fn}`, End: true } } });
    const prepared = prepareDefinition({ StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [branch('customer-status'), branch('marketing-suppression')], End: true } } });
    const bindings = [...prepared.bindings].map(([unique, binding]) => [unique, binding.name, binding.kind === 'task' ? binding.resource.split(':').at(-1) : '']);
    expect(bindings).toEqual([
      ['Read', 'Read', 'customer-status'],
      ['Read #2', 'Read', 'marketing-suppression'],
    ]);
  });
});
