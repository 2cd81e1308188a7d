/**
 * Step Functions: the finished local engine (local/engine) over the synthesized state machines, every Lambda ARN
 * of the template bound to the catalog handler of the same name (the `JOURNEYS_FUNCTION` variable the stack sets on
 * each function), with the runtime's clock and journal.
 *
 * On start the state machines are created, or updated when the journal holds an older definition (running
 * executions keep theirs, as in the service). A definition the newest version does not have is published as a new
 * version (the old ones stay in the journal), and the alias `live` — what every starter uses — moves to it at
 * once (all at once: a canary is `journeys route`). Executions on an old version finish on it, restarts included. Executions a previous runtime left RUNNING are resumed where they
 * were (`<name>-r<N>`, same input; local/engine/replay.ts) and reported: never silently lost. Message ids ignore the `-r<N>` suffix,
 * so what they had already sent is not sent again.
 */
import { FUNCTIONS } from '../contracts/functions';
import { LocalStepFunctions, StateMachineAlreadyExists, loadCdkOut, type VirtualClock } from './engine';
import { isFunctionName, type HandlerCatalog } from './handlers';
import { LambdaConcurrency } from './lambda-concurrency';

export interface LocalStateMachines {
  engine: LocalStepFunctions;
  /** Stops the engine: executions stay journaled as running, task invocations not started yet never start. */
  close(): Promise<void>;
  /** Journey name (`onboarding`, `post-resolution`…) → state machine ARN. */
  stateMachineArns: Record<string, string>;
  /** Journey name → ARN of its alias `live`: what route-event, the crisis switch and replays start. */
  aliasArns: Record<string, string>;
}

/**
 * Journey task invocations running at once (below the SDK's 50 sockets, so that a burst queues before its
 * handlers start rather than inside them: lambda-concurrency.ts).
 */
export const TASK_CONCURRENCY = 24;

/** The alias every starter uses. */
export const LIVE_ALIAS = 'live';

export interface RestartedExecution {
  /** The interrupted execution (now ABORTED with `Local.RuntimeRestarted`). */
  interrupted: string;
  /** Its restart. */
  restartedAs: string;
}

export async function startStepFunctions(options: {
  clock: VirtualClock;
  journalDir?: string;
  templateDir: string;
  catalog: HandlerCatalog;
}): Promise<LocalStateMachines> {
  const template = loadCdkOut(options.templateDir);
  const engine = new LocalStepFunctions({ clock: options.clock, ...(options.journalDir ? { dataDir: options.journalDir } : {}) });

  const concurrency = new LambdaConcurrency(TASK_CONCURRENCY);
  const functionNames = new Set([...Object.keys(FUNCTIONS), ...Object.values(template.functions)]);
  for (const name of functionNames) {
    engine.registerHandler(name, async (payload, context) => {
      // A template function outside the catalog has no handler module: it fails like a missing function.
      if (!isFunctionName(name)) throw Object.assign(new Error(`${name} is not in contracts/functions.ts`), { name: 'Lambda.ResourceNotFoundException' });
      return concurrency.run(() => options.catalog.invoke(name, payload, context));
    });
  }

  const stateMachineArns: Record<string, string> = {};
  const aliasArns: Record<string, string> = {};
  for (const machine of template.stateMachines) {
    const input = { name: machine.stateMachineName, definition: machine.definition, ...(machine.roleArn ? { roleArn: machine.roleArn } : {}) };
    let arn: string;
    try {
      arn = (await engine.createStateMachine(input)).stateMachineArn;
    } catch (error) {
      if (!(error instanceof StateMachineAlreadyExists)) throw error;
      // The journal has this machine from an older synth: the current definition wins from now on.
      arn = (await engine.listStateMachines()).stateMachines.find((item) => item.name === machine.stateMachineName)?.stateMachineArn as string;
      await engine.updateStateMachine({ stateMachineArn: arn, definition: input.definition, ...(input.roleArn ? { roleArn: input.roleArn } : {}) });
    }
    stateMachineArns[machine.journey] = arn;
    aliasArns[machine.journey] = await publishLive(engine, arn);
  }
  const close = async () => {
    await engine.close();
    concurrency.close();
  };
  return { engine, close, stateMachineArns, aliasArns };
}

/** Publishes the current definition unless the newest version has it, and points `live` at a new version. */
async function publishLive(engine: LocalStepFunctions, stateMachineArn: string): Promise<string> {
  const before = (await engine.listStateMachineVersions({ stateMachineArn, maxResults: 1 })).stateMachineVersions[0]?.stateMachineVersionArn;
  const { revisionId } = await engine.describeStateMachine(stateMachineArn);
  const { stateMachineVersionArn } = await engine.publishStateMachineVersion({ stateMachineArn, description: `revision ${revisionId}` });
  const aliasArn = `${stateMachineArn}:${LIVE_ALIAS}`;
  const routingConfiguration = [{ stateMachineVersionArn, weight: 100 }];
  const aliases = (await engine.listStateMachineAliases({ stateMachineArn })).stateMachineAliases;
  if (!aliases.some((alias) => alias.stateMachineAliasArn === aliasArn)) {
    await engine.createStateMachineAlias({ name: LIVE_ALIAS, description: 'Where new entries go', routingConfiguration });
  } else if (stateMachineVersionArn !== before) {
    await engine.updateStateMachineAlias({ stateMachineAliasArn: aliasArn, routingConfiguration });
  }
  return aliasArn;
}

/** Restarts every execution the previous runtime left running. */
export async function restartInterrupted(engine: LocalStepFunctions): Promise<RestartedExecution[]> {
  const restarted: RestartedExecution[] = [];
  for (const interrupted of engine.interruptedExecutions()) {
    const { executionArn } = await engine.restartInterrupted(interrupted);
    restarted.push({ interrupted, restartedAs: executionArn });
  }
  return restarted;
}

