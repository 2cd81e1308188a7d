/**
 * The embedded local runtime: the synthesized journeys and the very same handlers, with emulators for what they
 * talk to, behind the HTTP API (docs/api.md) and the AWS endpoints event sources use.
 *
 * ```ts
 * const runtime = await startRuntime({ port: 0, sesPort: 0, dataDir: null, clock: VirtualClock.manual() });
 * await fetch(`${runtime.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
 * await runtime.idle();                       // deliveries done, journeys parked
 * await runtime.inbox.emails();               // the welcome email
 * await runtime.stop();
 * ```
 *
 * What runs where (all in this process, one HTTP port for everything the handlers call):
 * - DynamoDB: dynalite (`<dataDir>/dynamodb`), tables from their one definition (dynamodb.ts);
 * - email: aws-ses-v2-local on `sesPort` (its web UI is the inbox), behind a fault-injecting proxy (ses.ts,
 *   ses-proxy.ts); SMS/push: the runtime's SNS Publish endpoint writing the outbox (sns-endpoint.ts, outbox.ts);
 * - Step Functions: the local engine over the CDK app's template, synthesized in process and cached
 *   (synth.ts, step-functions.ts); interrupted executions restarted at start;
 * - EventBridge: the journeys bus with one delivery per route to route-event, retries and a dead-letter queue
 *   (event-bus.ts, dead-letters.ts);
 * - handlers: the catalog's modules with the cloud's environment pointed here (handlers.ts, handler-env.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_IDEMPOTENCY_TABLE_NAME, DEFAULT_TABLE_NAME } from '../functions/adapters/table-definition';
import { JourneyName } from '../functions/domain/model/primitives';
import { applyPolicyOverride, policyOverrideFrom } from '../functions/domain/policy-override';
import { DEFAULT_POLICY } from '../functions/domain/policy';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import { DeadLetters } from './dead-letters';
import { ParkedMessages } from '../functions/services/parked-messages';
import { localErasure } from './erasure';
import { startDynamo } from './dynamodb';
import { VirtualClock, type LocalStepFunctions } from './engine';
import { LocalEventBus, type DeliveryRetry } from './event-bus';
import { createFaults, type Faults } from './faults';
import { lockDataDir } from './data-dir-lock';
import { claimProcess, installHandlerEnvironment, portOfPreviousRuntime, rememberPort } from './handler-env';
import { HandlerCatalog } from './handlers';
import { LifecycleSchedule } from './lifecycle-schedule';
import { startServer, type RuntimeServer } from './http/server';
import { consoleLog, type RuntimeLog } from './log';
import { Outbox } from './outbox';
import { DATA_LAYOUT, PRIVATE_DIR_MODE, REPO_ROOT, cdkOutDir, dataPath } from './paths';
import { keepClockMark, readClockMark } from './clock-mark';
import { startSesEmulator, type Inbox } from './ses';
import { restartInterrupted, startStepFunctions, type RestartedExecution } from './step-functions';
import { ensureTemplate } from './synth';

export interface RuntimeOptions {
  /**
   * HTTP port (default 3000). 0 picks a free one — in a process that already ran a runtime, the port that one
   * used (handler modules keep SDK clients for the process's life, like warm Lambdas: see handler-env.ts).
   */
  port?: number;
  /** Interface to bind (default 127.0.0.1: the runtime has no authentication beyond the on-call token). */
  host?: string;
  /** Port of the email emulator and its web inbox (default 8005; 0 picks a free one). */
  sesPort?: number;
  /** Where data survives restarts (default `.journeys`); `null` keeps everything in memory. */
  dataDir?: string | null;
  /** Wipe the data directory's stores first (the synthesized template cache is kept). */
  reset?: boolean;
  /** Virtual milliseconds per real millisecond (default 1; 86400 = a day per second). Ignored with `clock`. */
  timeScale?: number;
  /** The clock to run on, e.g. `VirtualClock.manual()` in tests. */
  clock?: VirtualClock;
  /** Bearer token that makes a caller on-call; generated when absent. */
  oncallToken?: string;
  /** No informational output (warnings still go to stderr). */
  quiet?: boolean;
  /** Retries of route deliveries before the dead-letter queue (default 4 attempts from 200 ms, doubling). */
  deliveryRetry?: DeliveryRetry;
  /** A directory with `<Stack>.template.json` to run instead of synthesizing the CDK app. */
  templateDir?: string;
  /**
   * dynalite in a worker thread, called by the handlers directly (load tests: `npm run bench:crisis`); its work
   * then runs on another core. DynamoDB faults reach the handlers only without it (the default).
   */
  dynamoOffThread?: boolean;
  /**
   * Overrides of the rules' policy (quiet hours, caps, channel order, crisis playbook, compensation), as a
   * deployment gives them in `journeys:policy`: validated here, handed to the handlers as `JOURNEYS_POLICY`.
   */
  policy?: unknown;
}

export interface Runtime {
  /** The HTTP API and every local AWS endpoint. */
  readonly url: string;
  /** The email emulator; its web UI is the inbox. */
  readonly sesUrl: string;
  readonly oncallToken: string;
  /** True when the token was generated (print it: nobody else knows it). */
  readonly oncallTokenGenerated: boolean;
  readonly clock: VirtualClock;
  readonly engine: LocalStepFunctions;
  /** SMS and push sent through SNS. */
  readonly outbox: Outbox;
  /** Emails, read from aws-ses-v2-local. */
  readonly inbox: Inbox;
  readonly deadLetters: DeadLetters;
  readonly faults: Faults;
  /** Journey name → state machine ARN. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
  /** Journey name → ARN of its alias `live` (what every starter uses). */
  readonly aliasArns: Readonly<Record<string, string>>;
  /** Executions a previous runtime left running, restarted at this start. */
  readonly restarted: readonly RestartedExecution[];
  /** Route deliveries a previous runtime accepted but had not finished, delivered again at this start. */
  readonly resumedDeliveries: number;
  /** True when the data directory held no executions and no messages (the demo plays on a fresh store). */
  readonly fresh: boolean;
  readonly dataDir: string | null;
  readonly startup: { readonly totalMs: number; readonly synthMs: number; readonly synthesized: boolean };
  /** Resolves when bus deliveries are done and every journey has reached its next wait. */
  idle(): Promise<void>;
  /** Stops everything; running executions stay RUNNING in the journal and restart at the next start. */
  stop(): Promise<void>;
}

const BUS_NAME = 'journeys';
/** How long a stop waits for handler calls in flight to return (a broadcast page at the provider quota). */
const DRAIN_TIMEOUT_MS = 30_000;
const EMAIL_FROM = 'Journeys <no-reply@journeys.local>';
const CONFIGURATION_SET = 'journeys';

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const started = Date.now();
  // Before anything starts: a bad override stops the start with the field that is wrong.
  const policy = options.policy === undefined ? undefined : policyOverrideFrom(options.policy, 'policy', (path) => readFileSync(path, 'utf8'));
  const release = claimProcess();
  const log = consoleLog(options.quiet ?? false);
  // Filled as parts start, emptied in this order on stop (or when start fails half-way): nothing may call a part
  // that has already stopped — the bus and the engine call handlers, handlers call the server, which calls
  // dynalite and the emulator.
  // Handler calls still in flight once the engine has stopped are drained before the server goes: a crisis
  // broadcast finishes the page it is in rather than dying between a provider's accept and its record.
  const parts: Partial<Record<'schedule' | 'bus' | 'engine' | 'handlers' | 'server' | 'ses' | 'dynamo' | 'environment' | 'clock' | 'lock', () => Promise<void> | void>> = {};
  let lockListening: (url: string) => void = () => {};
  const shutdown = async () => {
    for (const name of ['schedule', 'bus', 'engine', 'handlers', 'server', 'ses', 'dynamo', 'environment', 'clock', 'lock'] as const) {
      try {
        await parts[name]?.();
      } catch (error) {
        log.warn(`stopping ${name} failed: ${(error as Error).message}`);
      }
    }
    release();
  };

  try {
    const dataDir = options.dataDir === null ? null : resolve(options.dataDir ?? '.journeys');
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      // An existing directory keeps its mode: tighten it (older runtimes created it 0755).
      chmodSync(dataDir, PRIVATE_DIR_MODE);
      // Before anything opens the directory (and before --reset wipes it): another runtime may be using it.
      const lock = lockDataDir(dataDir);
      parts.lock = () => lock.release();
      lockListening = (url) => lock.listening(url);
      if (options.reset) wipe(dataDir);
    }
    const clock = options.clock ?? runtimeClock(options.timeScale ?? 1, dataDir, log);
    if (options.clock === undefined) {
      // Virtual time resumes where this directory's last run left it (local/clock-mark.ts), never behind it.
      const mark = dataDir === null ? undefined : keepClockMark(join(dataDir, DATA_LAYOUT.clock), clock);
      parts.clock = () => {
        mark?.stop();
        clock.dispose();
      };
    }
    const oncallToken = options.oncallToken ?? randomBytes(18).toString('base64url');
    const host = options.host ?? '127.0.0.1';

    // The port first: a taken port should fail before seconds of synthesis, not after.
    const server = await listen(host, options.port ?? 3000, log);
    parts.server = () => server.close();
    lockListening(server.url);

    const tableName = DEFAULT_TABLE_NAME;
    const idempotencyTableName = DEFAULT_IDEMPOTENCY_TABLE_NAME;
    const template = options.templateDir
      ? { directory: options.templateDir, synthesized: false, synthMs: 0 }
      : await ensureTemplate({ root: REPO_ROOT, outDir: cdkOutDir(dataDir), log });

    const faults = createFaults();
    // Both at once; settled (not Promise.all) so that whichever started is stopped when the other failed.
    const [dynamoStart, sesStart] = await Promise.allSettled([
      startDynamo({ ...(dataDir ? { path: dataPath(dataDir, 'dynamodb') } : {}), tableName, idempotencyTableName, faults: faults.dynamodb, ...(options.dynamoOffThread ? { offThread: true } : {}) }),
      startSesEmulator({ host, port: options.sesPort ?? 8005, ...(dataDir ? { emailsFile: dataPath(dataDir, 'emails') } : {}) }),
    ]);
    if (dynamoStart.status === 'fulfilled') parts.dynamo = () => dynamoStart.value.close();
    if (sesStart.status === 'fulfilled') parts.ses = () => sesStart.value.close();
    if (dynamoStart.status === 'rejected') throw dynamoStart.reason;
    if (sesStart.status === 'rejected') throw sesStart.reason;
    const [dynamo, ses] = [dynamoStart.value, sesStart.value];

    const catalog = new HandlerCatalog(REPO_ROOT, faults.lambda);
    parts.handlers = async () => {
      const draining = catalog.drain(DRAIN_TIMEOUT_MS);
      // Only once the calls in flight see no time left: a test's provider hold (faults.sns.holdAfter) lets its calls
      // go, so a broadcast finishes the page it is in and ends there instead of keeping the stop waiting.
      faults.sns.releaseHold();
      const left = await draining;
      if (left > 0) log.warn(`${left} handler call(s) still running after ${DRAIN_TIMEOUT_MS / 1000} s; stopping anyway`);
    };
    const { engine, close: closeEngine, stateMachineArns, aliasArns } = await startStepFunctions({
      clock,
      templateDir: template.directory,
      catalog,
      ...(dataDir ? { journalDir: dataPath(dataDir, 'stepFunctions') } : {}),
    });
    parts.engine = () => closeEngine();

    const outbox = new Outbox(dataPath(dataDir, 'outbox'));
    const deadLetters = new DeadLetters(dataPath(dataDir, 'deadLetters'));
    const bus = new LocalEventBus({
      busName: BUS_NAME,
      deliver: (input) => catalog.invoke('route-event', input),
      deadLetters,
      faults: faults.routeEvent,
      entryFaults: faults.putEvents,
      now: () => clock.date(),
      log,
      ...(options.deliveryRetry ? { retry: options.deliveryRetry } : {}),
      ...(dataDir ? { pendingPath: dataPath(dataDir, 'busPending') } : {}),
    });
    parts.bus = () => bus.close();

    parts.environment = installHandlerEnvironment({
      url: server.url,
      tableName,
      idempotencyTableName,
      busName: BUS_NAME,
      // Starters go through the alias, so its routing decides the version (as deployed).
      stateMachineArns: aliasArns,
      emailFrom: EMAIL_FROM,
      configurationSet: CONFIGURATION_SET,
      clock,
      ...(policy ? { policy } : {}),
    });
    // dynalite in a worker: the handlers call it at its own address (the environment's restore undoes this too).
    if (dynamo.directUrl) process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.directUrl;

    server.ready({
      oncallToken,
      clock,
      catalog,
      aws: { bus, engine },
      dynamo,
      ses: { emulatorUrl: ses.url, faults: faults.ses, onSent: (messageId) => ses.persist(messageId) },
      sns: { outbox, faults: faults.sns, now: () => clock.date() },
      local: {
        clock,
        outbox,
        deadLetters,
        // Replays go through the catalog, as the engine's Task states do (Lambda faults apply alike).
        parkedMessages: new ParkedMessages((payload) => catalog.invoke('deliver-message', payload)),
        contactsOf,
        redeliver: (route, event) => bus.redeliver(route, event),
      },
      erasure: localErasure({ forgetEmails: (predicate) => ses.forget(predicate), outbox, bus }),
      crisisPlaybook: (policy ? applyPolicyOverride(policy) : DEFAULT_POLICY).crisisPlaybook,
      log,
    });

    const fresh = (await countExecutions(engine)) === 0 && outbox.empty && ses.empty;
    // Only now: restarted journeys call the handlers, which call the server, which is ready.
    const restarted = await restartInterrupted(engine);
    await recordRestarts(engine, restarted, log);
    const resumedDeliveries = bus.resumePending();
    catalog.prewarm();
    // Pauses and the freeze end by themselves (the stack's every-minute schedule; here, at the instant they end).
    const schedule = new LifecycleSchedule({ clock, sweep: () => catalog.invoke('journey-lifecycle', {}), log });
    parts.schedule = () => schedule.stop();
    catalog.onReturned((name, event) => {
      if (name === 'api-journeys' && (event as { httpMethod?: string }).httpMethod !== 'GET') schedule.poke();
    });
    schedule.poke();

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      sesUrl: ses.url,
      oncallToken,
      oncallTokenGenerated: options.oncallToken === undefined,
      clock,
      engine,
      outbox,
      inbox: ses.inbox,
      deadLetters,
      faults,
      stateMachineArns,
      aliasArns,
      restarted,
      resumedDeliveries,
      fresh,
      dataDir,
      startup: { totalMs: Date.now() - started, synthMs: template.synthMs, synthesized: template.synthesized },
      idle: async () => {
        // A journey step may put events on the bus, and a delivery may start or wake a journey: until both rest.
        do {
          await bus.idle();
          await clock.advance(0);
        } while (bus.busy);
      },
      stop: () => (stopping ??= shutdown()),
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

/**
 * Port 0 means "any free port" — but in a process that already ran a runtime, that runtime's port: handler
 * modules keep clients built for its URL (see portOfPreviousRuntime). Taken meanwhile: a free one, with a warning.
 */
async function listen(host: string, port: number, log: RuntimeLog): Promise<RuntimeServer> {
  const previous = portOfPreviousRuntime();
  if (port !== 0 || previous === undefined) {
    const server = await startServer({ host, port });
    rememberPort(server.port);
    return server;
  }
  try {
    return await startServer({ host, port: previous });
  } catch {
    log.warn(`port ${previous} of the previous runtime in this process is taken; handler modules that keep SDK clients may call the old address`);
    const server = await startServer({ host, port: 0 });
    rememberPort(server.port);
    return server;
  }
}

/** A customer's SMS and push addresses, for `GET /outbox?customerId=`. */
async function contactsOf(customerId: string): Promise<string[]> {
  const profile = await dependencies().profiles.getProfile(customerId);
  return [profile?.phone, profile?.pushEndpoint].filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * route-event records every execution it starts in the customer's collection (that is how `GET /executions`
 * finds them); a restart is started by the runtime, so the runtime records it the same way.
 */
async function recordRestarts(engine: LocalStepFunctions, restarted: readonly RestartedExecution[], log: RuntimeLog): Promise<void> {
  for (const { restartedAs } of restarted) {
    const execution = await engine.describeExecution(restartedAs);
    const input = JSON.parse(execution.input) as { customerId?: unknown; journey?: unknown };
    const journey = JourneyName.safeParse(input.journey);
    // Journeys without a customer (the crisis broadcast) are not listed per customer.
    if (typeof input.customerId !== 'string' || !journey.success) continue;
    try {
      // An erased customer's journey restarts only to find no profile and end: recording it would bring an item
      // naming the customer back into the table the erasure emptied.
      if (!(await dependencies().profiles.getProfile(input.customerId))) continue;
      await dependencies().executionLog.recordExecution(input.customerId, {
        journey: journey.data,
        id: restartedAs,
        name: execution.name,
        startedAt: execution.startDate.toISOString(),
      });
    } catch (error) {
      log.warn(`could not record the restarted execution ${execution.name} for GET /executions: ${(error as Error).name}`);
    }
  }
}

async function countExecutions(engine: LocalStepFunctions): Promise<number> {
  let count = 0;
  for (const { stateMachineArn } of (await engine.listStateMachines()).stateMachines) {
    count += (await engine.listExecutions({ stateMachineArn, maxResults: 1 })).executions.length;
  }
  return count;
}

/** A scaled clock that starts at the wall clock, or at the virtual time the directory's last run reached if that is later. */
function runtimeClock(scale: number, dataDir: string | null, log: RuntimeLog): VirtualClock {
  const reached = dataDir === null ? undefined : readClockMark(join(dataDir, DATA_LAYOUT.clock));
  if (reached === undefined || reached <= Date.now()) return VirtualClock.scaled(scale);
  log.info(`virtual time resumes at ${new Date(reached).toISOString()}, where the last run in this data directory left it (ahead of the wall clock; --reset starts over)`);
  return VirtualClock.scaled(scale, reached);
}

/** `--reset`: the stores go, the template cache stays (it is rebuilt when stale anyway). */
function wipe(dataDir: string): void {
  for (const [entry, name] of Object.entries(DATA_LAYOUT)) {
    if (entry !== 'cdkOut') rmSync(join(dataDir, name), { recursive: true, force: true });
  }
}
