/**
 * What the demo's acts share: the API client, the clock, the log, the customers' ids for this run, and the
 * moves every act makes — send events as an event source would, and wait until a journey step has decided.
 */
import type { JourneyEvent } from '../../../functions/domain/model/event';
import type { Decision, JourneysClient } from '../api-client';
import type { CastKey } from './cast';
import type { DemoClock, Probe } from './demo-clock';

export const DEMO_SOURCE = 'journeys-demo';

/** An event of the story: who, what, a name unique per customer (it makes the event id), and its data. */
export interface DemoEvent {
  key: CastKey;
  type: JourneyEvent['type'];
  name: string;
  data?: Record<string, unknown>;
}

export class Stage {
  constructor(
    readonly client: JourneysClient,
    readonly clock: DemoClock,
    readonly log: (line: string) => void,
    /** Customer ids of this run, by cast member. */
    readonly ids: Readonly<Record<CastKey, string>>,
    /** The email inbox (the SES emulator's web UI), where the demo reads the survey links customers received. */
    readonly inboxUrl: string,
  ) {}

  id(key: CastKey): string {
    return this.ids[key];
  }

  /** POST /events, as an event source would (ids are unique per run, as customer ids are); logs what started. */
  async send(events: readonly DemoEvent[]): Promise<void> {
    const occurredAt = (await this.clock.now()).toISOString();
    const envelopes = events.map(({ key, type, name, data }) => ({ id: `${this.id(key)}-${name}`, type, occurredAt, source: DEMO_SOURCE, customerId: this.id(key), data: data ?? {} }));
    const answer = await this.client.postEvents({ events: envelopes });
    for (const failed of answer.failed ?? []) this.log(`  ! event ${failed.id} failed: ${failed.code} ${failed.message}`);
    const started = answer.accepted.filter((a) => a.journey !== null);
    this.log(
      `  POST /events: ${[...new Set(events.map((e) => e.type))].join(', ')} × ${events.length} → ${answer.accepted.length} accepted` +
        (started.length > 0 ? `, ${started.length} started (${[...new Set(started.map((a) => a.journey))].join(', ')})` : '') +
        (answer.duplicates.length > 0 ? `, ${answer.duplicates.length} duplicates` : ''),
    );
  }

  /**
   * Waits until each customer has a decision for the journey step (`step` or, for loops, a step starting with
   * it). `final`: a deferral does not count, only sent/suppressed/failed. Answers the decisions by customer.
   */
  async decided(keys: readonly CastKey[], journey: Decision['journey'], step: string, options: { final?: boolean; virtualMs?: number } = {}) {
    const label = `${journey}/${step}${options.final ? ' (delivered or not, after any deferral)' : ''} for ${keys.join(', ')}`;
    const probe: Probe<Map<CastKey, Decision>> = async () => {
      const found = new Map<CastKey, Decision>();
      const deferred: string[] = [];
      await Promise.all(
        keys.map(async (key) => {
          const decisions = (await this.client.messages(this.id(key), 100)).filter((d) => d.journey === journey && (d.step === step || d.step.startsWith(`${step}-`)));
          const done = decisions.find((d) => !options.final || d.outcome !== 'deferred');
          if (done) found.set(key, done);
          else if (decisions[0]?.sendAt) deferred.push(`${key} deferred until ${decisions[0].sendAt}`);
        }),
      );
      if (found.size === keys.length) return { done: true, value: found };
      return { done: false, progress: `${found.size}/${keys.length} decided${deferred.length > 0 ? `; ${deferred.join(', ')}` : ''}` };
    };
    const decisions = await this.clock.until(label, probe, options.virtualMs ?? 0);
    for (const [key, d] of decisions) this.log(`    ${key.padEnd(7)} ${describeDecision(d)}`);
    return decisions;
  }
}

export function describeDecision(d: Decision): string {
  const where = d.channel ? ` via ${d.channel}` : '';
  return `${d.outcome}${where}${d.reasons.length > 0 ? ` — ${d.reasons.join('; ')}` : ''}`;
}
