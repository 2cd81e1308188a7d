/**
 * The local bus on its own: PutEvents validation in the service's terms, delivery per route, and the promise
 * that an accepted event is delivered or dead-lettered — even across a stop between acceptance and delivery.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadLetters } from '../../../local/dead-letters';
import { LocalEventBus, type LocalEventBusOptions } from '../../../local/event-bus';
import { FaultSwitch } from '../../../local/faults';
import { silentLog } from '../../../local/log';
import type { RouteEventInput } from '../../../contracts/routes';
import { eventually } from '../engine/support';

const event = (type: string, id: string, data: object = {}) => ({ id, type, occurredAt: '2026-11-23T10:00:00Z', source: 'tests', customerId: 'c-1', data });
const entry = (detail: object & { type: string }) => ({ EventBusName: 'journeys', Source: 'tests', DetailType: detail.type, Detail: JSON.stringify(detail) });

function bus(options: Partial<LocalEventBusOptions> = {}) {
  const delivered: RouteEventInput[] = [];
  const deadLetters = new DeadLetters();
  const local = new LocalEventBus({
    busName: 'journeys',
    deliver: async (input) => void delivered.push(input),
    deadLetters,
    faults: new FaultSwitch(),
    now: () => new Date('2026-11-23T10:00:00Z'),
    log: silentLog,
    retry: { attempts: 2, baseDelayMs: 1 },
    ...options,
  });
  return { local, delivered, deadLetters };
}

describe('LocalEventBus', () => {
  it('delivers one {routeId, event} per route of the type, as one EventBridge rule per route would', async () => {
    const { local, delivered } = bus();
    const resolved = event('incident.resolved', 'e-1', { incidentId: 'INC-1' });
    expect(local.putEvents({ Entries: [entry(resolved)] })).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await local.idle();
    expect(delivered.map((input) => input.routeId).sort()).toEqual(['signal-on-incident.resolved', 'start-post-resolution-on-incident.resolved']);
    expect(delivered[0]?.event).toEqual(resolved);
  });

  it('accepts events on the default bus without delivering them (it has no rules), and fails unknown buses', async () => {
    const { local, delivered } = bus();
    const signedUp = event('customer.signed_up', 'e-2');
    const result = local.putEvents({ Entries: [{ ...entry(signedUp), EventBusName: undefined }, { ...entry(signedUp), EventBusName: 'arn:aws:events:eu-central-1:123456789012:event-bus/other' }] });
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries[1]).toEqual({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus other does not exist.' });
    await local.idle();
    expect(delivered).toEqual([]);
  });

  it('accepts the journeys bus by ARN and refuses oversized requests as a whole', () => {
    const { local } = bus();
    const signedUp = event('customer.signed_up', 'e-3');
    expect(local.putEvents({ Entries: [{ ...entry(signedUp), EventBusName: 'arn:aws:events:local:000000000000:event-bus/journeys' }] }).FailedEntryCount).toBe(0);
    const huge = { ...entry(signedUp), Detail: JSON.stringify({ ...signedUp, padding: 'x'.repeat(300 * 1024) }) };
    expect(() => local.putEvents({ Entries: [huge] })).toThrow(/Total size of the entries in the request is over the limit/);
    expect(() => local.putEvents({ Entries: [] })).toThrow(/length greater than or equal to 1/);
    expect(() => local.putEvents({})).toThrow(/Member must not be null/);
  });

  it('dead-letters a delivery after its last attempt, with the error', async () => {
    const { local, deadLetters } = bus({ deliver: async () => Promise.reject(Object.assign(new Error('table missing'), { name: 'ResourceNotFoundException' })) });
    local.putEvents({ Entries: [entry(event('customer.unsubscribed', 'e-4'))] });
    await local.idle();
    expect(deadLetters.list()).toEqual([
      { routeId: 'apply-on-customer.unsubscribed', event: event('customer.unsubscribed', 'e-4'), error: { name: 'ResourceNotFoundException', message: 'table missing' }, attempts: 2, at: '2026-11-23T10:00:00.000Z' },
    ]);
  });

  it('delivers at the next start what was accepted but not delivered when the bus stopped', async () => {
    const pendingPath = join(mkdtempSync(join(tmpdir(), 'journeys-bus-')), 'bus-pending.jsonl');
    let failures = 0;
    const first = bus({
      pendingPath,
      retry: { attempts: 5, baseDelayMs: 60_000 },
      deliver: async () => {
        failures++;
        throw new Error('down');
      },
    });
    first.local.putEvents({ Entries: [entry(event('customer.unsubscribed', 'e-5'))] });
    // The first attempt has failed (an event, not a pause): the bus now waits a minute before the second.
    await eventually(() => failures === 1);
    await first.local.close(); // stopped while waiting a minute before the second attempt
    expect(failures).toBe(1);
    expect(first.deadLetters.list()).toEqual([]);

    const second = bus({ pendingPath });
    expect(second.local.resumePending()).toBe(1);
    await second.local.idle();
    expect(second.delivered).toEqual([{ routeId: 'apply-on-customer.unsubscribed', event: event('customer.unsubscribed', 'e-5') }]);
    expect(bus({ pendingPath }).local.resumePending()).toBe(0);
  });
});
