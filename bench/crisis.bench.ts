/**
 * `npm run bench:crisis` (`tsx bench/index.ts crisis`, `--recipients=N`, default 100,000): a crisis broadcast end to
 * end on the local runtime — PUT /crisis, the crisis journey's plan and shard loops (a Map), the crisis-broadcast
 * handler deciding, claiming, rendering and sending to every recipient through the runtime's SNS endpoint (SMS) and
 * SES proxy (aws-ses-v2-local, email) — against the raw send rate of the same targets measured in the same run
 * (the same SDK senders in a tight loop at the same concurrency, pre-rendered, no decisions, no claims, no
 * bookkeeping).
 *
 * Reported: recipients/s and its ratio to the raw rate (goal ≥ 0.5), duplicates (sends per recipient counted in
 * the outbox and the inbox: goal 0), losses (recipients with neither a send nor a recorded reason: goal 0), the
 * DynamoDB requests per recipient (counted on the handlers' client), Step Functions transitions and history events,
 * CPU per recipient (the function's own measured on the main thread), and the projection for 1,000,000 recipients
 * at a 100 and a 1,000 messages/s provider quota with parallel shard loops: wall time, history and AWS cost.
 *
 * The provider quota is lifted locally (PROVIDER_QUOTA_PER_SECOND=1e6): this measures what the broadcast costs on
 * top of sending, which is what decides whether a real quota can be filled. dynalite runs in a worker thread
 * (`--in-process` to keep it on the main thread), so on a 2-core machine its work runs beside the handlers'.
 * `--parallelism=N` sets the shard groups (BROADCAST_PARALLELISM, default 1: one event loop runs them all here).
 * `CRISIS_BENCH_PROFILE=<file>` writes the broadcast's CPU profile (main thread).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { BatchWriteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAdapters, createDocumentClient, createDynamoClient } from '../functions/adapters/clients';
import { segmentIndexKey, shardOf } from '../functions/adapters/keys';
import { DEFAULT_TABLE_NAME } from '../functions/adapters/table-definition';
import { renderMessage, useCompiledEmails } from '../functions/domain/templates/render';
import { compiledMessages } from '../functions/adapters/email-templates';
import { RECIPIENTS_PER_LOOP } from '../functions/domain/rules/broadcast-shards';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import { VirtualClock } from '../local/engine';
import { startRuntime, type Runtime } from '../local/runtime';
import { fmt, type BenchSection } from './harness';
import { rawSendRates, sendRate, warmRawSenders, type RawMessages } from './raw-sends';

useCompiledEmails(compiledMessages);

/** List prices, us-east-1, on demand (the same list as docs/cost-model.md, sources and dates there). */
const PRICES = {
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  stepFunctionsPerTransition: 0.025 / 1000,
  dynamoPerRru: 0.125 / 1e6,
  dynamoPerWru: 0.625 / 1e6,
  sesPerEmail: 0.1 / 1000,
  snsSmsUs: 0.00581,
  snsPush: 0.5 / 1e6,
  eventBridgePerEvent: 1.0 / 1e6,
} as const;
const PRICES_AS_OF = 'us-east-1 list prices as of 2025 (docs/cost-model.md, checked 2026-11-24)';

const CONCURRENCY = 32;
const EMAIL_SHARE = 0.01;
const T0 = '2026-11-23T10:00:00.000Z';
const REGION = 'bench';
/** The invocation budget of the cloud loop (BROADCAST_TIME_BUDGET_MS default). */
const CLOUD_BUDGET_S = 600;

interface Options {
  recipients: number;
  /** Shard groups of the broadcast (BROADCAST_PARALLELISM). */
  parallelism: number;
  /** dynalite on the main thread (the runtime's default) instead of a worker. */
  inProcess: boolean;
}

function options(): Options {
  const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const recipients = Number(flag('recipients') ?? process.env.CRISIS_BENCH_RECIPIENTS ?? 100_000);
  if (!Number.isInteger(recipients) || recipients < 100) throw new Error('--recipients=N needs a whole number ≥ 100');
  const parallelism = Number(flag('parallelism') ?? 1);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 16) throw new Error('--parallelism=N needs a whole number from 1 to 16');
  return { recipients, parallelism, inProcess: process.argv.includes('--in-process') };
}

const phoneOf = (i: number) => `+4219${String(i).padStart(8, '0')}`;
const emailOf = (i: number) => `r${i}@bench.example`;
const isEmailOnly = (i: number) => i % Math.round(1 / EMAIL_SHARE) === 0;
const idOf = (i: number) => `b-${String(i).padStart(7, '0')}`;

export async function crisisBench(opts: Options = options()): Promise<BenchSection> {
  const n = opts.recipients;
  Object.assign(process.env, {
    PROVIDER_QUOTA_PER_SECOND: '1000000',
    BROADCAST_PARALLELISM: String(opts.parallelism),
    // The same recipients in flight in total, however many loops share them.
    BROADCAST_CONCURRENCY: String(Math.max(1, Math.round(CONCURRENCY / opts.parallelism))),
    // Several invocations of the loop even locally (the cloud budget is 10 minutes).
    BROADCAST_TIME_BUDGET_MS: '20000',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const runtime = await startRuntime({
    port: 0,
    sesPort: 0,
    dataDir: null,
    quiet: true,
    clock: VirtualClock.manual(T0),
    oncallToken: 'bench-oncall',
    dynamoOffThread: !opts.inProcess,
  });
  try {
    return await measure(runtime, n, opts);
  } finally {
    await runtime.stop();
  }
}

async function measure(runtime: Runtime, n: number, opts: Options): Promise<BenchSection> {
  const log = (line: string) => process.stderr.write(`  crisis: ${line}\n`);
  const doc = createDocumentClient(createDynamoClient(process.env));

  let t = Date.now();
  await seed(doc, n);
  const seedSeconds = (Date.now() - t) / 1000;
  log(`seeded ${fmt(n)} profiles in ${fmt(seedSeconds, 1)} s`);

  // ── Raw send rate of the same targets, before and after the broadcast ─────────────────────────────────────
  const raw = createAdapters(process.env);
  const sms = await renderMessage({ template: 'crisis_alert', locale: 'en', channel: 'sms', category: 'service', vars: { headline: 'Payments outage', crisisMessage: ALERT } });
  const email = await renderMessage({ template: 'crisis_alert', locale: 'en', channel: 'email', category: 'service', vars: { headline: 'Payments outage', crisisMessage: ALERT, statusPageUrl: 'https://status.example.com/x' } });
  const rawSmsCount = Math.max(2000, Math.min(20_000, Math.round(n / 5)));
  const rawEmailCount = Math.max(200, Math.min(1000, Math.round(n / 50)));
  const messages: RawMessages = {
    sms: { body: sms.text, category: 'service' },
    email: { subject: email.subject ?? '', html: email.html ?? '', text: email.text, category: 'service', journey: 'crisis' },
  };
  const rawRun = (label: string) => rawSendRates(raw, messages, { smsCount: rawSmsCount, emailCount: rawEmailCount, concurrency: CONCURRENCY, label });
  // Warm the SDK clients and the targets' code paths first (the JIT), as the broadcast's first pages do for it.
  await warmRawSenders(raw, messages, CONCURRENCY);
  const before = await rawRun('1');
  log(`raw before: ${fmt(before.smsRate)} SMS/s, ${fmt(before.emailRate)} emails/s`);

  // ── The broadcast, end to end ─────────────────────────────────────────────────────────────────────────────
  const ops = countDynamoRequests();
  const profiler = await startProfiler();
  const cpu0 = process.cpuUsage();
  const mainThread0 = process.threadCpuUsage();
  t = Date.now();
  const declared = await fetch(`${runtime.url}/crisis`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.oncallToken}` },
    body: JSON.stringify({ severity: 'sev1', headline: 'Payments outage', message: { en: ALERT }, affected: { region: [REGION] }, cadenceMinutes: 1440 }),
  });
  if (declared.status !== 200) throw new Error(`PUT /crisis answered ${declared.status}: ${await declared.text()}`);
  let progress: Progress | undefined;
  let lastLog = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    progress = ((await (await fetch(`${runtime.url}/crisis`)).json()) as { broadcast?: Progress }).broadcast;
    if (progress?.kind === 'alert' && progress.finishedAt) break;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`${fmt(progress?.sent ?? 0)} of ${fmt(n)} sent after ${fmt((Date.now() - t) / 1000)} s (${fmt((progress?.sent ?? 0) / ((Date.now() - t) / 1000))}/s)`);
    }
  }
  const broadcastSeconds = (Date.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mainThread = process.threadCpuUsage(mainThread0);
  const split = await profiler.stop();
  const counted = ops.stop();
  const perSecond = n / broadcastSeconds;
  log(`broadcast: ${fmt(n)} in ${fmt(broadcastSeconds, 1)} s = ${fmt(perSecond)}/s`);

  const after = await rawRun('2');
  // What the unavoidable DynamoDB work costs on its own here: a collection Query and a conditional Put per recipient.
  const dynamoPairs = await rate(rawSmsCount, async (i) => {
    await doc.send(new QueryCommand({ TableName: DEFAULT_TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTOMER#${idOf(i % n)}` }, ConsistentRead: true }));
    await doc.send(new PutCommand({ TableName: DEFAULT_TABLE_NAME, Item: { pk: `BENCHRAW#${i}`, sk: 'CLAIM', at: T0 }, ConditionExpression: 'attribute_not_exists(pk)' }));
  });
  log(`DynamoDB Query + conditional Put: ${fmt(dynamoPairs)} pairs/s`);
  log(`raw after: ${fmt(after.smsRate)} SMS/s, ${fmt(after.emailRate)} emails/s`);
  const smsRate = (before.smsRate + after.smsRate) / 2;
  const emailRate = (before.emailRate + after.emailRate) / 2;
  // The raw rate for the broadcast's channel mix: seconds per message weighted by the mix.
  const emailRecipients = Array.from({ length: n }, (_, i) => i).filter(isEmailOnly).length;
  const smsRecipients = n - emailRecipients;
  const rawMix = n / (smsRecipients / smsRate + emailRecipients / emailRate);
  const bound = 1 / (1 / rawMix + 1 / dynamoPairs);

  // ── Duplicates and losses, from the targets' own records ──────────────────────────────────────────────────
  const sends = new Map<string, number>();
  for (const m of runtime.outbox.list({ channel: 'sms' })) if (m.channel === 'sms' && m.body.includes(ALERT)) sends.set(m.to, (sends.get(m.to) ?? 0) + 1);
  for (const e of await runtime.inbox.emails()) {
    const to = e.destination.to[0];
    if (to?.endsWith('@bench.example')) sends.set(to, (sends.get(to) ?? 0) + 1);
  }
  let duplicates = 0;
  const unsent: string[] = [];
  for (let i = 0; i < n; i++) {
    const got = sends.get(isEmailOnly(i) ? emailOf(i) : phoneOf(i)) ?? 0;
    if (got === 0) unsent.push(idOf(i));
    if (got > 1) duplicates += got - 1;
  }
  // A recipient without a send is lost unless a decision records why (none is expected: everyone is reachable).
  let lost = 0;
  for (const id of unsent) {
    const ledger = await dependencies().ledger.recentDecisions(id, 10);
    if (!ledger.some((d) => d.journey === 'crisis')) lost++;
  }

  const crisisArn = runtime.stateMachineArns.crisis!;
  const [execution] = (await runtime.engine.listExecutions({ stateMachineArn: crisisArn })).executions;
  const transitions = execution ? runtime.engine.getExecutionUsage(execution.executionArn).stateTransitions : 0;
  const historyEvents = execution ? (await runtime.engine.getExecutionHistory(execution.executionArn, { maxResults: 1000 })).events.length : 0;
  // Loop invocations: the plan's is not one.
  const invocations = counted.invocations - 1;

  const readsPerRecipient = counted.readUnits / n;
  const writesPerRecipient = counted.writeUnits / n;
  const cpuMsPerRecipient = (cpu.user + cpu.system) / 1000 / n;
  const mainThreadMsPerRecipient = (mainThread.user + mainThread.system) / 1000 / n;
  // The function's own share of the main thread: samples whose stack holds no emulator frame (the runtime's HTTP
  // server, its SNS/SES endpoints, the Step Functions engine; dynalite when in process); idle excluded, GC and
  // unattributed time split pro rata. (The profile sees the main thread only; dynalite's worker is not in it.)
  const functionCpuMsPerRecipient = mainThreadMsPerRecipient * split.functionShare;
  const where = opts.inProcess ? 'dynalite in memory on the main thread' : 'dynalite in memory in a worker thread';
  const lines = [
    `${fmt(n)} local recipients (${fmt(smsRecipients)} SMS, ${fmt(emailRecipients)} email-only), one sev1 alert, quota lifted, ${opts.parallelism} shard group${opts.parallelism > 1 ? 's' : ''}, ${CONCURRENCY} recipients in parallel; the local runtime (${where}, SNS endpoint → outbox, SES proxy → aws-ses-v2-local) in this one process. Seeding ${fmt(n)} profiles took ${fmt(seedSeconds, 1)} s.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| broadcast, PUT /crisis → progress finished | ${fmt(broadcastSeconds, 1)} s, **${fmt(perSecond)} recipients/s** |`,
    `| raw send rate of the same targets, ${CONCURRENCY} in parallel (before / after) | SMS ${fmt(before.smsRate)} / ${fmt(after.smsRate)} per s; email ${fmt(before.emailRate)} / ${fmt(after.emailRate)} per s |`,
    `| raw rate for the broadcast's channel mix | ${fmt(rawMix)} messages/s |`,
    `| **broadcast ÷ raw** (goal ≥ 0.5) | **${fmt(perSecond / rawMix, 2)}** |`,
    `| duplicates (sends beyond one per recipient, counted in the outbox and inbox; goal 0) | **${fmt(duplicates)}** |`,
    `| losses (no send and no recorded reason; goal 0) | **${fmt(lost)}** (recipients without a send: ${fmt(unsent.length)}) |`,
    `| DynamoDB per recipient (handlers' client) | ${fmt(counted.readCalls / n, 2)} read calls = ${fmt(readsPerRecipient, 2)} read units; ${fmt(counted.writeCalls / n, 2)} write calls = ${fmt(writesPerRecipient, 2)} write units (batched bookkeeping) |`,
    `| the same DynamoDB work alone, ${CONCURRENCY} in parallel (decision Query + conditional claim Put) | ${fmt(dynamoPairs)} pairs/s |`,
    `| bound from the work each recipient needs (one send + one Query/claim pair) | ${fmt(bound)} recipients/s; broadcast ÷ bound = ${fmt(perSecond / bound, 2)} |`,
    `| CPU per recipient, whole process (handler + SDK clients + dynalite + emulators + engine) | ${fmt(cpuMsPerRecipient, 2)} ms, of which the main thread ${fmt(mainThreadMsPerRecipient, 2)} ms |`,
    `| … of which the function's own (handler + SDK clients; main-thread CPU profile, ${fmt(split.functionShare * 100)} % of the samples) | **${fmt(functionCpuMsPerRecipient, 2)} ms** → one event loop (1 vCPU, 1,769 MB) ≈ ${fmt(1000 / functionCpuMsPerRecipient)} recipients/s, 1 GB ≈ ${fmt((1000 / functionCpuMsPerRecipient) * (1024 / 1769))}/s |`,
    `| Step Functions: loop invocations / state transitions / history events (local budget 20 s per invocation) | ${fmt(invocations)} / ${fmt(transitions)} / ${fmt(historyEvents)} |`,
    '',
    ...projection({ readsPerRecipient, writesPerRecipient, functionCpuMsPerRecipient, localPerSecond: perSecond }),
  ];
  return { title: 'Crisis broadcast at scale', lines };
}

const ALERT = 'Card payments are failing. Your money is safe.';

interface Progress {
  kind: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  remaining: number;
  finishedAt?: string;
}

/** Profiles and their segment memberships, written as the store writes them, 25 items per BatchWrite. */
async function seed(doc: DynamoDBDocumentClient, n: number): Promise<void> {
  const now = T0;
  const items: Record<string, unknown>[] = [];
  const flush = async (batch: Record<string, unknown>[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [DEFAULT_TABLE_NAME]: requests } }));
      requests = (result.UnprocessedItems?.[DEFAULT_TABLE_NAME] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
    }
  };
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const customerId = idOf(i);
    const emailOnly = isEmailOnly(i);
    items.push(
      {
        pk: `CUSTOMER#${customerId}`,
        sk: 'PROFILE',
        customerId,
        email: emailOnly ? emailOf(i) : null,
        phone: emailOnly ? null : phoneOf(i),
        pushEndpoint: null,
        locale: 'en',
        timeZone: 'Europe/Bratislava',
        segment: { region: REGION },
        consents: { onboarding_tips: true, product_news: false, offers: false, surveys: true, service_updates: true },
        channelPreferences: ['email', 'push', 'sms'],
        lifecycle: 'new',
        rev: 1,
        createdAt: now,
        updatedAt: now,
      },
      {
        pk: `CUSTOMER#${customerId}`,
        sk: `SEGMENT#region=${REGION}`,
        segmentKey: segmentIndexKey('region', REGION, shardOf(customerId)),
        customerId,
        rev: 1,
      },
    );
    if (items.length >= 25) pending.push(flush(items.splice(0, 25)));
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  if (items.length > 0) pending.push(flush(items.splice(0)));
  await Promise.all(pending);
}

/** Calls per second for `count` calls of `send`, `CONCURRENCY` at a time. */
const rate = (count: number, send: (i: number) => Promise<unknown>) => sendRate(count, send, CONCURRENCY);

/**
 * Counts the DynamoDB requests every handler makes (they share one client) and the request units they consume
 * (a batch write consumes one unit per item; the items here are under 1 KB / 4 KB), and the broadcast invocations.
 */
function countDynamoRequests() {
  const counts = { readCalls: 0, writeCalls: 0, readUnits: 0, writeUnits: 0, invocations: 0 };
  let on = true;
  // Client command names, and the document client's (whichever the stack reports).
  const READS = new Set(['QueryCommand', 'GetItemCommand', 'GetCommand', 'ScanCommand']);
  const BATCH_READS = new Set(['BatchGetItemCommand', 'BatchGetCommand']);
  const WRITES = new Set(['PutItemCommand', 'PutCommand', 'UpdateItemCommand', 'UpdateCommand', 'DeleteItemCommand', 'DeleteCommand']);
  const BATCH_WRITES = new Set(['BatchWriteItemCommand', 'BatchWriteCommand']);
  const { doc } = dependencies();
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (on) {
        const name = context.commandName ?? '';
        const input = args.input as { Key?: unknown; RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }> };
        const batchSize = () =>
          Object.values(input.RequestItems ?? {}).reduce<number>((sum, v) => sum + (Array.isArray(v) ? v.length : (v.Keys?.length ?? 0)), 0);
        if (READS.has(name) || BATCH_READS.has(name)) {
          counts.readCalls++;
          counts.readUnits += BATCH_READS.has(name) ? batchSize() : 1;
        } else if (WRITES.has(name) || BATCH_WRITES.has(name)) {
          counts.writeCalls++;
          counts.writeUnits += BATCH_WRITES.has(name) ? batchSize() : 1;
        }
        // One GetItem of the audit entry at the start of every broadcast invocation (loadBroadcast).
        if ((name === 'GetItemCommand' || name === 'GetCommand') && String((input.Key as { sk?: unknown } | undefined)?.sk ?? '').startsWith('AUDIT#')) counts.invocations++;
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchCountRequests', override: true },
  );
  return {
    stop: () => {
      on = false;
      return counts;
    },
  };
}

/** Samples the CPU while the broadcast runs, to tell the function's work from the emulators'. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    stop: async (): Promise<{ functionShare: number }> => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      // CRISIS_BENCH_PROFILE=<file>: the broadcast's CPU profile, for Chrome DevTools or speedscope.
      if (process.env.CRISIS_BENCH_PROFILE) writeFileSync(process.env.CRISIS_BENCH_PROFILE, JSON.stringify(profile));
      return { functionShare: functionShare(profile as CpuProfile) };
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const EMULATOR = [/\/node_modules\/(dynalite|aws-ses-v2-local|memdown|abstract-level|level-[a-z-]+|lazy-|nodemailer)\//, /\/local\/(http|engine|sns-endpoint|ses|ses-proxy|outbox|jsonl|event-bus|dynamodb)/, /aws-local-stepfunctions/, /^node:_http_server$/];
const FUNCTION = [/\/functions\//, /\/node_modules\/(@aws-sdk|@smithy|@aws-lambda-powertools|p-queue|liquidjs|zod|@middy)\//, /^node:_http_client$/, /^node:(internal\/)?crypto/];

function functionShare(profile: CpuProfile): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const verdict = new Map<number, 'emulator' | 'function' | 'other' | 'idle'>();
  const classify = (id: number): 'emulator' | 'function' | 'other' | 'idle' => {
    const known = verdict.get(id);
    if (known) return known;
    let result: 'emulator' | 'function' | 'other' | 'idle' = 'other';
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)') result = 'idle';
    else {
      let sawFunction = false;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const url = byId.get(at)?.callFrame.url ?? '';
        if (EMULATOR.some((re) => re.test(url))) {
          result = 'emulator';
          break;
        }
        if (FUNCTION.some((re) => re.test(url))) sawFunction = true;
      }
      if (result !== 'emulator' && sawFunction) result = 'function';
    }
    verdict.set(id, result);
    return result;
  };
  const time = { emulator: 0, function: 0, other: 0, idle: 0 };
  profile.samples.forEach((id, index) => (time[classify(id)] += profile.timeDeltas[index] ?? 0));
  return time.function / Math.max(1, time.function + time.emulator);
}

export function projection(m: { readsPerRecipient: number; writesPerRecipient: number; functionCpuMsPerRecipient: number; localPerSecond: number }): string[] {
  const N = 1_000_000;
  // One Node.js event loop uses at most one vCPU (1,769 MB; 1 GB ≈ 0.58 vCPU). A loop is planned at 80 % of it.
  const loopRate = (mb: number) => (1000 / m.functionCpuMsPerRecipient) * Math.min(1, mb / 1769) * 0.8;
  // The plan's default grouping (crisis-broadcast: ⌈quota / 200⌉, at most 16), and the grouping the measured CPU needs.
  const defaultGroups = (quota: number) => Math.min(16, Math.ceil(quota / RECIPIENTS_PER_LOOP));
  const neededGroups = Math.min(16, Math.ceil(1000 / loopRate(1769)));
  const plans = [
    { quota: 100, loops: defaultGroups(100), mb: 1024, label: 'default plan: 1 loop, 1 GB' },
    { quota: 1000, loops: 1, mb: 1769, label: 'one loop (BROADCAST_PARALLELISM=1), 1,769 MB' },
    { quota: 1000, loops: defaultGroups(1000), mb: 1769, label: `default plan: ${defaultGroups(1000)} shard loops in parallel, 1,769 MB each` },
    ...(neededGroups > defaultGroups(1000)
      ? [{ quota: 1000, loops: neededGroups, mb: 1769, label: `BROADCAST_PARALLELISM=${neededGroups}: shard loops in parallel, 1,769 MB each` }]
      : []),
  ];
  const rows = plans.map((plan) => {
    // Each loop is paced to its share of the quota, and cannot go faster than its CPU allows.
    const rate = Math.min(plan.quota, plan.loops * loopRate(plan.mb));
    // Overhead: counting the audience (16 parallel COUNT queries), one invocation per 10 minutes per loop, the
    // tail of the last page: 1 % + 60 s.
    const wallSeconds = (N / rate) * 1.01 + 60;
    const perLoop = Math.ceil(wallSeconds / CLOUD_BUDGET_S);
    const invocations = plan.loops * perLoop + 1;
    // Each loop's function runs the whole time (it paces itself): billed duration ≈ wall time × loops.
    const lambda = plan.loops * wallSeconds * (plan.mb / 1024) * PRICES.lambdaArmPerGbSecond + invocations * PRICES.lambdaPerRequest;
    const dynamo = N * (m.readsPerRecipient * PRICES.dynamoPerRru + m.writesPerRecipient * PRICES.dynamoPerWru);
    // Entered states: the plan, the Map and the check of its groups, per loop its begin, each invocation with its
    // Choice, its end; plus the round around the broadcast (wait, change, next round, limit, continue check).
    const transitions = 3 + plan.loops * (2 + 2 * perLoop) + 5;
    // History events of the broadcast alone (docs/crisis-broadcast.md, "History"): the plan task 5, the Map 4, the
    // check 2; per loop its iteration 2, begin 2, end 2 and per invocation 7 (task 5, Choice 2).
    const events = 11 + plan.loops * (6 + 7 * perLoop);
    const stepFunctions = transitions * PRICES.stepFunctionsPerTransition;
    const orchestration = lambda + dynamo + stepFunctions;
    return { ...plan, rate, wallSeconds, invocations, lambda, dynamo, transitions, events, stepFunctions, orchestration };
  });
  const sms = N * PRICES.snsSmsUs;
  const email = N * PRICES.sesPerEmail;
  const push = N * PRICES.snsPush;
  const hours = (s: number) => (s >= 3600 ? `${fmt(s / 3600, 2)} h` : `${fmt(s / 60, 1)} min`);
  const money = (x: number) => (x >= 100 ? `$${fmt(x)}` : `$${fmt(x, 2)}`);
  return [
    `Projection for **1,000,000 recipients**, one message each (${PRICES_AS_OF}). A loop's speed comes from the function CPU measured above (${fmt(m.functionCpuMsPerRecipient, 2)} ms per recipient: ≈ ${fmt(loopRate(1024))}/s at 1 GB, ${fmt(loopRate(1769))}/s at 1,769 MB, planned at 80 % of a vCPU); each loop is paced to its share of the quota:`,
    '',
    '| quota | plan | rate | wall time | invocations | history events of the broadcast | Lambda arm64 | DynamoDB on demand | Step Functions | orchestration | the sends: SMS (US, before carrier fees) / email / push |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${fmt(r.quota)} msg/s | ${r.label} | ${fmt(r.rate)}/s${r.rate < r.quota ? ' (CPU-bound)' : ''} | **${hours(r.wallSeconds)}** | ${fmt(r.invocations)} | ${fmt(r.events)} | ${money(r.lambda)} | ${money(r.dynamo)} | ${money(r.stepFunctions)} (${fmt(r.transitions)} transitions) | **${money(r.orchestration)}** | ${money(sms)} / ${money(email)} / ${money(push)} |`,
    ),
    '',
    `- DynamoDB per recipient as counted here: ${fmt(m.readsPerRecipient, 2)} read units (the decision context Query; page reads amortised) and ${fmt(m.writesPerRecipient, 2)} write units (the claim, then the completed claim and the ledger entry batched per page; page counters amortised), priced as 1 RRU / 1 WRU each (items under 4 KB / 1 KB).`,
    `- Locally the broadcast ran at ${fmt(m.localPerSecond)} recipients/s with the quota lifted: on this shared 2-core machine the emulators take part of the same CPU.`,
    `- The sends dominate: orchestration is ${fmt((rows[0]!.orchestration / sms) * 100, 2)} % of the US SMS price at 100 msg/s (${fmt((rows[0]!.orchestration / email) * 100, 1)} % of the email price). Post-resolution surveys (all-clear only) add one EventBridge event per customer reached (${money(N * PRICES.eventBridgePerEvent)} per million) and each survey journey's own cost (docs/cost-model.md).`,
  ];
}
