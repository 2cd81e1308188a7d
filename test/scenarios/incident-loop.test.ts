/**
 * The incident journey's update loop through the real local runtime: the paths the main scenarios do not take —
 * an `incident.updated` without its own text (the update message has no text paragraph), and the loop's
 * bound (INCIDENT_TIMINGS.maxUpdates updates; the next wake-up that is not the resolution lifts the suppression
 * and ends the journey).
 */
import { describe, expect, it } from 'vitest';
import { INCIDENT_TIMINGS } from '../../workflows/incident';
import { useScenario } from '../support/scenario';

// Monday 2026-11-23, 10:00 in Bratislava.
const s = useScenario('2026-11-23T09:00:00.000Z');

async function incidentExecution(customerId: string) {
  const executions = (await s.executionsOf(customerId)).filter((e) => e.journey === 'incident');
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

describe('incident update loop', () => {
  it('an update without text is still an update message, with no text paragraph', async () => {
    const id = 'inc-loop-no-text';
    const email = s.emailOf(id);
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London' }));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-L1', severity: 'major', title: 'Logins are slow' }));
    await s.advance({ minutes: 5 });
    await s.post(s.events.incidentUpdated(id, { incidentId: 'INC-L1' }));

    expect(await s.decisionOf(id, 'incident-update-0')).toMatchObject({ outcome: 'sent', channel: 'email' });
    const update = (await s.emailsTo(email))[1]!;
    expect(update.subject).toBe('Update: Logins are slow (INC-L1)');
    const paragraphs = (update.body.text ?? '').split('\n\n');
    expect(paragraphs.slice(0, 4)).toEqual(['An update on the problem', 'Hello,', 'Here is the latest on Logins are slow (reference INC-L1).', "We'll keep you posted until it's fully resolved."]);
    const states = await s.statesEntered((await incidentExecution(id)).id);
    expect(states.slice(-5)).toEqual(['Update or resolution?', 'No update message', 'Incident update', 'Count updates', 'Await update']);
    await s.assertHealthy();
  });

  it(`stops following after ${INCIDENT_TIMINGS.maxUpdates} updates: the next wake-up lifts the suppression and ends the journey`, async () => {
    const id = 'inc-loop-limit';
    await s.putProfile(s.profile(id, { locale: 'en', timeZone: 'Europe/London', channelPreferences: ['push', 'email'] }));
    await s.post(s.events.incidentOpened(id, { incidentId: 'INC-L2', severity: 'critical', title: 'Payments are down' }));
    expect(await s.suppressionsOf(id)).toHaveLength(1);
    for (let n = 0; n < INCIDENT_TIMINGS.maxUpdates; n++) {
      await s.advance({ minutes: 1 });
      await s.post(s.events.incidentUpdated(id, { incidentId: 'INC-L2', message: `Update ${n}` }));
    }
    const updates = (await s.messagesOf(id)).filter((m) => m.step.startsWith('incident-update-'));
    expect(updates.map((m) => m.step)).toEqual(Array.from({ length: INCIDENT_TIMINGS.maxUpdates }, (_, n) => `incident-update-${n}`));
    expect((await incidentExecution(id)).status).toBe('RUNNING');

    await s.advance({ minutes: 1 });
    await s.post(s.events.incidentUpdated(id, { incidentId: 'INC-L2', message: 'One too many' }));
    const execution = await incidentExecution(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await s.statesEntered(execution.id)).slice(-3)).toEqual(['Update or resolution?', 'LiftSuppression at limit', 'Update limit reached']);
    expect(await s.suppressionsOf(id)).toEqual([]);
    expect((await s.messagesOf(id)).filter((m) => m.step.startsWith('incident-update-'))).toHaveLength(INCIDENT_TIMINGS.maxUpdates);
    await s.assertHealthy();
  });
});
