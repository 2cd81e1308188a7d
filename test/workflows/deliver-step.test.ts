/**
 * deliverStep, the one-task message step, synthesized alone: valid ASL, the states it promises, the retry and
 * catch of the two-task step it replaced, the deferral loop carrying the attempt count, and the transitions it saves.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../contracts/functions';
import { localFunctionArn, type AslDefinition } from '../../infra/definitions';
import { deliverStep, JourneyScope, type JourneyFunctionsMap } from '../../workflows/blocks';
import { SEND_RETRYABLE_ERRORS, STEP_SIGNALS } from '../../contracts/payloads';
import { pathBetween, reachable, taskFunction, validateAsl, type State } from './asl';

function synthesizeStep(): AslDefinition {
  const stack = new Stack(new App(), 'Step');
  const functions = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, lambda.Function.fromFunctionArn(stack, name, localFunctionArn(name))])) as JourneyFunctionsMap;
  const scope = new JourneyScope(stack, 'Journey', { journey: 'onboarding', functions });
  const props = { template: 'tips', topic: 'onboarding_tips', category: 'marketing', step: 'tip-1', vars: { tipNumber: 1 } } as const;
  const block = deliverStep(scope, 'Tips', props);
  const chain = block.next(new sfn.Succeed(scope, 'Next step'));
  // Through JSON, as a synthesized template is: the graph object carries undefined-valued keys. The tokens a
  // template resolves (the partition of an integration's ARN, JsonPath.DISCARD) are resolved as synth would.
  const json = JSON.stringify(new sfn.StateGraph(chain.startState, 'deliver').toGraphJson())
    .replace(/\$\{Token\[AWS\.Partition\.\d+\]\}/g, 'aws')
    .replace(/"\$\{Token\[DISCARD[^"]*\}"/g, 'null');
  return JSON.parse(json) as AslDefinition;
}

const deliver = synthesizeStep();
const state = (name: string): State => {
  const found = deliver.States[name] as State | undefined;
  if (!found) throw new Error(`no state ${name}`);
  return found;
};

describe('deliverStep', () => {
  it('is valid ASL with the documented states, all reachable, entered at the step label', () => {
    const result = validateAsl(deliver);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(deliver.StartAt).toBe('Tips');
    expect(Object.keys(deliver.States).sort()).toEqual(
      ['Next step', 'Tips', 'Tips: deferred', 'Tips: deferred until', 'Tips: deliver again', 'Tips: hold', 'Tips: hold until', 'Tips: held', 'Tips: not sent', 'Tips: park', 'Tips: wait until sendAt'].sort(),
    );
    expect(reachable(deliver).size).toBe(Object.keys(deliver.States).length);
  });

  it('invokes deliver-message with the message, retries provider throttling and catches everything else', () => {
    for (const name of ['Tips', 'Tips: deliver again']) {
      const task = state(name);
      expect(taskFunction(task)).toBe('deliver-message');
      expect(task.ResultPath).toBe('$.delivery');
      const parameters = task.Parameters as Record<string, unknown> & { message: Record<string, unknown> };
      expect(parameters['executionId.$']).toBe('$$.Execution.Id');
      expect(parameters.message).toMatchObject({ journey: 'onboarding', step: 'tip-1', template: 'tips', 'customerId.$': '$.customerId', vars: { tipNumber: 1 } });
      expect(parameters.maxAttempts).toBe(10);
      expect(task.Retry).toEqual([
        { ErrorEquals: [...SEND_RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, JitterStrategy: 'FULL', MaxDelaySeconds: 60 },
      ]);
      expect(task.Catch).toEqual([
        { ErrorEquals: [STEP_SIGNALS.messageDeferred], ResultPath: '$.deferral', Next: 'Tips: deferred' },
        { ErrorEquals: [STEP_SIGNALS.messageHeld], ResultPath: '$.deferral', Next: 'Tips: hold' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.sendError', Next: 'Tips: park' },
      ]);
      expect(task.Next).toBe('Next step');
    }
    expect((state('Tips').Parameters as Record<string, unknown>)['attempt.$']).toBeUndefined();
    expect((state('Tips: deliver again').Parameters as Record<string, unknown>)['attempt.$']).toBe('$.deferral.until.attempt');
  });

  it('parks what the Retry gave up on: deliver-message in park mode with the caught error, then not sent; the park cannot crash the journey', () => {
    const park = state('Tips: park');
    expect(taskFunction(park)).toBe('deliver-message');
    expect(park.ResultPath).toBe('$.delivery');
    const parameters = park.Parameters as Record<string, unknown>;
    // The same message as the delivery (so the same messageId), plus the whole caught error.
    expect(parameters['park.$']).toBe('$.sendError');
    expect(parameters['executionId.$']).toBe('$$.Execution.Id');
    expect(parameters.message).toEqual((state('Tips').Parameters as Record<string, unknown>).message);
    expect(parameters['attempt.$']).toBeUndefined();
    // A short retry of the Lambda service and table throttling only; no provider is called in park mode.
    const retry = park.Retry as { ErrorEquals: string[]; MaxAttempts: number; IntervalSeconds: number }[];
    expect(retry).toHaveLength(1);
    expect(retry[0]!.ErrorEquals).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Sandbox.Timedout', 'TimeoutError', 'ThrottlingException']));
    expect(retry[0]!.ErrorEquals).not.toContain('ProviderRetryableError');
    expect(retry[0]!.MaxAttempts).toBeLessThanOrEqual(3);
    expect(park.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.parkError', Next: 'Tips: not sent' }]);
    expect(park.Next).toBe('Tips: not sent');
    expect(pathBetween(deliver, 'Tips', 'Next step')).not.toContain('Tips: park');
  });

  it('reads a Message.Deferred out of the Cause, waits until sendAt, then delivers again; anything else continues', () => {
    expect(state('Tips: deferred').Parameters).toEqual({ 'cause.$': 'States.StringToJson($.deferral.Cause)' });
    expect(state('Tips: deferred until').Parameters).toEqual({ 'until.$': 'States.StringToJson($.deferral.cause.errorMessage)' });
    expect(state('Tips: wait until sendAt').TimestampPath).toBe('$.deferral.until.sendAt');
    expect(pathBetween(deliver, 'Tips', 'Tips: deliver again')).toEqual(['Tips', 'Tips: deferred', 'Tips: deferred until', 'Tips: wait until sendAt', 'Tips: deliver again']);
    expect(state('Tips: not sent').Next).toBe('Next step');
  });

  it('parks a message held by a pause or the freeze on its wait key until released or the hold ends, then delivers it again', () => {
    // Message.Held is caught before anything else but the deferral: a held message never takes the deferral's Wait.
    expect((state('Tips').Catch as Array<{ ErrorEquals: string[]; Next: string }>).find((c) => c.ErrorEquals.includes('Message.Held'))?.Next).toBe('Tips: hold');
    expect(pathBetween(deliver, 'Tips', 'Tips: held')).toEqual(['Tips', 'Tips: hold', 'Tips: hold until', 'Tips: held']);
    expect(state('Tips: hold until').Parameters).toEqual({ 'until.$': 'States.StringToJson($.deferral.cause.errorMessage)' });
    const held = state('Tips: held');
    expect(held.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(taskFunction(held)).toBe('wait-for-event');
    expect((held.Parameters as { Payload: Record<string, unknown> }).Payload).toEqual({
      'taskToken.$': '$$.Task.Token',
      'executionId.$': '$$.Execution.Id',
      'customerId.$': '$.customerId',
      'waitKey.$': '$.deferral.until.waitKey',
      'timeoutSeconds.$': '$.deferral.until.timeoutSeconds',
    });
    expect(held.TimeoutSecondsPath).toBe('$.deferral.until.timeoutSeconds');
    // The park's result is dropped: the journey's own $.signal and $.delivery, and the attempt count at $.deferral, stay.
    expect(held.ResultPath).toBeNull();
    expect(held.Next).toBe('Tips: deliver again');
    expect(held.Catch).toEqual([
      { ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Tips: deliver again' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.sendError', Next: 'Tips: park' },
    ]);
  });

  it('costs 1 transition for a message decided at once (the two-task step it replaced cost 5: docs/cost-model.md)', () => {
    expect(pathBetween(deliver, 'Tips', 'Next step')).toEqual(['Tips', 'Next step']);
  });
});
