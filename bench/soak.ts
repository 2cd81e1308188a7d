/**
 * The soak under faults: customers through weeks of virtual time on the local runtime (manual clock, advanced in
 * 6-hour steps), all four journeys — sign-ups, activations, incidents with updates and resolutions (post-resolution
 * surveys, answered from their links), two crises with their all-clear surveys, unsubscribes, erasures — while
 * faults are armed at random (seeded): SES and SNS throttling and 5xx, DynamoDB throttling, route deliveries
 * failing; onboarding is paused (entries queued) and resumed a day later; and the runtime is stopped and restarted
 * several times mid-wait (interrupted journeys resume where they were).
 *
 * At the end the faults are cleared, the dead-letter queue is replayed, time runs on until every journey has
 * ended, and the figures are taken from the ledger (MESSAGE#), the send claims (SEND#), the inbox and the outbox:
 * - sent: messages the provider got, each matching a completed send claim;
 * - duplicated: provider deliveries beyond one per completed claim (goal 0);
 * - lost, counted apart: a latest decision `sent` whose message no provider got, and a due message with no decision
 *   (a deferral whose time passed without a new decision, or a message still parked after the replay) (goal 0);
 * - stuck: executions neither finished nor waiting — still RUNNING once every wait has timed out, or FAILED (goal 0).
 * Used by `npm run bench -- soak` (bench/soak.bench.ts) and, small, by test/reliability/soak.test.ts.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { customerPk } from '../functions/adapters/keys';
import type { Decision } from '../functions/domain/model/message';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import type { FaultSpec, FaultSwitch } from '../local/faults';
import { VirtualClock } from '../local/engine';
import { EXAMPLE_PROFILE } from '../test/support/builders';
import { startTestRuntime, tempDataDir, testTemplateDir, type TestRuntime } from '../test/support/runtime';

const START = '2026-11-23T06:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** After the last day: long enough for every wait of every journey to time out (longest chain < 10 days). */
const DRAIN_DAYS = 12;
const REGIONS = ['north', 'south', 'east', 'west'] as const;

export interface SoakOptions {
  customers: number;
  days: number;
  seed?: number;
  /** Stops and restarts of the runtime mid-run (default 4). */
  restarts?: number;
  /** Virtual hours per step: events and faults are armed per step (default 6). */
  stepHours?: number;
  /** Progress lines (stderr in the bench). */
  log?: (line: string) => void;
}

export interface SoakFigures {
  customers: number;
  days: number;
  events: number;
  erased: number;
  surveysAnswered: number;
  faultsArmed: Record<string, number>;
  faultsFired: number;
  restarts: number;
  /** Journey pauses (each resumed a day later). */
  pauses: number;
  sent: number;
  duplicated: number;
  lostSentWithoutMessage: number;
  lostDueWithoutDecision: number;
  /**
   * Deferred messages whose journey ended before they were due (not lost): a crisis update deferred past its
   * crisis's all-clear, an onboarding message deferred past the customer's activation. The ledger keeps their
   * `deferred` decision: the journey ends without deciding them again.
   */
  superseded: number;
  lostExamples: string[];
  /** The first duplicates: a claim delivered more than once, or an email no completed claim accounts for. */
  duplicateExamples: string[];
  executions: Record<string, number>;
  stuck: number;
  stuckExamples: string[];
  parked: { messages: number; routes: number; replayed: number; delivered: number; returned: number; left: number };
  /**
   * Heap in use after a full collection: before the runtime started (the template already synthesized), right after
   * each restart (running), after it stopped and became unreachable.
   */
  heapMb: { before: number; atRestarts: number[]; after: number };
  /** Executions running right after each restart (what the running heap grows with: see HEAP_RUNNING_BOUND_MB). */
  runningAtRestarts: number[];
  handles: { before: number; after: number };
  wallSeconds: number;
}

type Action =
  | { kind: 'events'; events: unknown[] }
  | { kind: 'erase'; customerId: string }
  | { kind: 'crisis'; region: string; number: number }
  | { kind: 'all-clear' }
  | { kind: 'pause' | 'resume'; journey: string };

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => {});
  const random = mulberry32(options.seed ?? 17);
  const STEP = (options.stepHours ?? 6) * HOUR;
  const STEPS_PER_DAY = Math.round(DAY / STEP);
  const steps = options.days * STEPS_PER_DAY;
  const ids = Array.from({ length: options.customers }, (_, i) => `soak-${String(i).padStart(5, '0')}`);
  const plan = new Map<number, Action[]>();
  const at = (step: number, action: Action) => plan.set(step, [...(plan.get(step) ?? []), action]);
  const anyStep = (from: number, to: number) => from + Math.floor(random() * Math.max(1, to - from));
  const erased = new Set<string>();

  // The schedule, fixed up front by the seed.
  for (const [i, id] of ids.entries()) {
    const signup = anyStep(0, Math.min(steps, 7 * STEPS_PER_DAY));
    at(signup, { kind: 'events', events: [event(id, 'customer.signed_up', 'signup', {})] });
    if (random() < 0.5) at(Math.min(steps - 1, signup + anyStep(STEPS_PER_DAY, 4 * STEPS_PER_DAY)), { kind: 'events', events: [event(id, 'customer.activated', 'activated', {})] });
    if (random() < 0.15 && steps > 4 * STEPS_PER_DAY) {
      const opened = anyStep(STEPS_PER_DAY, steps - 3 * STEPS_PER_DAY);
      const incidentId = `INC-${i}`;
      at(opened, { kind: 'events', events: [event(id, 'incident.opened', 'inc-open', { incidentId, severity: random() < 0.3 ? 'critical' : 'minor', title: 'Slow logins' })] });
      at(opened + 1, { kind: 'events', events: [event(id, 'incident.updated', 'inc-update', { incidentId, message: 'We found the cause.' })] });
      at(opened + STEPS_PER_DAY, { kind: 'events', events: [event(id, 'incident.resolved', 'inc-resolved', { incidentId })] });
    }
    if (random() < 0.05) at(anyStep(STEPS_PER_DAY, steps), { kind: 'events', events: [event(id, 'customer.unsubscribed', 'unsub', { topic: 'onboarding_tips' })] });
    if (random() < 0.02) {
      at(anyStep(2 * STEPS_PER_DAY, steps), { kind: 'erase', customerId: id });
      erased.add(id);
    }
  }
  for (const [number, share] of [0.3, 0.7].entries()) {
    const declared = Math.floor(steps * share);
    at(declared, { kind: 'crisis', region: REGIONS[number + 1]!, number: number + 1 });
    // A day later, or on the last step of a run too short for that: a crisis left open would still be running at the
    // end and read as stuck.
    at(Math.min(declared + STEPS_PER_DAY, steps - 1), { kind: 'all-clear' });
  }
  // Onboarding paused for a day (new entries queued, started on resume), once, between the two crises.
  const paused = Math.floor(steps * 0.45);
  at(paused, { kind: 'pause', journey: 'onboarding' });
  at(paused + STEPS_PER_DAY, { kind: 'resume', journey: 'onboarding' });
  const restartSteps = new Set(Array.from({ length: options.restarts ?? 4 }, (_, k) => Math.floor(((k + 1) * steps) / ((options.restarts ?? 4) + 1)) + 1));

  const started = performance.now();
  const handlesBefore = process.getActiveResourcesInfo().length;
  // The template is synthesized once per process (in process when its cache is stale, which loads the CDK): a
  // one-off cost of the test harness, not the runtime's, so it is paid before the heap is first measured.
  await testTemplateDir();
  const heapBefore = heapMb();
  const dataDir = tempDataDir();
  // The runtime lives in `onRuntime` only: once it returns, nothing of the soak holds the stopped runtime, so the
  // heap measured after it is what the runtime itself left behind.
  const figures = await onRuntime(dataDir);
  // Let closed sockets and timers go before counting what is still open.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  figures.heapMb.after = heapMb();
  figures.handles.after = process.getActiveResourcesInfo().length;
  figures.wallSeconds = Math.round((performance.now() - started) / 1000);
  rmSync(dataDir, { recursive: true, force: true });
  return figures;

  async function onRuntime(dataDir: string): Promise<SoakFigures> {
    let rt = await startTestRuntime({ dataDir, clock: VirtualClock.manual(START), deliveryRetry: { attempts: 4, baseDelayMs: 5 } });
    const heapAtRestarts: number[] = [];
    const runningAtRestarts: number[] = [];
    let pauses = 0;
    const faultsArmed: Record<string, number> = {};
    let faultsFired = 0;
    let restarts = 0;
    let events = 0;
    const answered = new Set<string>();
    const allClears: number[] = [];
    const activations = new Map<string, number>();
    try {
      for (const id of ids) await check(() => rt.api('PUT', `/profiles/${id}`, profileOf(id)), 200, `PUT /profiles/${id}`);
      for (let step = 0; step < steps; step++) {
        if (restartSteps.has(step)) {
          faultsFired += firedOf(rt);
          rt = await rt.restart();
          restarts++;
          // In use while running (after a full collection), right after the restart's restore of the journal.
          heapAtRestarts.push(heapMb());
          runningAtRestarts.push(await countRunning(rt));
          log(`restarted the runtime at day ${(step / STEPS_PER_DAY).toFixed(2)} (heap ${heapAtRestarts.at(-1)} MB, ${runningAtRestarts.at(-1)} executions running)`);
        }
        armFaults(rt, random, faultsArmed);
        for (const action of plan.get(step) ?? []) {
          if (action.kind === 'all-clear') allClears.push(rt.clock.date().getTime());
          if (action.kind === 'events') {
            for (const e of action.events as { type: string; customerId: string }[]) if (e.type === 'customer.activated') activations.set(e.customerId, rt.clock.date().getTime());
          }
          if (action.kind === 'pause') pauses++;
          events += await act(rt, action);
        }
        if (step % STEPS_PER_DAY === STEPS_PER_DAY - 1) await answerSurveys(rt, random, answered, erased);
        await rt.clock.advance(STEP);
        await rt.idle();
        if (step % STEPS_PER_DAY === 0) log(`day ${step / STEPS_PER_DAY}: ${events} events, ${answered.size} survey answers, ${(performance.now() - started) / 1000 | 0} s`);
      }

      faultsFired += firedOf(rt);
      rt.faults.clear();
      await rt.idle();
      const letters = (await check(() => rt.api('GET', '/dlq'), 200, 'GET /dlq')) as { deadLetters: { kind: string }[] };
      const replay = (await check(() => rt.api('POST', '/dlq/replay'), 200, 'POST /dlq/replay')) as { replayed: number; delivered: number; returned: number };
      for (let day = 0; day < DRAIN_DAYS; day++) {
        await rt.clock.advance(DAY);
        await rt.idle();
      }
      const stillParked = ((await check(() => rt.api('GET', '/dlq'), 200, 'GET /dlq')) as { deadLetters: Array<{ kind: string; customerId?: string; journey?: string; step?: string; error?: { name: string; message: string } }> }).deadLetters;
      const left = stillParked.length;

      const messages = await countMessages(rt, ids.filter((id) => !erased.has(id)), allClears, activations);
      const executions = await countExecutions(rt);
      const figures: SoakFigures = {
        customers: options.customers,
        days: options.days,
        events,
        erased: erased.size,
        surveysAnswered: answered.size,
        faultsArmed,
        faultsFired,
        restarts,
        pauses,
        ...messages,
        lostDueWithoutDecision: messages.lostDueWithoutDecision + left,
        // A letter still parked after the replay and the drain is a message nobody will send: named like the others.
        lostExamples: [...messages.lostExamples, ...stillParked.slice(0, 10).map((l) => `${l.customerId ?? ''} ${l.journey ?? l.kind}/${l.step ?? ''}: still parked (${l.error?.name ?? ''}: ${l.error?.message ?? ''})`)].slice(0, 10),
        executions: executions.byStatus,
        stuck: executions.stuck.length,
        stuckExamples: executions.stuck.slice(0, 5),
        parked: {
          messages: letters.deadLetters.filter((letter) => letter.kind === 'message').length,
          routes: letters.deadLetters.filter((letter) => letter.kind === 'route').length,
          ...replay,
          left,
        },
        heapMb: { before: heapBefore, atRestarts: heapAtRestarts, after: 0 },
        runningAtRestarts,
        handles: { before: handlesBefore, after: 0 },
        wallSeconds: 0,
      };
      await rt.stop();
      return figures;
    } catch (error) {
      await rt.stop().catch(() => {});
      throw error;
    }
  }
}

function event(customerId: string, type: string, suffix: string, data: Record<string, unknown>) {
  return { id: `${customerId}-${suffix}`, type, occurredAt: START, source: 'soak', customerId, data };
}

function profileOf(id: string) {
  const digits = BigInt(`0x${createHash('sha256').update(id).digest('hex').slice(0, 15)}`).toString().padStart(8, '0').slice(-8);
  const region = REGIONS[Number.parseInt(digits.slice(-2), 10) % REGIONS.length]!;
  const smsFirst = Number.parseInt(digits.slice(-1), 10) % 3 === 0;
  return {
    ...EXAMPLE_PROFILE,
    customerId: id,
    email: `${id}@example.com`,
    phone: `+4219${digits}`,
    segment: { region, plan: 'pro' },
    channelPreferences: smsFirst ? ['sms', 'email'] : ['email', 'sms'],
  };
}

async function act(rt: TestRuntime, action: Action): Promise<number> {
  const oncall = { authorization: `Bearer ${rt.oncallToken}` };
  switch (action.kind) {
    case 'events': {
      const answer = (await check(() => rt.api('POST', '/events', { events: action.events }), 202, 'POST /events')) as { accepted: unknown[]; duplicates: unknown[] };
      return answer.accepted.length + answer.duplicates.length;
    }
    case 'erase':
      await check(() => rt.api('DELETE', `/profiles/${action.customerId}`), 204, 'DELETE /profiles');
      return 0;
    case 'crisis':
      await check(
        () => rt.api('PUT', '/crisis', { severity: 'sev2', headline: `Soak crisis ${action.number}`, message: { en: 'Card payments are degraded.' }, affected: { region: [action.region] }, cadenceMinutes: 360 }, oncall),
        200,
        'PUT /crisis',
      );
      return 0;
    case 'all-clear':
      await check(() => rt.api('DELETE', '/crisis', {}, oncall), 200, 'DELETE /crisis');
      return 0;
    case 'pause':
      await check(() => rt.api('PUT', `/journeys/${action.journey}/pause`, { entries: 'queue', reason: 'soak: copy review' }, oncall), 200, 'PUT /journeys/…/pause');
      return 0;
    case 'resume':
      await check(() => rt.api('DELETE', `/journeys/${action.journey}/pause`, undefined, oncall), 200, 'DELETE /journeys/…/pause');
      return 0;
  }
}

/** Answers (once, from its link) 60% of the survey invitations seen so far, with a random score. */
async function answerSurveys(rt: TestRuntime, random: () => number, answered: Set<string>, erased: ReadonlySet<string>): Promise<void> {
  const texts = [...(await rt.inbox.emails()).map((email) => email.body.text ?? ''), ...rt.outbox.list({ channel: 'sms' }).map((sms) => (sms.channel === 'sms' ? sms.body : ''))];
  const links = new Set(texts.flatMap((text) => text.match(/https?:\/\/[^\s<>"')\]]+\/surveys\/[A-Za-z0-9_-]+/g) ?? []));
  for (const link of links) {
    if (answered.has(link)) continue;
    answered.add(link);
    if (random() >= 0.6) continue;
    const answer = await rt.api('POST', new URL(link).pathname, { score: Math.floor(random() * 11) });
    // 404/410: the survey closed or its customer was erased meanwhile; 409: answered by an earlier pass.
    if (![200, 404, 409, 410].includes(answer.status) && ![...erased].some((id) => link.includes(id))) {
      throw new Error(`POST ${new URL(link).pathname} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }
}

const FAULTS: { name: string; target: (rt: TestRuntime) => FaultSwitch; fault: FaultSpec }[] = [
  { name: 'SES throttling', target: (rt) => rt.faults.ses, fault: { name: 'TooManyRequestsException', status: 429, message: 'Maximum sending rate exceeded' } },
  { name: 'SES 5xx', target: (rt) => rt.faults.ses, fault: { name: 'InternalFailure', status: 500, message: 'internal failure' } },
  { name: 'SNS throttling', target: (rt) => rt.faults.sns, fault: { name: 'ThrottledException', status: 429, message: 'Rate exceeded' } },
  { name: 'SNS 5xx', target: (rt) => rt.faults.sns, fault: { name: 'InternalErrorException', status: 500, message: 'internal error' } },
  { name: 'DynamoDB throttling', target: (rt) => rt.faults.dynamodb, fault: { name: 'ProvisionedThroughputExceededException', status: 400, message: 'throughput exceeded' } },
  { name: 'route delivery failing', target: (rt) => rt.faults.routeEvent, fault: { name: 'ServiceException', status: 500, message: 'route-event failed' } },
];

/** Each step: with even odds, one kind of fault for the next 1–4 calls it applies to. */
function armFaults(rt: TestRuntime, random: () => number, armed: Record<string, number>): void {
  if (random() < 0.5) return;
  const chosen = FAULTS[Math.floor(random() * FAULTS.length)]!;
  const times = 1 + Math.floor(random() * 4);
  chosen.target(rt).failNext(times, chosen.fault);
  armed[chosen.name] = (armed[chosen.name] ?? 0) + times;
}

function firedOf(rt: TestRuntime): number {
  return [rt.faults.ses, rt.faults.sns, rt.faults.dynamodb, rt.faults.routeEvent].reduce((sum, fault) => sum + fault.fired.length, 0);
}

async function countMessages(rt: TestRuntime, ids: readonly string[], allClears: readonly number[], activations: ReadonlyMap<string, number>) {
  const { doc } = dependencies();
  const now = rt.clock.date().getTime();
  const delivered = new Map<string, number>();
  for (const email of await rt.inbox.emails()) delivered.set(email.messageId, (delivered.get(email.messageId) ?? 0) + 1);
  for (const entry of rt.outbox.list({})) delivered.set(entry.messageId, (delivered.get(entry.messageId) ?? 0) + 1);
  let sent = 0;
  let duplicated = 0;
  let lostSentWithoutMessage = 0;
  let lostDueWithoutDecision = 0;
  let superseded = 0;
  const lostExamples: string[] = [];
  const duplicateExamples: string[] = [];
  const claimed = new Set<string>();
  for (const id of ids) {
    const { Items = [] } = await doc.send(new QueryCommand({ TableName: process.env.TABLE_NAME ?? 'journeys', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerPk(id) }, ConsistentRead: true }));
    const claims = Items.filter((item) => String(item.sk).startsWith('SEND#') && item.status === 'sent');
    const decisions = Items.filter((item) => String(item.sk).startsWith('MESSAGE#')) as unknown as Decision[];
    for (const claim of claims) {
      const providerId = String(claim.providerMessageId ?? '');
      claimed.add(providerId);
      const copies = delivered.get(providerId) ?? 0;
      if (copies > 0) sent++;
      duplicated += Math.max(0, copies - 1);
      if (copies > 1) duplicateExamples.push(`${id} ${String(claim.sk)}: delivered ${copies} times (${providerId})`);
    }
    for (const decision of decisions) {
      const claim = claims.find((item) => item.messageId === decision.messageId);
      if (decision.outcome === 'sent' && !(claim && delivered.has(String(claim.providerMessageId)))) {
        lostSentWithoutMessage++;
        lostExamples.push(`${id} ${decision.journey}/${decision.step}: sent, no message`);
      }
      if (decision.outcome === 'deferred' && decision.sendAt && Date.parse(decision.sendAt) < now - DAY) {
        const sendAt = Date.parse(decision.sendAt);
        const ended =
          decision.journey === 'crisis'
            ? allClears.some((instant) => instant >= Date.parse(decision.at) && instant <= sendAt)
            : decision.journey === 'onboarding' && (activations.get(id) ?? Infinity) <= sendAt;
        if (ended) {
          superseded++;
          continue;
        }
        lostDueWithoutDecision++;
        lostExamples.push(`${id} ${decision.journey}/${decision.step}: deferred to ${decision.sendAt}, never decided again (${decision.reasonCodes?.join(',') ?? ''})`);
      }
    }
  }
  // A provider delivery no completed claim accounts for is a send the exactly-once record missed: a duplicate.
  const customers = new Set(ids);
  const unclaimed = (await rt.inbox.emails()).filter((email) => customers.has(email.destination.to[0]?.split('@')[0] ?? '') && !claimed.has(email.messageId));
  duplicated += unclaimed.length;
  for (const email of unclaimed) duplicateExamples.push(`${email.destination.to[0] ?? ''} "${email.subject}" (${email.messageId}, accepted ${new Date(email.at * 1000).toISOString()} wall clock): no completed claim names it`);
  return { sent, duplicated, lostSentWithoutMessage, lostDueWithoutDecision, superseded, lostExamples: lostExamples.slice(0, 10), duplicateExamples: duplicateExamples.slice(0, 10) };
}

async function countExecutions(rt: TestRuntime): Promise<{ byStatus: Record<string, number>; stuck: string[] }> {
  const byStatus: Record<string, number> = {};
  const stuck: string[] = [];
  for (const [journey, stateMachineArn] of Object.entries(rt.stateMachineArns)) {
    let nextToken: string | undefined;
    do {
      const page = await rt.engine.listExecutions({ stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      for (const execution of page.executions) {
        byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
        if (execution.status === 'RUNNING' || execution.status === 'FAILED' || execution.status === 'TIMED_OUT') {
          // The first few with their error: what a reader of the figures needs to find the cause.
          const detail = stuck.length < 5 ? await rt.engine.describeExecution(execution.executionArn) : undefined;
          stuck.push(`${journey}/${execution.name} ${execution.status}${detail?.error ? ` (${detail.error}: ${(detail.cause ?? '').slice(0, 300)})` : ''}`);
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return { byStatus, stuck };
}

/** Executions running now, over every journey. */
async function countRunning(rt: TestRuntime): Promise<number> {
  let running = 0;
  for (const stateMachineArn of Object.values(rt.stateMachineArns)) {
    let nextToken: string | undefined;
    do {
      const page = await rt.engine.listExecutions({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      running += page.executions.length;
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return running;
}

/** The call answered `status`; a 5xx (a fault armed for DynamoDB may hit the API itself) is retried a few times, as a client would. */
async function check(call: () => Promise<{ status: number; body: unknown }>, status: number, what: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const answer = await call();
    if (answer.status === status) return answer.body;
    if (answer.status < 500 || attempt === 5) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** Heap in use after a full collection (gc exposed at run time: the bench runs without --expose-gc). */
function heapMb(): number {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
}

/** A small seeded generator: the same seed, the same soak. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
