/**
 * The runtime stopped and started again while a journey waits (local/engine/replay.ts): the interrupted onboarding
 * goes on where it was — its activation wait still ends two days after the sign-up, not two days after the restart;
 * a nudge deferred by quiet hours across another restart is decided again and sent at the end of quiet hours (not
 * left `deferred` for ever); nothing is sent twice; and the journey finishes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../local/engine';
import type { Decision } from '../../../functions/domain/model/message';
import { PROFILE, signedUp, startTestRuntime, type TestRuntime } from '../../support/runtime';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 21:30 in Bratislava: the sign-up comes in during quiet hours (21:00–08:00). */
const EVENING = '2026-11-23T20:30:00.000Z';
const at = (ms: number) => new Date(Date.parse(EVENING) + ms).toISOString();

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

async function decisions(runtime: TestRuntime, customerId: string): Promise<Decision[]> {
  const answer = await runtime.api('GET', `/messages?customerId=${customerId}&limit=100`);
  expect(answer.status).toBe(200);
  return (answer.body as { messages: Decision[] }).messages;
}

async function advanceTo(runtime: TestRuntime, instant: string): Promise<void> {
  await runtime.clock.advance(Date.parse(instant) - runtime.clock.now());
  await runtime.idle();
}

describe('a journey interrupted by runtime restarts', () => {
  it('keeps its wait deadlines, sends its deferred nudge at the end of quiet hours, sends nothing twice, and finishes', async () => {
    rt = await startTestRuntime({ dataDir: 'temp', clock: VirtualClock.manual(EVENING) });
    const customerId = 'c-restarts';
    expect((await rt.api('PUT', `/profiles/${customerId}`, { ...PROFILE, customerId, email: 'restarts@example.com' })).status).toBe(200);
    expect((await rt.api('POST', '/events', signedUp(customerId))).status).toBe(202);
    await rt.idle();

    // Stopped a day into the 2-day activation wait.
    await advanceTo(rt, at(DAY));
    rt = await rt.restart();
    expect(rt.restarted.map(({ restartedAs }) => restartedAs.split(':').at(-1))).toEqual([`onboarding-evt-${customerId}-signup-r1`]);
    await advanceTo(rt, at(2 * DAY - HOUR));
    expect((await decisions(rt, customerId)).some((d) => d.step === 'activation-nudge')).toBe(false);

    // Two days after the sign-up (21:30, quiet hours): the nudge is deferred to 08:00 local (07:00Z).
    await advanceTo(rt, at(2 * DAY + HOUR));
    const deferred = (await decisions(rt, customerId)).find((d) => d.step === 'activation-nudge');
    expect(deferred).toMatchObject({ outcome: 'deferred', sendAt: '2026-11-26T07:00:00.000Z' });

    // Stopped during the deferral: still sent at 07:00Z.
    rt = await rt.restart();
    expect(rt.restarted.map(({ restartedAs }) => restartedAs.split(':').at(-1))).toEqual([`onboarding-evt-${customerId}-signup-r2`]);
    await advanceTo(rt, '2026-11-26T06:59:00.000Z');
    expect((await decisions(rt, customerId)).find((d) => d.step === 'activation-nudge')?.outcome).toBe('deferred');
    await advanceTo(rt, '2026-11-26T07:01:00.000Z');
    expect((await decisions(rt, customerId)).find((d) => d.step === 'activation-nudge')).toMatchObject({ outcome: 'sent' });

    // The tips follow; the journey ends, each message sent once.
    await advanceTo(rt, at(14 * DAY));
    const executions = (await rt.engine.listExecutions({ stateMachineArn: rt.stateMachineArns.onboarding! })).executions;
    expect(Object.fromEntries(executions.map((e) => [e.name, e.status]))).toEqual({
      [`onboarding-evt-${customerId}-signup`]: 'ABORTED',
      [`onboarding-evt-${customerId}-signup-r1`]: 'ABORTED',
      [`onboarding-evt-${customerId}-signup-r2`]: 'SUCCEEDED',
    });
    const emails = (await rt.inbox.emails()).filter((email) => email.destination.to[0] === 'restarts@example.com');
    const sent = (await decisions(rt, customerId)).filter((d) => d.outcome === 'sent');
    expect(sent.map((d) => d.step).sort()).toEqual(['activation-nudge', 'tip-2', 'tip-3', 'welcome']);
    expect(emails).toHaveLength(4);
  }, 120_000);
});
