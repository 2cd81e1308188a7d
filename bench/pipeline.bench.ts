/**
 * `npm run bench -- pipeline` (`--messages=N`, default 500): messages per second through the whole journey
 * pipeline on the local runtime — POST /events → api-events → the bus → route-event → the journey's state machine
 * → deliver-message (decide + send) → the runtime's SNS endpoint (SMS → outbox) or SES proxy (aws-ses-v2-local)
 * — against the raw send rate of the same targets measured in the same run (the same SDK senders, the same
 * concurrency, the same channel mix, pre-rendered, no decisions: bench/raw-sends.ts). Goal (issue 8): ≥ 0.5.
 *
 * N customers, half email-preferring and half SMS-preferring, all outside quiet hours; every other one signs up
 * (onboarding: the welcome) and the others report a minor incident (incident: the acknowledgement), one event per
 * POST, CONCURRENCY requests in flight (the API accepts faster than journeys deliver, so behind it a backlog of
 * journeys runs at once, as queued Lambda invocations would). Measured until every expected message is out (the
 * outbox and the emulator's inbox hold N of them); then, once the runtime is idle (every journey parked at its
 * next wait), the work per message: Step Functions transitions, Lambda invocations, DynamoDB and other HTTP
 * requests (counted where they arrive, at the runtime's HTTP server, so every client is counted, the idempotency
 * layer's included), and CPU. The virtual clock stands still (manual), so no journey wait ends during the run.
 *
 * `PIPELINE_CPU_PROFILE=<file>.cpuprofile` also writes a CPU profile of the measured run alone (not the seeding or
 * the raw sends), for Chrome DevTools or speedscope.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAdapters } from '../functions/adapters/clients';
import { DEFAULT_TABLE_NAME } from '../functions/adapters/table-definition';
import type { Profile } from '../functions/domain/model/profile';
import { renderMessage } from '../functions/domain/templates/render';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../local/engine';
import { HandlerCatalog } from '../local/handlers';
import { startRuntime, type Runtime } from '../local/runtime';
import { fmt, type BenchSection } from './harness';
import { meanRates, mixCpuMs, mixRate, rawSendRates, sendCost, sendRate, warmRawSenders, type RawMessages } from './raw-sends';

const CONCURRENCY = 32;
const WARM_UP = 64;
const STALL_MS = 20_000;
/** Monday 23 November 2026, 11:00 in Bratislava: outside everyone's quiet hours. */
const T0 = '2026-11-23T10:00:00.000Z';
const INCIDENT = { incidentId: 'INC-7', severity: 'minor', title: 'Card payments are slow' } as const;

function options(): { messages: number } {
  const arg = process.argv.find((a) => a.startsWith('--messages='));
  const value = Number(arg?.slice('--messages='.length) ?? process.env.PIPELINE_BENCH_MESSAGES ?? 500);
  if (!Number.isInteger(value) || value < 100) throw new Error('--messages=N needs a whole number ≥ 100');
  return { messages: value };
}

/** One customer of a run: `prefix` keeps the warm-up's customers and addresses apart from the measured ones. */
interface Customer {
  id: string;
  email: string;
  phone: string;
  prefersSms: boolean;
  event: 'customer.signed_up' | 'incident.opened';
}

function customer(prefix: 'w' | 'p', i: number): Customer {
  return {
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    email: `${prefix}${i}@pipeline.example`,
    phone: `+421${prefix === 'w' ? '6' : '9'}${String(i).padStart(8, '0')}`,
    // Both journeys see both channels: event by i's lowest bit, channel by the next.
    prefersSms: (i >> 1) % 2 === 1,
    event: i % 2 === 0 ? 'customer.signed_up' : 'incident.opened',
  };
}

export async function pipelineBench(opts = options()): Promise<BenchSection> {
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' });
  const runtime = await startRuntime({ port: 0, sesPort: 0, dataDir: null, quiet: true, clock: VirtualClock.manual(T0), oncallToken: 'bench-oncall' });
  try {
    return await measure(runtime, opts.messages);
  } finally {
    await runtime.stop();
  }
}

async function measure(runtime: Runtime, n: number): Promise<BenchSection> {
  const log = (line: string) => process.stderr.write(`  pipeline: ${line}\n`);
  const measured = Array.from({ length: n }, (_, i) => customer('p', i));
  const warm = Array.from({ length: WARM_UP }, (_, i) => customer('w', i));
  let t = Date.now();
  await seed([...warm, ...measured]);
  log(`seeded ${fmt(n + WARM_UP)} profiles in ${fmt((Date.now() - t) / 1000, 1)} s`);

  // ── Raw sends of the same targets (warmed first), before and after the pipeline ─────────────────────────────
  const senders = createAdapters(process.env);
  const messages = await rawMessages();
  const emailShare = measured.filter((c) => !c.prefersSms).length;
  const mix = { sms: n - emailShare, email: emailShare };
  const raw = (label: string) => rawSendRates(senders, messages, { smsCount: Math.max(500, n), emailCount: Math.max(250, Math.round(n / 2)), concurrency: CONCURRENCY, label });
  await warmRawSenders(senders, messages, CONCURRENCY, { sms: 300, email: 100 });
  const before = await raw('1');
  log(`raw before: ${fmt(before.smsRate)} SMS/s, ${fmt(before.emailRate)} emails/s`);

  // ── The pipeline: a warm-up (module loads, JIT, connection pools), then the measured run ────────────────────
  await run(runtime, warm);
  await runtime.idle();
  const already = deliveredNow(runtime);
  const usage0 = await engineUsage(runtime);
  const counts = countWork(new URL(runtime.url).port);
  const profiler = process.env.PIPELINE_CPU_PROFILE ? await startProfiler() : undefined;
  const cpu0 = process.cpuUsage();
  t = Date.now();
  const allOut = await run(runtime, measured, already);
  const outSeconds = (allOut - t) / 1000;
  await runtime.idle();
  const idleSeconds = (Date.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (profiler) log(`CPU profile of the measured run: ${await profiler.stop(process.env.PIPELINE_CPU_PROFILE!)}`);
  const work = counts.stop();
  const usage = await engineUsage(runtime);
  const perSecond = n / outSeconds;
  log(`pipeline: ${fmt(n)} messages out in ${fmt(outSeconds, 1)} s = ${fmt(perSecond)}/s (idle after ${fmt(idleSeconds, 1)} s)`);

  const after = await raw('2');
  log(`raw after: ${fmt(after.smsRate)} SMS/s, ${fmt(after.emailRate)} emails/s`);
  // What one DynamoDB request costs here on its own (a small conditional Put, like most of the pipeline's).
  const dynamo = await sendCost(
    Math.max(500, n),
    (i) => senders.doc.send(new PutCommand({ TableName: DEFAULT_TABLE_NAME, Item: { pk: `BENCHRAW#${i}`, sk: 'CLAIM' }, ConditionExpression: 'attribute_not_exists(pk)' })),
    CONCURRENCY,
  );
  log(`DynamoDB conditional Put alone: ${fmt(dynamo.perSecond)}/s, ${fmt(dynamo.cpuMs, 2)} ms CPU each`);
  const rates = meanRates(before, after);
  const rawMix = mixRate(mix, rates);
  const ratio = perSecond / rawMix;

  // ── Duplicates and losses, from the targets' own records ──────────────────────────────────────────────────
  const sends = new Map<string, number>();
  const bump = (to: string) => sends.set(to, (sends.get(to) ?? 0) + 1);
  for (const m of runtime.outbox.list({ channel: 'sms' })) bump(m.to);
  for (const e of await runtime.inbox.emails()) for (const to of e.destination.to) bump(to);
  let duplicates = 0;
  let wrongChannel = 0;
  const unsent: Customer[] = [];
  for (const c of measured) {
    const [expected, other] = c.prefersSms ? [c.phone, c.email] : [c.email, c.phone];
    const got = sends.get(expected) ?? 0;
    if (got === 0) unsent.push(c);
    duplicates += Math.max(0, got - 1);
    wrongChannel += sends.get(other) ?? 0;
  }
  // A customer without a message is lost unless a decision says why (none is expected: everyone is reachable).
  let lost = 0;
  for (const c of unsent) if ((await dependencies().ledger.recentDecisions(c.id, 5)).length === 0) lost++;

  const transitions = usage.transitions - usage0.transitions;
  const invocations = [...work.invocations.values()].reduce((a, b) => a + b, 0);
  const dynamoCalls = [...work.dynamo.values()].reduce((a, b) => a + b, 0);
  const per = (x: number, digits = 2) => fmt(x / n, digits);
  const breakdown = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, calls]) => `${name} ${per(calls)}`)
      .join(', ');
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // On one event loop the rate follows the CPU per message. Of it, each message needs its send and its DynamoDB
  // requests at least (costed alone); the rest is the API, the bus, the engine and the Lambda plumbing.
  const rawCpuMs = mixCpuMs(mix, rates);
  const dynamoCpuMs = (dynamoCalls / n) * dynamo.cpuMs;
  const lines = [
    `${fmt(n)} customers on the local runtime (dynalite in memory, SNS endpoint → outbox, SES proxy → aws-ses-v2-local, the Step Functions engine on a stopped virtual clock), all in this one process: ${fmt(mix.email)} prefer email, ${fmt(mix.sms)} SMS; every other one signs up (onboarding → welcome), the others report a minor incident (incident → acknowledgement). One event per POST /events, ${CONCURRENCY} in flight, after a warm-up of ${WARM_UP} customers. Raw sends: the same SDK senders to the same targets, ${CONCURRENCY} in parallel, pre-rendered, nothing else.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| pipeline, first POST → last message out | ${fmt(outSeconds, 1)} s, **${fmt(perSecond)} messages/s** (runtime idle after ${fmt(idleSeconds, 1)} s) |`,
    `| raw sends, ${CONCURRENCY} in parallel (before / after) | SMS ${fmt(before.smsRate)} / ${fmt(after.smsRate)} per s; email ${fmt(before.emailRate)} / ${fmt(after.emailRate)} per s |`,
    `| raw rate for the pipeline's channel mix | ${fmt(rawMix)} messages/s |`,
    `| **pipeline ÷ raw** (goal ≥ 0.5) | **${fmt(ratio, 2)}** — ${ratio >= 0.5 ? 'met' : '**NOT met**'} |`,
    `| duplicates (messages beyond one per customer, counted in the outbox and inbox; goal 0) | **${fmt(duplicates)}** (on the other channel: ${fmt(wrongChannel)}) |`,
    `| losses (no message and no recorded decision; goal 0) | **${fmt(lost)}** (customers without a message: ${fmt(unsent.length)}) |`,
    `| Step Functions transitions per message | ${per(transitions)} |`,
    `| Lambda invocations per message | ${per(invocations)}: ${breakdown(work.invocations)} |`,
    `| DynamoDB requests per message (every client, counted at the runtime) | ${per(dynamoCalls)}: ${breakdown(work.dynamo)} |`,
    `| … by function | ${[...work.dynamoByFunction.entries()]
      .map(([fn, ops]) => ({ fn, ops, total: [...ops.values()].reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total)
      .map(({ fn, ops, total }) => `${fn} ${per(total)} (${breakdown(ops)})`)
      .join('; ')}${process.env.CRISIS_CACHE_MS === '0' ? ' — the local runtime reads the crisis record at every decision (CRISIS_CACHE_MS=0, local/handler-env.ts; deployed: once a second per container)' : ''} |`,
    `| HTTP requests per message, all kinds (each one an SDK call or a fetch and a server answer, in this process) | ${per([...work.requests.values()].reduce((a, b) => a + b, 0))}: ${breakdown(work.requests)} |`,
    `| CPU per message, whole process (handlers + SDK clients + dynalite + emulators + engine) | **${fmt(cpuMs / n, 1)} ms** (${fmt(cpuMs / 1000 / outSeconds, 2)} CPU-seconds per second: one event loop) |`,
    `| … the send alone (raw, the same mix) / its DynamoDB requests alone (${per(dynamoCalls)} × ${fmt(dynamo.cpuMs, 2)} ms, a conditional Put costed alone) / the rest (API, bus, engine, Lambda plumbing) | ${fmt(rawCpuMs, 1)} / ${fmt(dynamoCpuMs, 1)} / ${fmt(cpuMs / n - rawCpuMs - dynamoCpuMs, 1)} ms |`,
    `| CPU ratio: raw send ÷ pipeline, per message (steadier than the rates on a shared machine) | ${fmt(rawCpuMs / (cpuMs / n), 2)} |`,
    '',
    `Everything here shares one event loop, so the rate follows the CPU per message. A ratio of 0.5 needs the whole pipeline within twice the send's own CPU (${fmt(2 * rawCpuMs, 1)} ms); locally its DynamoDB requests alone take ${fmt(dynamoCpuMs, 1)} ms (${fmt(dynamoCpuMs / rawCpuMs, 1)}× the send: each is an SDK call, SigV4 signing, loopback HTTP and dynalite, as the send is one such call)${dynamoCpuMs >= 2 * rawCpuMs ? ", so trimming the rest of the path cannot reach the goal on the local runtime: only fewer requests per message can (in AWS the table, the bus and Step Functions do not take the sender's CPU)" : ''}.`,
  ];
  return { title: 'Pipeline: events → journeys → messages (local runtime)', lines };
}

/** Profiles as PUT /profiles stores them (the store's own putProfile: memberships, phone pointer). */
async function seed(customers: Customer[]): Promise<void> {
  const { profiles: store } = dependencies();
  await sendRate(
    customers.length,
    (i) => {
      const c = customers[i]!;
      const profile: Profile = {
        customerId: c.id,
        name: 'Ana',
        email: c.email,
        phone: c.phone,
        pushEndpoint: null,
        locale: 'en',
        timeZone: 'Europe/Bratislava',
        segment: { region: 'eu-central' },
        consents: { onboarding_tips: true, product_news: false, offers: false, surveys: true, service_updates: true },
        channelPreferences: c.prefersSms ? ['sms', 'email'] : ['email', 'sms'],
        lifecycle: 'new',
      };
      return store.putProfile(profile);
    },
    CONCURRENCY,
  );
}

/** The two messages the pipeline sends, rendered once, for the raw sends. */
async function rawMessages(): Promise<RawMessages> {
  const vars = { name: 'Ana', appUrl: 'https://app.example.com', helpUrl: 'https://help.example.com', incidentId: INCIDENT.incidentId, incidentTitle: INCIDENT.title };
  const sms = await renderMessage({ template: 'incident_ack', locale: 'en', channel: 'sms', category: 'service', vars });
  const email = await renderMessage({ template: 'welcome', locale: 'en', channel: 'email', category: 'transactional', vars });
  return {
    sms: { body: sms.text, category: 'service' },
    email: { subject: email.subject ?? '', html: email.html ?? '', text: email.text, category: 'transactional', journey: 'onboarding' },
  };
}

/**
 * POSTs one event per customer, CONCURRENCY at a time, and resolves at the instant (ms) the targets hold
 * `already + customers.length` messages — the outbox's SMS and the emulator's emails, read in process.
 */
async function run(runtime: Runtime, customers: Customer[], already?: number): Promise<number> {
  const target = (already ?? deliveredNow(runtime)) + customers.length;
  // Polled every 5 ms; a run that stops progressing for STALL_MS ends there (what is missing is reported as lost).
  const watch = (async () => {
    let seen = -1;
    let progressAt = Date.now();
    for (;;) {
      const now = deliveredNow(runtime);
      if (now >= target) return Date.now();
      if (now !== seen) [seen, progressAt] = [now, Date.now()];
      else if (Date.now() - progressAt > STALL_MS) return progressAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await sendRate(
    customers.length,
    async (i) => {
      const c = customers[i]!;
      const event = {
        id: `evt-${c.id}`,
        type: c.event,
        occurredAt: T0,
        source: 'bench',
        customerId: c.id,
        data: c.event === 'incident.opened' ? INCIDENT : {},
      };
      const response = await fetch(`${runtime.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
      const body = (await response.json()) as { accepted?: { journey: string | null }[] };
      if (response.status !== 202 || body.accepted?.[0]?.journey == null) throw new Error(`POST /events answered ${response.status}: ${JSON.stringify(body)}`);
    },
    CONCURRENCY,
  );
  return watch;
}

// The emulator's store, read in process: GET /store would serialise every email at every poll.
const sesStore = createRequire(import.meta.url)('aws-ses-v2-local/dist/store') as { getStoreReadonly(): { emails: unknown[] } };

function deliveredNow(runtime: Runtime): number {
  return runtime.outbox.size + sesStore.getStoreReadonly().emails.length;
}

/** Transitions of every execution so far (the parked ones do not move: the clock stands still). */
async function engineUsage(runtime: Runtime): Promise<{ transitions: number }> {
  let transitions = 0;
  for (const arn of Object.values(runtime.stateMachineArns)) {
    let nextToken: string | undefined;
    do {
      const page = await runtime.engine.listExecutions({ stateMachineArn: arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      for (const e of page.executions) transitions += runtime.engine.getExecutionUsage(e.executionArn).stateTransitions;
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return { transitions };
}

/**
 * Lambda invocations (every call of the runtime's handler catalog: the engine's tasks, the bus's route-event, the
 * API's handlers) and DynamoDB requests (every `X-Amz-Target: DynamoDB_…` request the runtime's HTTP server
 * receives), by name, until `stop`.
 */
function countWork(runtimePort: string) {
  const invocations = new Map<string, number>();
  const dynamo = new Map<string, number>();
  const dynamoByFunction = new Map<string, Map<string, number>>();
  const requests = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  // Which function a request comes from: the invocation's async context reaches the SDK's HTTP request.
  const invocation = new AsyncLocalStorage<string>();
  const original = HandlerCatalog.prototype.invoke;
  HandlerCatalog.prototype.invoke = function (this: HandlerCatalog, name, ...rest) {
    bump(invocations, name);
    return invocation.run(name, () => original.call(this, name, ...rest));
  };
  const onClientRequest = (message: unknown) => {
    const target = (message as { request: ClientRequest }).request.getHeader('x-amz-target');
    if (typeof target !== 'string' || !target.startsWith('DynamoDB_')) return;
    const fn = invocation.getStore() ?? '(outside a function)';
    const byOperation = dynamoByFunction.get(fn) ?? new Map<string, number>();
    dynamoByFunction.set(fn, byOperation);
    bump(byOperation, target.slice(target.indexOf('.') + 1));
  };
  const onRequest = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      // DynamoDB_20120810.PutItem, AWSEvents.PutEvents, AWSStepFunctions.StartExecution
      const [service = '', operation = ''] = target.split('.');
      if (service.startsWith('DynamoDB_')) bump(dynamo, operation);
      bump(requests, service.startsWith('DynamoDB_') ? 'DynamoDB' : `${service.replace(/^AWS/, '')} ${operation}`);
      return;
    }
    const path = (request.url ?? '/').split('?')[0]!;
    // The SES proxy's own call to the emulator arrives at the emulator's server (another port): counted apart.
    if (path.startsWith('/v2/email')) bump(requests, request.headers.host?.endsWith(`:${runtimePort}`) ? 'SES SendEmail' : 'SES SendEmail, proxied to the emulator');
    else if (request.method === 'POST' && path === '/') bump(requests, 'SNS Publish');
    else bump(requests, `${request.method} ${path.replace(/^\/(\w+).*$/, '/$1')}`);
  };
  subscribe('http.server.request.start', onRequest);
  subscribe('http.client.request.start', onClientRequest);
  return {
    stop: () => {
      HandlerCatalog.prototype.invoke = original;
      unsubscribe('http.server.request.start', onRequest);
      unsubscribe('http.client.request.start', onClientRequest);
      return { invocations, dynamo, dynamoByFunction, requests };
    },
  };
}

/** Samples the CPU during the measured run only (`--cpu-prof` would also profile the seeding and the raw sends). */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    stop: async (file: string): Promise<string> => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
