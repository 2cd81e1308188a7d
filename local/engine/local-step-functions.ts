/**
 * The local Step Functions service: the API calls Journeys and its ops scripts use, with the service's
 * semantics and error names, over executions run by aws-local-stepfunctions with the engine's bindings
 * (see README.md). The HTTP/AWS-JSON layer sits on top of this class and adds nothing but (de)serialization.
 */
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { ActivityTracker } from './activity';
import { LOCAL_SCOPE, assertValidName, executionArn as formatExecutionArn, parseExecutionArn, parseQualifiedStateMachineArn, parseStateMachineArn, stateMachineArn as formatStateMachineArn, type ArnScope } from './arns';
import { validateDefinition } from './definition-validation';
import { prepareDefinition, UnsupportedDefinitionError, type PreparedDefinition } from './definition-transform';
import {
  ErrorNames,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidDefinition,
  InvalidExecutionInput,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  ValidationException,
} from './errors';
import { ExecutionRun, type ExecutionRecord } from './execution-run';
import { HistoryLog } from './history-log';
import { FileJournal, MemoryJournal, deserializeEvent, serializeEvent, type Journal, type JournalRecord } from './journal';
import { Replay } from './replay';
import { START_EXECUTION_RESOURCE, startExecutionTask } from './start-execution-task';
import { TaskTokenRegistry } from './task-tokens';
import type {
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  EngineEvent,
  ExecutionListItem,
  ExecutionStatus,
  ExecutionUsage,
  GetExecutionHistoryOutput,
  HistoryEvent,
  JsonValue,
  LocalLambdaHandler,
  ServiceIntegrationHandler,
  DescribeStateMachineAliasOutput,
  RoutingConfig,
  StartExecutionOutput,
  StateMachineListItem,
} from './types';
import { VersionsAndAliases, revisionIdOf, type StoredVersion } from './versions';
import { VirtualClock } from './virtual-clock';

export interface LocalStepFunctionsOptions {
  /** In-process Lambda handlers by function name (the `<name>` of `arn:aws:lambda:…:function:<name>`). */
  handlers?: Record<string, LocalLambdaHandler>;
  /** Service integrations by resource without pattern suffix, e.g. `arn:aws:states:::events:putEvents`. */
  integrations?: Record<string, ServiceIntegrationHandler>;
  /** Default: real time (scaled mode, scale 1). */
  clock?: VirtualClock;
  /** Journal directory; without it nothing survives the process. */
  dataDir?: string;
  region?: string;
  accountId?: string;
  /** Closed executions are forgotten (and their names reusable) this long after they stop; default 90 days. */
  executionRetentionDays?: number;
  /** Draws in [0, 1) for an alias's weighted routing (default Math.random). */
  random?: () => number;
}

interface StoredStateMachine {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  creationDate: Date;
  /** Prepared on first use: a journal may hold definitions the current handlers never run. */
  compiled?: { prepared: PreparedDefinition; machine: StateMachine };
}

const DAY_MS = 86_400_000;
const DEFAULT_ROLE = 'arn:aws:iam::000000000000:role/journeys-local';

export class LocalStepFunctions {
  readonly clock: VirtualClock;
  readonly #scope: ArnScope;
  readonly #retentionMs: number;
  readonly #handlers = new Map<string, LocalLambdaHandler>();
  readonly #integrations = new Map<string, ServiceIntegrationHandler>();
  readonly #journal: Journal;
  readonly #tokens = new TaskTokenRegistry();
  readonly #activity = new ActivityTracker();
  readonly #stateMachines = new Map<string, StoredStateMachine>();
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #runs = new Map<string, ExecutionRun>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  readonly #interrupted: string[] = [];
  readonly #unregisterSettle: () => void;
  readonly #versions: VersionsAndAliases;
  readonly #random: () => number;

  constructor(options: LocalStepFunctionsOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.#scope = { region: options.region ?? LOCAL_SCOPE.region, accountId: options.accountId ?? LOCAL_SCOPE.accountId, partition: 'aws' };
    this.#retentionMs = (options.executionRetentionDays ?? 90) * DAY_MS;
    for (const [name, handler] of Object.entries(options.handlers ?? {})) this.#handlers.set(name, handler);
    // Built in: the service's own integration, starting executions of this engine (a journey continuing as new).
    this.#integrations.set(START_EXECUTION_RESOURCE, startExecutionTask(this));
    for (const [resource, handler] of Object.entries(options.integrations ?? {})) this.#integrations.set(resource, handler);
    this.#journal = options.dataDir ? new FileJournal(options.dataDir) : new MemoryJournal();
    this.#versions = new VersionsAndAliases(this.#journal, () => this.clock.date());
    this.#random = options.random ?? Math.random;
    this.#unregisterSettle = this.clock.onSettle(() => this.#activity.idle());
    this.#restore(this.#journal.readAll());
  }

  registerHandler(functionName: string, handler: LocalLambdaHandler): void {
    this.#handlers.set(functionName, handler);
  }

  registerIntegration(resource: string, handler: ServiceIntegrationHandler): void {
    this.#integrations.set(resource, handler);
  }

  /** Live history events and status changes; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ── State machines ──────────────────────────────────────────────────────────────────────────────

  /**
   * Idempotent for the same name, definition and role (as the service); a different one is StateMachineAlreadyExists.
   * `publish` also publishes version 1 (or answers the existing one).
   */
  async createStateMachine(input: { name: string; definition: string; roleArn?: string; publish?: boolean; versionDescription?: string }): Promise<{ stateMachineArn: string; creationDate: Date; stateMachineVersionArn?: string }> {
    assertValidName(input.name, 'state machine');
    const arn = formatStateMachineArn(this.#scope, input.name);
    const roleArn = input.roleArn ?? DEFAULT_ROLE;
    const existing = this.#stateMachines.get(arn);
    if (existing) {
      if (existing.definition !== input.definition || existing.roleArn !== roleArn) {
        throw new StateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
      }
      return { stateMachineArn: arn, creationDate: existing.creationDate, ...this.#publishIf(existing, input) };
    }
    const compiled = this.#compile(input.definition);
    const stored: StoredStateMachine = { arn, name: input.name, definition: input.definition, roleArn, creationDate: this.clock.date(), compiled };
    this.#stateMachines.set(arn, stored);
    this.#journal.append({ r: 'stateMachine', arn, name: stored.name, definition: stored.definition, roleArn, at: stored.creationDate.getTime() });
    return { stateMachineArn: arn, creationDate: stored.creationDate, ...this.#publishIf(stored, input) };
  }

  /** Running executions keep the definition they started with, as in the service. `publish` publishes the new revision. */
  async updateStateMachine(input: { stateMachineArn: string; definition?: string; roleArn?: string; publish?: boolean; versionDescription?: string }): Promise<{ updateDate: Date; revisionId: string; stateMachineVersionArn?: string }> {
    const stored = this.#stateMachine(input.stateMachineArn);
    const definition = input.definition ?? stored.definition;
    const compiled = this.#compile(definition);
    Object.assign(stored, { definition, roleArn: input.roleArn ?? stored.roleArn, compiled });
    const updateDate = this.clock.date();
    this.#journal.append({ r: 'stateMachine', arn: stored.arn, name: stored.name, definition, roleArn: stored.roleArn, at: stored.creationDate.getTime() });
    return { updateDate, revisionId: revisionIdOf(stored.definition, stored.roleArn), ...this.#publishIf(stored, input) };
  }

  /** The state machine (its current revision), or one version of it when the ARN names a version. */
  async describeStateMachine(stateMachineArn: string): Promise<DescribeStateMachineOutput> {
    const parsed = parseQualifiedStateMachineArn(stateMachineArn);
    const stored = this.#stateMachine(parsed.stateMachineArn);
    if (parsed.alias !== undefined) throw new ValidationException(`Describe an alias with DescribeStateMachineAlias: '${stateMachineArn}'`);
    if (parsed.version !== undefined) {
      const version = this.#versions.version(stateMachineArn);
      return {
        ...listItem(stored),
        stateMachineArn: version.arn,
        creationDate: version.creationDate,
        definition: version.definition,
        roleArn: version.roleArn,
        status: 'ACTIVE',
        revisionId: version.revisionId,
        ...(version.description === undefined ? {} : { description: version.description }),
      };
    }
    return { ...listItem(stored), definition: stored.definition, roleArn: stored.roleArn, status: 'ACTIVE', revisionId: revisionIdOf(stored.definition, stored.roleArn) };
  }

  async listStateMachines(): Promise<{ stateMachines: StateMachineListItem[] }> {
    const stateMachines = [...this.#stateMachines.values()].map(listItem).sort((a, b) => a.name.localeCompare(b.name));
    return { stateMachines };
  }

  // ── Versions and aliases (versions.ts has the rules) ─────────────────────────────────────────────

  async publishStateMachineVersion(input: { stateMachineArn: string; revisionId?: string; description?: string }): Promise<{ stateMachineVersionArn: string; creationDate: Date }> {
    const stored = this.#stateMachine(input.stateMachineArn);
    const { version } = this.#versions.publish({ stateMachineArn: stored.arn, definition: stored.definition, roleArn: stored.roleArn }, input);
    return { stateMachineVersionArn: version.arn, creationDate: version.creationDate };
  }

  /** Newest first. */
  async listStateMachineVersions(input: { stateMachineArn: string; maxResults?: number; nextToken?: string }): Promise<{ stateMachineVersions: Array<{ stateMachineVersionArn: string; creationDate: Date }>; nextToken?: string }> {
    const stored = this.#stateMachine(input.stateMachineArn);
    const all = this.#versions.versionsOf(stored.arn).map((version) => ({ stateMachineVersionArn: version.arn, creationDate: version.creationDate }));
    const { items, nextToken } = page(all, input.maxResults, input.nextToken);
    return { stateMachineVersions: items, ...(nextToken ? { nextToken } : {}) };
  }

  /** Executions already running on the version finish on it (they hold its compiled definition). */
  async deleteStateMachineVersion(stateMachineVersionArn: string): Promise<Record<string, never>> {
    this.#versions.deleteVersion(stateMachineVersionArn);
    return {};
  }

  async createStateMachineAlias(input: { name: string; description?: string; routingConfiguration: RoutingConfig[] }): Promise<{ stateMachineAliasArn: string; creationDate: Date }> {
    return this.#versions.createAlias(undefined, input);
  }

  async describeStateMachineAlias(stateMachineAliasArn: string): Promise<DescribeStateMachineAliasOutput> {
    return this.#versions.describeAlias(stateMachineAliasArn);
  }

  async updateStateMachineAlias(input: { stateMachineAliasArn: string; description?: string; routingConfiguration?: RoutingConfig[] }): Promise<{ updateDate: Date }> {
    const { stateMachineAliasArn, ...change } = input;
    return this.#versions.updateAlias(stateMachineAliasArn, change);
  }

  async listStateMachineAliases(input: { stateMachineArn: string; maxResults?: number; nextToken?: string }): Promise<{ stateMachineAliases: Array<{ stateMachineAliasArn: string; creationDate: Date }>; nextToken?: string }> {
    const stored = this.#stateMachine(input.stateMachineArn);
    const { items, nextToken } = page(this.#versions.aliasesOf(stored.arn), input.maxResults, input.nextToken);
    return { stateMachineAliases: items, ...(nextToken ? { nextToken } : {}) };
  }

  async deleteStateMachineAlias(stateMachineAliasArn: string): Promise<Record<string, never>> {
    this.#versions.deleteAlias(stateMachineAliasArn);
    return {};
  }

  // ── Executions ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts an execution and returns at once; it runs in the background. `input` is JSON text as in the API
   * (any other value is serialized). The same name again: the running execution's answer when the input is the
   * same, ExecutionAlreadyExists when it differs or when that execution has closed (the service's rules).
   */
  async startExecution(input: { stateMachineArn: string; name?: string; input?: string | JsonValue }): Promise<StartExecutionOutput> {
    return this.#start(input, this.#target(input.stateMachineArn));
  }

  /**
   * What a start runs: an unqualified ARN the current revision, a version ARN that version, an alias ARN the
   * version its routing draws (the execution remembers both).
   */
  #target(arn: string): { stored: StoredStateMachine; version?: StoredVersion; aliasArn?: string } {
    const parsed = parseQualifiedStateMachineArn(arn);
    const stored = this.#stateMachine(parsed.stateMachineArn);
    if (parsed.version !== undefined) return { stored, version: this.#versions.version(arn) };
    if (parsed.alias !== undefined) return { stored, version: this.#versions.route(arn, this.#random), aliasArn: arn };
    return { stored };
  }

  async #start(input: { name?: string; input?: string | JsonValue }, target: { stored: StoredStateMachine; version?: StoredVersion; aliasArn?: string }, replay?: Replay): Promise<StartExecutionOutput> {
    const { stored, version, aliasArn } = target;
    const name = input.name ?? randomUUID();
    assertValidName(name, 'execution');
    const text = executionInput(input.input);
    const arn = formatExecutionArn(this.#scope, stored.name, name);
    const existing = this.#execution(arn, false);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === text) return { executionArn: arn, startDate: existing.startDate };
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${arn}'`);
    }
    const { prepared, machine } = version ? (version.compiled ??= this.#compile(version.definition)) : (stored.compiled ?? this.#compile(stored.definition));
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: stored.arn,
      stateMachineName: stored.name,
      name,
      input: text,
      roleArn: version?.roleArn ?? stored.roleArn,
      startDate: this.clock.date(),
      ...(version ? { stateMachineVersionArn: version.arn } : {}),
      ...(aliasArn ? { stateMachineAliasArn: aliasArn } : {}),
      status: 'RUNNING',
      history: this.#historyFor(arn, stored.arn),
      usage: { stateTransitions: 0, taskInvocations: {} },
    };
    this.#executions.set(arn, record);
    this.#journal.append({
      r: 'started',
      arn,
      stateMachineArn: stored.arn,
      name,
      input: text,
      at: record.startDate.getTime(),
      ...(version ? { versionArn: version.arn } : {}),
      ...(aliasArn ? { aliasArn } : {}),
    });
    const run = new ExecutionRun(record, {
      machine,
      prepared,
      clock: this.clock,
      arnScope: this.#scope,
      handlers: this.#handlers,
      integrations: this.#integrations,
      tokens: this.#tokens,
      activity: this.#activity,
      tokenIssued: (executionArn, token, state) => this.#journal.append({ r: 'token', arn: executionArn, token, state }),
      closed: (closed) => this.#closed(closed),
      ...(replay ? { replay } : {}),
    });
    this.#runs.set(arn, run);
    this.#emit({ type: 'status', executionArn: arn, stateMachineArn: stored.arn, status: 'RUNNING' });
    return { executionArn: arn, startDate: record.startDate };
  }

  async describeExecution(executionArn: string): Promise<DescribeExecutionOutput> {
    const record = this.#execution(executionArn, true);
    return {
      ...executionItem(record),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
    };
  }

  /** Newest first, as the service lists them. `nextToken` pages through `maxResults` (default 100) at a time. */
  async listExecutions(input: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    // A version or alias ARN lists the executions started on it, as the service does.
    const parsed = parseQualifiedStateMachineArn(input.stateMachineArn);
    const stored = this.#stateMachine(parsed.stateMachineArn);
    if (parsed.version !== undefined) this.#versions.version(input.stateMachineArn);
    if (parsed.alias !== undefined) this.#versions.describeAlias(input.stateMachineArn);
    const onTarget = (record: ExecutionRecord) =>
      parsed.version !== undefined ? record.stateMachineVersionArn === input.stateMachineArn : parsed.alias !== undefined ? record.stateMachineAliasArn === input.stateMachineArn : true;
    const matching = [...this.#executions.values()]
      .filter((record) => record.stateMachineArn === stored.arn && onTarget(record) && !this.#expired(record))
      .filter((record) => input.statusFilter === undefined || record.status === input.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .map(executionItem);
    const { items, nextToken } = page(matching, input.maxResults, input.nextToken);
    return { executions: items, ...(nextToken ? { nextToken } : {}) };
  }

  async getExecutionHistory(
    executionArn: string,
    options: { reverseOrder?: boolean; maxResults?: number; nextToken?: string; includeExecutionData?: boolean } = {},
  ): Promise<GetExecutionHistoryOutput> {
    const record = this.#execution(executionArn, true);
    let events = [...record.history.events];
    if (options.reverseOrder) events.reverse();
    if (options.includeExecutionData === false) events = events.map(withoutExecutionData);
    const { items, nextToken } = page(events, options.maxResults, options.nextToken);
    return { events: items, ...(nextToken ? { nextToken } : {}) };
  }

  /**
   * StopExecution: ABORTED at once with the given error/cause; open task tokens stop being accepted. Stopping a
   * closed execution changes nothing and answers its stop date.
   */
  async stopExecution(executionArn: string, input: { error?: string; cause?: string } = {}): Promise<{ stopDate: Date }> {
    const record = this.#execution(executionArn, true);
    const run = this.#runs.get(record.executionArn);
    if (record.status === 'RUNNING' && run) {
      run.stop(input.error, input.cause);
      this.#tokens.closeExecution(record.executionArn);
    }
    return { stopDate: record.stopDate ?? this.clock.date() };
  }

  /** Resolves with the execution's description once it has closed (a test and demo helper, not a service API). */
  async waitForExecution(executionArn: string): Promise<DescribeExecutionOutput> {
    const record = this.#execution(executionArn, true);
    await this.#runs.get(record.executionArn)?.done;
    return this.describeExecution(executionArn);
  }

  /** State transitions and task invocations so far (cost model). */
  getExecutionUsage(executionArn: string): ExecutionUsage {
    const usage = this.#execution(executionArn, true).usage;
    return { stateTransitions: usage.stateTransitions, taskInvocations: { ...usage.taskInvocations } };
  }

  // ── Task tokens ─────────────────────────────────────────────────────────────────────────────────

  async sendTaskSuccess(input: { taskToken: string; output: string }): Promise<Record<string, never>> {
    this.#tokens.succeed(input.taskToken, input.output);
    return {};
  }

  async sendTaskFailure(input: { taskToken: string; error?: string; cause?: string }): Promise<Record<string, never>> {
    this.#tokens.fail(input.taskToken, input.error, input.cause);
    return {};
  }

  async sendTaskHeartbeat(input: { taskToken: string }): Promise<Record<string, never>> {
    this.#tokens.heartbeat(input.taskToken);
    return {};
  }

  /** Tokens waiting for a callback (tests, the console). */
  openTaskTokens(executionArn?: string): Array<{ token: string; executionArn: string; stateName: string }> {
    return this.#tokens.openTokens(executionArn);
  }

  // ── Restart ─────────────────────────────────────────────────────────────────────────────────────

  /** Executions that were RUNNING when a previous engine over the same `dataDir` stopped. */
  interruptedExecutions(): string[] {
    return [...this.#interrupted];
  }

  /**
   * Starts a closed execution again, same state machine and input, under the name `<name>-r<N>` (the first N not
   * taken; `<name>` without a previous restart's `-r<N>`). Meant for executions interrupted by a restart
   * (`Local.RuntimeRestarted`), which it resumes where they stopped (replay.ts); any other starts from the beginning. The new execution has a new ARN, so handlers that key their idempotency on
   * `$$.Execution.Id` do their side effects again; keying on the input (the event id) avoids that (README, "Restart").
   */
  async restartInterrupted(executionArn: string): Promise<StartExecutionOutput> {
    const record = this.#execution(executionArn, true);
    if (record.status === 'RUNNING') throw new ValidationException(`Execution is still running: '${executionArn}'`);
    // A restart of a restart is `<original>-r2`, not `<original>-r1-r1`: message ids strip one `-r<N>` suffix
    // (functions/domain/message-id.ts), so every restart must stay one suffix away from the original name.
    const original = record.name.replace(/-r\d+$/, '');
    for (let attempt = 1; ; attempt++) {
      const suffix = `-r${attempt}`;
      const name = `${original.slice(0, 80 - suffix.length)}${suffix}`;
      const arn = formatExecutionArn(this.#scope, record.stateMachineName, name);
      if (this.#execution(arn, false)) continue;
      // On the version it ran (a newer one may be live by now), still counted as the alias's.
      const stored = this.#stateMachine(record.stateMachineArn);
      const version = record.stateMachineVersionArn ? this.#versionOrNone(record.stateMachineVersionArn) : undefined;
      // Interrupted by a restart: it goes on from where it stopped (replay.ts); stopped or failed: from the beginning.
      const replay = record.error === ErrorNames.runtimeRestarted ? Replay.fromHistory(record.history.events) : undefined;
      return this.#start({ name, input: record.input }, { stored, ...(version ? { version } : {}), ...(version && record.stateMachineAliasArn ? { aliasArn: record.stateMachineAliasArn } : {}) }, replay);
    }
  }

  /**
   * Stops every running execution without closing it (the journal keeps it RUNNING, so a new engine over the
   * same directory reports it) and detaches from the clock.
   */
  async close(): Promise<void> {
    const running = [...this.#runs.values()];
    for (const run of running) run.abandon();
    await Promise.all(running.map((run) => run.done));
    this.#runs.clear();
    this.#unregisterSettle();
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────

  #compile(definition: string): { prepared: PreparedDefinition; machine: StateMachine } {
    const parsed = validateDefinition(definition);
    try {
      const prepared = prepareDefinition(parsed);
      // Validated above, in its original form; the prepared one is not valid ASL for the validator (markers).
      const machine = new StateMachine(prepared.definition as never, { validationOptions: { noValidate: true } });
      return { prepared, machine };
    } catch (error) {
      if (error instanceof UnsupportedDefinitionError) throw new InvalidDefinition(`Unsupported by the local engine: '${error.message}'`);
      throw error;
    }
  }

  /** A version deleted meanwhile: the restart runs the current revision (nothing else is left of it). */
  #versionOrNone(arn: string): StoredVersion | undefined {
    try {
      return this.#versions.version(arn);
    } catch {
      return undefined;
    }
  }

  #publishIf(stored: StoredStateMachine, input: { publish?: boolean; versionDescription?: string }): { stateMachineVersionArn?: string } {
    if (!input.publish) return {};
    const { version } = this.#versions.publish({ stateMachineArn: stored.arn, definition: stored.definition, roleArn: stored.roleArn }, input.versionDescription === undefined ? {} : { description: input.versionDescription });
    return { stateMachineVersionArn: version.arn };
  }

  #stateMachine(arn: string): StoredStateMachine {
    parseStateMachineArn(arn);
    const stored = this.#stateMachines.get(arn);
    if (!stored) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
    return stored;
  }

  #execution(arn: string, required: true): ExecutionRecord;
  #execution(arn: string, required: false): ExecutionRecord | undefined;
  #execution(arn: string, required: boolean): ExecutionRecord | undefined {
    parseExecutionArn(arn);
    const record = this.#executions.get(arn);
    if (record && this.#expired(record)) {
      // Past retention the service forgets the execution and its name can be used again.
      this.#executions.delete(arn);
      this.#runs.delete(arn);
    } else if (record) {
      return record;
    }
    if (required) throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
    return undefined;
  }

  #expired(record: ExecutionRecord): boolean {
    return record.stopDate !== undefined && record.stopDate.getTime() + this.#retentionMs < this.clock.now();
  }

  #historyFor(executionArn: string, stateMachineArn: string, restored: HistoryEvent[] = []): HistoryLog {
    return new HistoryLog((event) => {
      this.#journal.append({ r: 'event', arn: executionArn, event: serializeEvent(event) });
      this.#emit({ type: 'history', executionArn, stateMachineArn, event });
    }, restored);
  }

  #closed(record: ExecutionRecord): void {
    this.#runs.delete(record.executionArn);
    this.#journal.append({
      r: 'finished',
      arn: record.executionArn,
      status: record.status as Exclude<ExecutionStatus, 'RUNNING'>,
      at: (record.stopDate ?? this.clock.date()).getTime(),
      ...(record.output === undefined ? {} : { output: record.output }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
      usage: record.usage,
    });
    this.#emit({ type: 'status', executionArn: record.executionArn, stateMachineArn: record.stateMachineArn, status: record.status });
    this.#release(record);
  }

  /** A closed execution's history leaves memory for its file (journal.ts); without a data directory it stays. */
  #release(record: ExecutionRecord): void {
    const arn = record.executionArn;
    record.history.release(
      (events) => this.#journal.storeHistory(arn, events),
      () => this.#journal.readHistory(arn),
    );
  }

  #emit(event: EngineEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a closed WebSocket…) must not break the execution that emitted the event.
      }
    }
  }

  /**
   * Rebuilds state machines and executions from the journal. Executions without a `finished` record were running
   * when the previous engine stopped: they are closed now as ABORTED with `Local.RuntimeRestarted` (never silently
   * lost, never silently re-run) and listed by `interruptedExecutions()`; their tokens answer TaskTimedOut.
   */
  #restore(records: JournalRecord[]): void {
    const events = new Map<string, HistoryEvent[]>();
    const pending = new Map<string, Omit<ExecutionRecord, 'history'>>();
    for (const record of records) {
      this.#versions.restore(record);
      switch (record.r) {
        case 'stateMachine': {
          const existing = this.#stateMachines.get(record.arn);
          this.#stateMachines.set(record.arn, {
            arn: record.arn,
            name: record.name,
            definition: record.definition,
            roleArn: record.roleArn,
            creationDate: existing?.creationDate ?? new Date(record.at),
          });
          break;
        }
        case 'started': {
          const stateMachineName = parseStateMachineArn(record.stateMachineArn).name;
          pending.set(record.arn, {
            executionArn: record.arn,
            stateMachineArn: record.stateMachineArn,
            stateMachineName,
            name: record.name,
            input: record.input,
            roleArn: this.#stateMachines.get(record.stateMachineArn)?.roleArn ?? DEFAULT_ROLE,
            startDate: new Date(record.at),
            ...(record.versionArn ? { stateMachineVersionArn: record.versionArn } : {}),
            ...(record.aliasArn ? { stateMachineAliasArn: record.aliasArn } : {}),
            status: 'RUNNING',
            usage: { stateTransitions: 0, taskInvocations: {} },
          });
          events.set(record.arn, []);
          break;
        }
        case 'event':
          events.get(record.arn)?.push(deserializeEvent(record.event));
          break;
        case 'token':
          this.#tokens.markClosed(record.token);
          break;
        case 'finished': {
          const execution = pending.get(record.arn);
          if (!execution) break;
          Object.assign(execution, { status: record.status, stopDate: new Date(record.at), usage: record.usage });
          if (record.output !== undefined) execution.output = record.output;
          if (record.error !== undefined) execution.error = record.error;
          if (record.cause !== undefined) execution.cause = record.cause;
          break;
        }
      }
    }
    for (const [arn, execution] of pending) {
      const journaled = events.get(arn) ?? [];
      let history: HistoryLog;
      if (execution.status === 'RUNNING') {
        history = this.#historyFor(arn, execution.stateMachineArn, journaled);
      } else {
        // Finished: its history is (or, from a journal not compacted yet, now goes) in its file, not in memory.
        if (journaled.length > 0) this.#journal.storeHistory(arn, journaled);
        history = HistoryLog.stored(() => this.#journal.readHistory(arn));
      }
      const record: ExecutionRecord = { ...execution, history };
      this.#executions.set(arn, record);
      if (record.status === 'RUNNING') this.#reportInterrupted(record);
    }
    // Every execution is closed now and every history in its file: the journal keeps no history events.
    if (records.some((record) => record.r === 'event')) this.#journal.compactEvents();
  }

  #reportInterrupted(record: ExecutionRecord): void {
    const last = [...record.history.events].reverse().find((event) => event.stateEnteredEventDetails?.name !== undefined);
    const where = last ? ` in state '${last.stateEnteredEventDetails?.name}'` : '';
    Object.assign(record, {
      status: 'ABORTED',
      stopDate: this.clock.date(),
      error: ErrorNames.runtimeRestarted,
      cause: `The local runtime stopped while this execution was running${where}. restartInterrupted() resumes it, under a new name, from where it stopped.`,
    });
    // Usage of an interrupted execution is rebuilt from its history (the counters lived in memory).
    record.usage = usageFromHistory(record.history.events);
    record.history.close('ExecutionAborted', record.stopDate as Date, { executionAbortedEventDetails: { error: record.error as string, cause: record.cause as string } });
    this.#interrupted.push(record.executionArn);
    this.#closed(record);
  }
}

function listItem(stored: StoredStateMachine): StateMachineListItem {
  return { stateMachineArn: stored.arn, name: stored.name, type: 'STANDARD', creationDate: stored.creationDate };
}

function executionItem(record: ExecutionRecord): ExecutionListItem {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: record.startDate,
    ...(record.stopDate === undefined ? {} : { stopDate: record.stopDate }),
    ...(record.stateMachineVersionArn === undefined ? {} : { stateMachineVersionArn: record.stateMachineVersionArn }),
    ...(record.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: record.stateMachineAliasArn }),
  };
}

function executionInput(input: string | JsonValue | undefined): string {
  if (input === undefined) return '{}';
  if (typeof input !== 'string') return JSON.stringify(input);
  try {
    JSON.parse(input);
  } catch {
    throw new InvalidExecutionInput(`Invalid Execution Input: '${input.slice(0, 80)}' is not valid JSON`);
  }
  return input;
}

/** The service's paging: `maxResults` 1–1000 (0 or absent: 100), `nextToken` opaque. */
function page<T>(items: T[], maxResults = 0, nextToken?: string): { items: T[]; nextToken?: string } {
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) throw new ValidationException('maxResults must be between 0 and 1000');
  const size = maxResults === 0 ? 100 : maxResults;
  let offset = 0;
  if (nextToken !== undefined) {
    offset = Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationException('Invalid nextToken');
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size), 'utf8').toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
      stripped[key] = rest;
    } else {
      stripped[key] = value;
    }
  }
  return stripped as unknown as HistoryEvent;
}

function usageFromHistory(events: readonly HistoryEvent[]): ExecutionUsage {
  const usage: ExecutionUsage = { stateTransitions: 0, taskInvocations: {} };
  for (const event of events) {
    if (event.type?.endsWith('StateEntered')) usage.stateTransitions++;
    const target = event.lambdaFunctionScheduledEventDetails?.resource?.split(':function:')[1]?.split(':')[0];
    if (target) usage.taskInvocations[target] = (usage.taskInvocations[target] ?? 0) + 1;
  }
  return usage;
}
