/**
 * Rewrites an ASL definition into one aws-local-stepfunctions runs with the engine in control of everything
 * the library does not do like the service (see README.md, "What the library does"):
 *
 * - Every Task state is bound to an engine handler (the library binds local handlers by state name). Its
 *   `Parameters` are wrapped as `{payload: <Parameters>, timeoutSeconds.$: <TimeoutSecondsPath>, …}` so the
 *   library still evaluates paths, intrinsics and the context object, and the handler also gets the dynamic
 *   timeouts. `Retry`, `TimeoutSeconds*` and `HeartbeatSeconds*` move to the binding (they run on the virtual
 *   clock there); the library's own task timeout is pushed to its maximum, since it uses `setTimeout`.
 * - Every Wait state becomes a Task bound to a handler that sleeps on the virtual clock and returns its input;
 *   InputPath/OutputPath/Next/End stay as they are, so the state's data flow is unchanged.
 * - Top-level `TimeoutSeconds` moves to the engine (virtual clock).
 * - `$$.Execution…` paths read `$$.LocalExecution…`, which the engine fills (the library overwrites
 *   `Execution.StartTime` with the real time and sets `Execution.Input` to the iteration input inside a Map).
 *   `"x.$": "$$.State.Name"` becomes the literal name.
 * - Library quirks are normalised: `ResultPath: "$"` and `"$[…]"`, a falsy Pass `Result`, and Choice type
 *   tests with `false` (`"IsPresent": false` becomes `Not` of the `true` test, which the library gets right).
 * - State names are made unique across nested scopes (Map/Parallel), since the library's handler table is one
 *   flat object for the whole execution; `states` maps the unique names back for the history.
 */
import { isLambdaFunctionArn } from './arns';
import type { AslDefinition, AslState, Retrier } from './types';

/** `$$.Task.Token` evaluates to this marker (see the engine's context object); the task binding swaps in the token. */
export const TASK_TOKEN_MARKER = '__journeys_local_task_token__';

/** The library's task timeout is a real `setTimeout`; this is the longest one Node accepts, in seconds. */
export const LIBRARY_TIMEOUT_SECONDS = 2_147_483;

export type TaskPattern = 'request-response' | 'wait-for-task-token' | 'sync';

export type TaskTarget =
  /** `Resource` is a Lambda function ARN (CDK `LambdaInvoke` with `payloadResponseOnly`). */
  | { kind: 'lambda-function' }
  /** `arn:aws:states:::lambda:invoke[.waitForTaskToken]`: `Parameters.FunctionName` + `Payload`. */
  | { kind: 'lambda-invoke' }
  /** Any other resource; `base` is the resource without its pattern suffix. */
  | { kind: 'service'; base: string };

export interface TaskBinding {
  kind: 'task';
  /** The state's name in the original definition. */
  name: string;
  resource: string;
  target: TaskTarget;
  pattern: TaskPattern;
  /** History's `resourceType`/`resource` for integrations, e.g. `lambda` / `invoke.waitForTaskToken`. */
  resourceType: string;
  resourceName: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  retriers: Retrier[];
  /** Inside a Map iteration or a Parallel branch: never answered from a resumed execution's journal (replay.ts). */
  nested?: boolean;
}

export interface WaitBinding {
  kind: 'wait';
  name: string;
  /** Inside a Map iteration or a Parallel branch: never answered from a resumed execution's journal (replay.ts). */
  nested?: boolean;
  seconds?: number;
  timestamp?: string;
}

export type Binding = TaskBinding | WaitBinding;

/** What the wrapped `Parameters` of a bound state evaluate to. */
export interface BoundInput {
  payload?: unknown;
  timeoutSeconds?: unknown;
  heartbeatSeconds?: unknown;
  seconds?: unknown;
  timestamp?: unknown;
}

export interface StateInfo {
  /** Name in the original definition. */
  name: string;
  /** Type in the original definition (a Wait stays `Wait` here though it runs as a Task). */
  type: string;
  /** For Fail states: whether the definition gives an error / a cause (the library invents defaults). */
  failHasError?: boolean;
  failHasCause?: boolean;
}

export interface PreparedDefinition {
  /** The definition to hand to aws-local-stepfunctions. */
  definition: AslDefinition;
  /** Unique state name → binding, for every Task and Wait state at any depth. */
  bindings: Map<string, Binding>;
  /** Unique state name → original name and type, for every state at any depth. */
  states: Map<string, StateInfo>;
  /** Unique state name → retriers of Map/Parallel states (retried by the library). */
  retryStates: Map<string, Retrier[]>;
  timeoutSeconds?: number;
}

export class UnsupportedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedDefinitionError';
  }
}

interface Scope {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

const PATH_FIELDS = [
  'InputPath',
  'OutputPath',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ErrorPath',
  'CausePath',
];
const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector'];

export function prepareDefinition(source: AslDefinition): PreparedDefinition {
  if (source.QueryLanguage === 'JSONata') throw new UnsupportedDefinitionError('JSONata is not supported by the local engine (aws-local-stepfunctions evaluates JSONPath only)');
  const prepared: PreparedDefinition = { definition: source, bindings: new Map(), states: new Map(), retryStates: new Map() };
  const seen = new Set<string>();
  const { TimeoutSeconds: timeoutSeconds, ...top } = structuredClone(source);
  const scope = transformScope(top as Scope, prepared, seen, false);
  prepared.definition = { ...top, ...scope } as AslDefinition;
  if (timeoutSeconds !== undefined) prepared.timeoutSeconds = timeoutSeconds;
  return prepared;
}

function transformScope(scope: Scope, prepared: PreparedDefinition, seen: Set<string>, nested: boolean): Scope {
  // Unique names: the first occurrence keeps its name, later ones (in nested scopes) get a suffix.
  const renames = new Map<string, string>();
  for (const name of Object.keys(scope.States)) {
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name} #${n}`;
    seen.add(unique);
    renames.set(name, unique);
  }
  const rename = (name: unknown) => (typeof name === 'string' ? (renames.get(name) ?? name) : name);
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(scope.States)) {
    const unique = renames.get(name) ?? name;
    states[unique] = transformState(name, unique, state, rename, prepared, seen, nested);
  }
  return { ...scope, StartAt: String(rename(scope.StartAt)), States: states };
}

function transformState(
  name: string,
  unique: string,
  original: AslState,
  rename: (name: unknown) => unknown,
  prepared: PreparedDefinition,
  seen: Set<string>,
  nested: boolean,
): AslState {
  if (original.QueryLanguage === 'JSONata' || 'Arguments' in original || 'Output' in original) {
    throw new UnsupportedDefinitionError(`state '${name}': JSONata fields are not supported by the local engine`);
  }
  if ('Assign' in original) throw new UnsupportedDefinitionError(`state '${name}': variables (Assign) are not supported by the local engine`);
  const state: AslState = { ...original };
  const info: StateInfo = { name, type: state.Type };

  rewritePaths(state, name);
  if ('Next' in state) state.Next = rename(state.Next);
  if ('Default' in state) state.Default = rename(state.Default);
  if (Array.isArray(state.Choices)) state.Choices = (state.Choices as Array<Record<string, unknown>>).map((rule) => ({ ...rule, Next: rename(rule.Next) }));
  if (Array.isArray(state.Catch)) {
    state.Catch = (state.Catch as Array<Record<string, unknown>>).map((catcher) => normaliseResultPath({ ...catcher, Next: rename(catcher.Next) }));
  }
  normaliseResultPath(state);

  let result: AslState = state;
  switch (state.Type) {
    case 'Task':
      result = bindTask(name, unique, state, prepared, nested);
      break;
    case 'Wait':
      result = bindWait(name, unique, state, prepared, nested);
      break;
    case 'Pass':
      // The library tests `if (Result)`, so false/0/""/null would pass the input through; Parameters of a
      // literal evaluate to that literal, and a Pass's result is its effective input.
      if ('Result' in state && !state.Result) {
        state.Parameters = state.Result;
        delete state.Result;
      }
      break;
    case 'Map': {
      const processorKey = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
      const processor = state[processorKey] as Scope & { ProcessorConfig?: { Mode?: string } };
      if (state.ItemReader || state.ItemBatcher || state.ResultWriter) {
        throw new UnsupportedDefinitionError(`state '${name}': Distributed Map ItemReader/ItemBatcher/ResultWriter are not supported by the local engine yet`);
      }
      state[processorKey] = transformScope(processor, prepared, seen, true);
      if (Array.isArray(state.Retry)) prepared.retryStates.set(unique, state.Retry as Retrier[]);
      break;
    }
    case 'Parallel':
      state.Branches = (state.Branches as Scope[]).map((branch) => transformScope(branch, prepared, seen, true));
      if (Array.isArray(state.Retry)) prepared.retryStates.set(unique, state.Retry as Retrier[]);
      break;
    case 'Fail':
      info.failHasError = 'Error' in state || 'ErrorPath' in state;
      info.failHasCause = 'Cause' in state || 'CausePath' in state;
      break;
  }
  prepared.states.set(unique, info);
  return result;
}

function bindTask(name: string, unique: string, state: AslState, prepared: PreparedDefinition, nested: boolean): AslState {
  const resource = String(state.Resource);
  const { target, pattern, resourceType, resourceName } = parseResource(resource);
  const binding: TaskBinding = {
    kind: 'task',
    name,
    resource,
    target,
    pattern,
    resourceType,
    resourceName,
    retriers: Array.isArray(state.Retry) ? (state.Retry as Retrier[]) : [],
  };
  if (typeof state.TimeoutSeconds === 'number') binding.timeoutSeconds = state.TimeoutSeconds;
  if (typeof state.HeartbeatSeconds === 'number') binding.heartbeatSeconds = state.HeartbeatSeconds;
  if (nested) binding.nested = true;
  prepared.bindings.set(unique, binding);

  const parameters: Record<string, unknown> = 'Parameters' in state ? { payload: state.Parameters } : { 'payload.$': '$' };
  if (typeof state.TimeoutSecondsPath === 'string') parameters['timeoutSeconds.$'] = state.TimeoutSecondsPath;
  if (typeof state.HeartbeatSecondsPath === 'string') parameters['heartbeatSeconds.$'] = state.HeartbeatSecondsPath;
  const { Retry: _retry, TimeoutSecondsPath: _t, HeartbeatSeconds: _h, HeartbeatSecondsPath: _hp, Credentials: _c, ...rest } = state;
  return { ...rest, Parameters: parameters, TimeoutSeconds: LIBRARY_TIMEOUT_SECONDS };
}

function bindWait(name: string, unique: string, state: AslState, prepared: PreparedDefinition, nested: boolean): AslState {
  const binding: WaitBinding = { kind: 'wait', name, ...(nested ? { nested } : {}) };
  const parameters: Record<string, unknown> = { 'payload.$': '$' };
  if (typeof state.Seconds === 'number') binding.seconds = state.Seconds;
  else if (typeof state.Timestamp === 'string') binding.timestamp = state.Timestamp;
  else if (typeof state.SecondsPath === 'string') parameters['seconds.$'] = state.SecondsPath;
  else if (typeof state.TimestampPath === 'string') parameters['timestamp.$'] = state.TimestampPath;
  prepared.bindings.set(unique, binding);
  const task: AslState = { Type: 'Task', Resource: 'arn:aws:states:::local:wait', Parameters: parameters, TimeoutSeconds: LIBRARY_TIMEOUT_SECONDS };
  for (const field of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (field in state) task[field] = state[field];
  }
  return task;
}

/** How a Task `Resource` is invoked, and the `resourceType`/`resource` the service reports in history. */
export function parseResource(resource: string): Pick<TaskBinding, 'target' | 'pattern' | 'resourceType' | 'resourceName'> {
  if (isLambdaFunctionArn(resource)) {
    return { target: { kind: 'lambda-function' }, pattern: 'request-response', resourceType: 'lambda', resourceName: resource };
  }
  const integration = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z0-9]+)(\.waitForTaskToken|\.sync(?::2)?)?$/.exec(resource);
  if (!integration) {
    return { target: { kind: 'service', base: resource }, pattern: 'request-response', resourceType: 'unknown', resourceName: resource };
  }
  const [, service = '', action = '', suffix = ''] = integration;
  const pattern: TaskPattern = suffix === '.waitForTaskToken' ? 'wait-for-task-token' : suffix.startsWith('.sync') ? 'sync' : 'request-response';
  const target: TaskTarget = service === 'lambda' && action === 'invoke' ? { kind: 'lambda-invoke' } : { kind: 'service', base: resource.slice(0, resource.length - suffix.length) };
  return { target, pattern, resourceType: service, resourceName: `${action}${suffix}` };
}

/** `$$.Execution…` → `$$.LocalExecution…` in every path and payload template of the state. */
function rewritePaths(state: AslState, name: string): void {
  for (const field of PATH_FIELDS) {
    if (typeof state[field] === 'string') state[field] = rewriteContextPath(state[field]);
  }
  for (const field of TEMPLATE_FIELDS) {
    if (field in state) state[field] = rewriteTemplate(state[field], name);
  }
  if (Array.isArray(state.Choices)) state.Choices = (state.Choices as unknown[]).map(rewriteChoiceRule);
}

function rewriteTemplate(template: unknown, stateName: string): unknown {
  if (Array.isArray(template)) return template.map((item) => rewriteTemplate(item, stateName));
  if (template === null || typeof template !== 'object') return template;
  const entries: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      if (value === '$$.State.Name') entries.push([key.slice(0, -2), stateName]);
      else entries.push([key, rewriteContextPath(value)]);
    } else {
      entries.push([key, rewriteTemplate(value, stateName)]);
    }
  }
  return Object.fromEntries(entries);
}

/** Type tests the library only implements for `true` (`"IsPresent": false` never matches there). */
const TYPE_TESTS = ['IsPresent', 'IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

function rewriteChoiceRule(rule: unknown): unknown {
  if (rule === null || typeof rule !== 'object') return rule;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    if ((key === 'Variable' || key.endsWith('Path')) && typeof value === 'string') rewritten[key] = rewriteContextPath(value);
    else if (key === 'And' || key === 'Or') rewritten[key] = (value as unknown[]).map(rewriteChoiceRule);
    else if (key === 'Not') rewritten[key] = rewriteChoiceRule(value);
    else rewritten[key] = value;
  }
  // `{"Variable": v, "IsPresent": false}` → `{"Not": {"Variable": v, "IsPresent": true}}`: the library evaluates
  // `IsX: false` as `false && …` (never a match), while in the service it matches when the test fails.
  const negated = TYPE_TESTS.find((test) => rewritten[test] === false);
  if (negated === undefined) return rewritten;
  const { Variable: variable, [negated]: _false, ...rest } = rewritten;
  return { ...rest, Not: { Variable: variable, [negated]: true } };
}

export function rewriteContextPath(path: string): string {
  return path.replace(/\$\$\.Execution(?![A-Za-z0-9_])/g, '$$$$.LocalExecution');
}

/**
 * The library writes a ResultPath by stripping a leading `$.` and splitting the rest, so `$` would set a key
 * named `$` and `$['a']` a key `$` then `a`. `$` means "replace the input": the same as no ResultPath.
 */
function normaliseResultPath(holder: Record<string, unknown>): Record<string, unknown> {
  const path = holder.ResultPath;
  if (path === '$') delete holder.ResultPath;
  else if (typeof path === 'string' && path.startsWith('$[')) holder.ResultPath = `$.${path.slice(1)}`;
  return holder;
}
