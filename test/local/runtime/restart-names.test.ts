/**
 * The engine fix the runtime relies on: a restart of a restarted execution is `<original>-r2`, never
 * `<original>-r1-r1`, because message ids strip exactly one `-r<N>` suffix (functions/domain/message-id.ts) —
 * so a journey interrupted twice still does not send its messages again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../functions/domain/message-id';
import { LocalStepFunctions, VirtualClock } from '../../../local/engine';

const PARK = JSON.stringify({ StartAt: 'Park', States: { Park: { Type: 'Wait', Seconds: 86_400, End: true } } });

describe('restarting interrupted executions', () => {
  it('names every restart after the original, so message ids stay the same', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journeys-restarts-'));
    const open = () => new LocalStepFunctions({ clock: VirtualClock.manual('2026-11-23T10:00:00Z'), dataDir });

    const first = open();
    const { stateMachineArn } = await first.createStateMachine({ name: 'onboarding', definition: PARK });
    const { executionArn: original } = await first.startExecution({ stateMachineArn, name: 'onboarding-evt-1', input: '{}' });
    await first.close();

    const second = open();
    const { executionArn: r1 } = await second.restartInterrupted(original);
    await second.close();

    const third = open();
    expect(third.interruptedExecutions()).toEqual([r1]);
    const { executionArn: r2 } = await third.restartInterrupted(r1);
    await third.close();

    expect([r1, r2]).toEqual([`${original}-r1`, `${original}-r2`]);
    expect(new Set([original, r1, r2].map((arn) => messageIdFor(arn, 'welcome'))).size).toBe(1);
  });
});
