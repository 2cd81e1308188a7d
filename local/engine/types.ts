/**
 * Shared types of the local Step Functions engine: JSON values, the loose shape of an ASL definition the
 * transforms walk, handler signatures and the public API shapes (named after the service's, so the HTTP layer
 * can serialize them as they are).
 */
import type { Context as LambdaContext } from 'aws-lambda';
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export type { HistoryEvent, LambdaContext };

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An ASL state as the transforms see it: every field optional, so unknown fields survive untouched. */
export interface AslState {
  Type: string;
  [field: string]: unknown;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [field: string]: unknown;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'NONE' | 'FULL';
}

/**
 * A Lambda handler run in process. Declared through a method so that handlers typed with their own event type
 * (middy handlers, `Handler<MyEvent>`) are assignable: method parameters are checked bivariantly.
 */
interface LocalLambdaHandlerShape {
  handle(payload: unknown, context: LambdaContext): unknown;
}
export type LocalLambdaHandler = LocalLambdaHandlerShape['handle'];

/** What a service integration (a Task `Resource` other than Lambda) receives. */
export interface IntegrationContext {
  executionArn: string;
  stateName: string;
  /** The resource as written in the definition, e.g. `arn:aws:states:::events:putEvents.waitForTaskToken`. */
  resource: string;
  /** Set for `.waitForTaskToken` resources: the token already substituted into `parameters`. */
  taskToken?: string;
}
interface ServiceIntegrationShape {
  invoke(parameters: unknown, context: IntegrationContext): unknown;
}
/** Keyed by the resource without its `.sync`/`.waitForTaskToken` suffix, e.g. `arn:aws:states:::events:putEvents`. */
export type ServiceIntegrationHandler = ServiceIntegrationShape['invoke'];

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Cost-model counters of one execution. */
export interface ExecutionUsage {
  /** Entered states plus retries: what Standard workflows bill as state transitions. */
  stateTransitions: number;
  /** Lambda (and integration) invocations per function name / resource, retries included. */
  taskInvocations: Record<string, number>;
}

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD';
  creationDate: Date;
}

export interface DescribeStateMachineOutput extends StateMachineListItem {
  definition: string;
  roleArn: string;
  status: 'ACTIVE';
  /** Changes with every update of the definition or role; a version keeps the revision it was published from. */
  revisionId: string;
  description?: string;
}

/** One entry of an alias's routing: 1 or 2 of them, weights 0–100 summing to 100. */
export interface RoutingConfig {
  stateMachineVersionArn: string;
  weight: number;
}

export interface DescribeStateMachineAliasOutput {
  stateMachineAliasArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingConfig[];
  creationDate: Date;
  updateDate: Date;
}

export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  /** Set when the execution was started on a version, or on an alias (the version the alias chose). */
  stateMachineVersionArn?: string;
  /** Set when the execution was started on an alias. */
  stateMachineAliasArn?: string;
}

export interface DescribeExecutionOutput extends ExecutionListItem {
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
}

export interface GetExecutionHistoryOutput {
  events: HistoryEvent[];
  nextToken?: string;
}

/** Live updates: every history event as it is recorded, and every status change. */
export type EngineEvent =
  | { type: 'history'; executionArn: string; stateMachineArn: string; event: HistoryEvent }
  | { type: 'status'; executionArn: string; stateMachineArn: string; status: ExecutionStatus };
