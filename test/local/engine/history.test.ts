/**
 * History events in GetExecutionHistory's shape: ids from 1 ascending, each `previousEventId` the event
 * before, timestamps on the virtual clock never going backwards, every entered state exited (or aborted),
 * paging with nextToken and reverse order.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../local/engine';
import { eventually, fullHistory, testEngine } from './support';

function expectWellFormed(events: HistoryEvent[]): void {
  events.forEach((event, index) => {
    expect(event.id).toBe(index + 1);
    expect(event.previousEventId).toBe(index);
    expect(event.timestamp).toBeInstanceOf(Date);
    if (index > 0) expect((event.timestamp as Date).getTime()).toBeGreaterThanOrEqual((events[index - 1]?.timestamp as Date).getTime());
  });
  expect(events[0]?.type).toBe('ExecutionStarted');
  expect(events.at(-1)?.type).toMatch(/^Execution(Succeeded|Failed|Aborted|TimedOut)$/);
  const entered = events.filter((event) => event.type?.endsWith('StateEntered') && event.type !== 'FailStateEntered').map((event) => event.stateEnteredEventDetails?.name);
  const exited = events.filter((event) => event.type?.endsWith('StateExited') || event.type?.endsWith('StateAborted')).map((event) => event.stateExitedEventDetails?.name);
  expect(exited.sort()).toEqual(entered.sort());
}

describe('execution history', () => {
  it('is well formed for a run with retries, waits, a Map and a callback', async () => {
    let sends = 0;
    const tokens: string[] = [];
    const { engine, clock, machine } = testEngine({
      'send-message': async () => {
        sends++;
        if (sends === 1) throw Object.assign(new Error('throttled'), { name: 'ProviderRetryableError' });
        return { sent: true };
      },
      'flag-follow-up': async () => ({}),
      'evaluate-message': async () => ({ outcome: 'sent' }),
      'wait-for-event': async (payload) => {
        tokens.push((payload as { taskToken: string }).taskToken);
        return {};
      },
    });
    const runs = [
      await engine.startExecution({ stateMachineArn: await machine('retry-catch.asl.json'), input: '{}' }),
      await engine.startExecution({ stateMachineArn: await machine('fan-out.asl.json'), input: '{"kind":"broadcast","crisisId":"cr-1","customers":["a","b","c","d"]}' }),
      await engine.startExecution({ stateMachineArn: await machine('waits.asl.json'), input: '{"customerId":"c","sendAt":"2026-12-01T00:00:00Z"}' }),
      await engine.startExecution({ stateMachineArn: await machine('callback.asl.json'), input: '{"customerId":"c","waitKey":"k"}' }),
    ];
    await eventually(() => tokens.length === 1);
    await engine.sendTaskSuccess({ taskToken: tokens[0] as string, output: '{}' });
    await clock.advance(30 * 86_400_000);
    for (const { executionArn } of runs) {
      expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
      expectWellFormed(await fullHistory(engine, executionArn));
    }
  });

  it('pages with maxResults/nextToken and reverses on request', async () => {
    const { engine, machine } = testEngine({ 'evaluate-message': async () => ({ outcome: 'sent' }) });
    const { executionArn } = await engine.startExecution({ stateMachineArn: await machine('fan-out.asl.json'), input: '{"kind":"broadcast","crisisId":"cr-1","customers":["a","b","c"]}' });
    await engine.waitForExecution(executionArn);
    const all = await fullHistory(engine, executionArn);
    const pages: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await engine.getExecutionHistory(executionArn, { maxResults: 7, ...(nextToken ? { nextToken } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(7);
      pages.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual(all);
    const reversed = await engine.getExecutionHistory(executionArn, { reverseOrder: true, maxResults: 1 });
    expect(reversed.events[0]?.type).toBe('ExecutionSucceeded');
    const withoutData = await engine.getExecutionHistory(executionArn, { includeExecutionData: false, maxResults: 1 });
    expect(withoutData.events[0]?.executionStartedEventDetails).toEqual({ inputDetails: { truncated: false }, roleArn: expect.any(String) });
  });
});
