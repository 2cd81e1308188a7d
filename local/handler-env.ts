/**
 * The environment the handlers read, exactly as the Lambda functions get theirs from the stack, but pointing at
 * the runtime: endpoints, table and bus names, state machine ARNs, links. Handlers read `process.env` once per
 * "container" (config(), dependencies(), module-level Powertools objects), so it is installed before the first
 * handler module is imported and the caches are reset after. `process.env` is global: one runtime per process.
 */
import { stateMachineArnVariable } from '../contracts/functions';
import type { JourneyName } from '../functions/domain/model/primitives';
import { useClock } from '../functions/handlers/runtime/clock';
import { LOCAL_RUNTIME_VARIABLE, resetConfig } from '../functions/handlers/runtime/config';
import { setDependencies } from '../functions/handlers/runtime/dependencies';
import type { PolicyOverride } from '../functions/domain/policy-override';
import type { VirtualClock } from './engine';
// One process runs every function here, and the runtime, the console and the tests reach the stores themselves
// (restarts, erasure, seeding through dependencies()): every member is wired, whichever handlers are loaded yet.
import '../functions/handlers/runtime/wiring/audiences';
import '../functions/handlers/runtime/wiring/crisis';
import '../functions/handlers/runtime/wiring/current-crisis';
import '../functions/handlers/runtime/wiring/dead-letters';
import '../functions/handlers/runtime/wiring/erasure';
import '../functions/handlers/runtime/wiring/event-bus';
import '../functions/handlers/runtime/wiring/events';
import '../functions/handlers/runtime/wiring/execution-log';
import '../functions/handlers/runtime/wiring/experiments';
import '../functions/handlers/runtime/wiring/journey-control';
import '../functions/handlers/runtime/wiring/profiles';
import '../functions/handlers/runtime/wiring/senders';
import '../functions/handlers/runtime/wiring/step-functions';
import '../functions/handlers/runtime/wiring/surveys';
import '../functions/handlers/runtime/wiring/table';
import '../functions/handlers/runtime/wiring/waits';

export interface HandlerEnvironmentInput {
  /** The runtime's base URL: every AWS endpoint the handlers use, and the public base of links. */
  url: string;
  tableName: string;
  idempotencyTableName: string;
  busName: string;
  /** Journey name → state machine ARN. */
  stateMachineArns: Record<string, string>;
  emailFrom: string;
  configurationSet: string;
  clock: VirtualClock;
  /** The deployment's policy override (validated), as the stack hands it to every function. */
  policy?: PolicyOverride;
}

/** Region of the handlers' SDK clients (any region works against local endpoints; this is the stack's default). */
export const LOCAL_HANDLER_REGION = 'eu-central-1';

let claimed = false;
let previousPort: number | undefined;

/**
 * The port the previous runtime of this process served on. Handler modules keep some SDK clients for the life
 * of the process, as a warm Lambda container does (route-event's idempotency store), built from the endpoint of
 * the first runtime: a later runtime in the same process must answer at the same address.
 */
export function portOfPreviousRuntime(): number | undefined {
  return previousPort;
}

export function rememberPort(port: number): void {
  previousPort = port;
}

/** Takes the process for one runtime; the returned function gives it back. */
export function claimProcess(): () => void {
  if (claimed) {
    throw new Error(
      'A Journeys runtime is already running in this process. Handlers read their configuration from process.env, ' +
        'which is global, so only one runtime per process is possible: stop() the first one before starting another.',
    );
  }
  claimed = true;
  return () => {
    claimed = false;
  };
}

export function handlerVariables(input: HandlerEnvironmentInput): Record<string, string | undefined> {
  const variables: Record<string, string | undefined> = {
    AWS_REGION: LOCAL_HANDLER_REGION,
    AWS_DEFAULT_REGION: LOCAL_HANDLER_REGION,
    // Dummy credentials: handlers must never reach a real account from a laptop, whatever the shell has.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_DYNAMODB: input.url,
    AWS_ENDPOINT_URL_SESV2: input.url,
    AWS_ENDPOINT_URL_SNS: input.url,
    AWS_ENDPOINT_URL_SFN: input.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: input.url,
    TABLE_NAME: input.tableName,
    IDEMPOTENCY_TABLE_NAME: input.idempotencyTableName,
    EVENT_BUS_NAME: input.busName,
    PUBLIC_BASE_URL: input.url,
    // The development link secret is allowed here only (functions/handlers/runtime/link-secret.ts).
    [LOCAL_RUNTIME_VARIABLE]: 'true',
    // A crisis declared locally takes effect on the very next decision (deployed: within the 1 s cache).
    CRISIS_CACHE_MS: '0',
    SES_CONFIGURATION_SET: input.configurationSet,
    EMAIL_FROM: input.emailFrom,
    FROM_EMAIL: input.emailFrom,
    POWERTOOLS_SERVICE_NAME: 'journeys',
    POWERTOOLS_METRICS_NAMESPACE: 'Journeys',
    // Handler logs and EMF metrics would drown the runtime's output; the shell may still ask for them.
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    // Only the runtime's own option counts: a shell's JOURNEYS_POLICY is read (and validated) by local/main.ts.
    JOURNEYS_POLICY: input.policy ? JSON.stringify(input.policy) : undefined,
  };
  for (const [journey, arn] of Object.entries(input.stateMachineArns)) {
    variables[stateMachineArnVariable(journey as JourneyName)] = arn;
  }
  return variables;
}

/**
 * Installs the variables, the virtual clock and fresh handler caches; returns the function that puts the
 * previous environment back (tests start several runtimes one after the other in one process).
 */
export function installHandlerEnvironment(input: HandlerEnvironmentInput): () => void {
  const variables = handlerVariables(input);
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  useClock({ now: () => input.clock.date() });
  setDependencies(undefined);
  resetConfig();
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    useClock(undefined);
    setDependencies(undefined);
    resetConfig();
  };
}
