/**
 * The Step Functions API on the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.<Operation>`), over the
 * local engine, which already has the service's semantics and error names: this file only maps operations to
 * engine calls and turns dates into what the protocol carries (epoch seconds, as numbers).
 */
import type { LocalStepFunctions } from '../engine';
import { AwsServiceError } from '../aws-error';

type Input = Record<string, unknown>;
type Operation = (engine: LocalStepFunctions, input: Input) => Promise<unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

const OPERATIONS: Record<string, Operation> = {
  ListStateMachines: async (engine, input) => {
    const { stateMachines } = await engine.listStateMachines();
    return page(stateMachines, 'stateMachines', num(input.maxResults), str(input.nextToken));
  },
  DescribeStateMachine: (engine, input) => engine.describeStateMachine(str(input.stateMachineArn) as string),
  StartExecution: (engine, input) =>
    engine.startExecution({
      stateMachineArn: str(input.stateMachineArn) as string,
      ...(input.name !== undefined ? { name: str(input.name) as string } : {}),
      ...(input.input !== undefined ? { input: str(input.input) as string } : {}),
    }),
  DescribeExecution: (engine, input) => engine.describeExecution(str(input.executionArn) as string),
  ListExecutions: (engine, input) =>
    engine.listExecutions({
      stateMachineArn: str(input.stateMachineArn) as string,
      ...(input.statusFilter !== undefined ? { statusFilter: input.statusFilter as never } : {}),
      ...(input.maxResults !== undefined ? { maxResults: num(input.maxResults) as number } : {}),
      ...(input.nextToken !== undefined ? { nextToken: str(input.nextToken) as string } : {}),
    }),
  GetExecutionHistory: (engine, input) =>
    engine.getExecutionHistory(str(input.executionArn) as string, {
      ...(input.reverseOrder !== undefined ? { reverseOrder: input.reverseOrder === true } : {}),
      ...(input.maxResults !== undefined ? { maxResults: num(input.maxResults) as number } : {}),
      ...(input.nextToken !== undefined ? { nextToken: str(input.nextToken) as string } : {}),
      ...(input.includeExecutionData !== undefined ? { includeExecutionData: input.includeExecutionData !== false } : {}),
    }),
  StopExecution: (engine, input) =>
    engine.stopExecution(str(input.executionArn) as string, {
      ...(input.error !== undefined ? { error: str(input.error) as string } : {}),
      ...(input.cause !== undefined ? { cause: str(input.cause) as string } : {}),
    }),
  SendTaskSuccess: (engine, input) => engine.sendTaskSuccess({ taskToken: required(input, 'taskToken'), output: required(input, 'output') }),
  SendTaskFailure: (engine, input) =>
    engine.sendTaskFailure({
      taskToken: required(input, 'taskToken'),
      ...(input.error !== undefined ? { error: str(input.error) as string } : {}),
      ...(input.cause !== undefined ? { cause: str(input.cause) as string } : {}),
    }),
  SendTaskHeartbeat: (engine, input) => engine.sendTaskHeartbeat({ taskToken: required(input, 'taskToken') }),
  PublishStateMachineVersion: (engine, input) =>
    engine.publishStateMachineVersion({
      stateMachineArn: required(input, 'stateMachineArn'),
      ...(input.revisionId !== undefined ? { revisionId: str(input.revisionId) as string } : {}),
      ...(input.description !== undefined ? { description: str(input.description) as string } : {}),
    }),
  ListStateMachineVersions: (engine, input) => engine.listStateMachineVersions({ stateMachineArn: required(input, 'stateMachineArn'), ...paging(input) }),
  DeleteStateMachineVersion: (engine, input) => engine.deleteStateMachineVersion(required(input, 'stateMachineVersionArn')),
  CreateStateMachineAlias: (engine, input) =>
    engine.createStateMachineAlias({
      name: required(input, 'name'),
      ...(input.description !== undefined ? { description: str(input.description) as string } : {}),
      routingConfiguration: routing(input.routingConfiguration, true) as never,
    }),
  DescribeStateMachineAlias: (engine, input) => engine.describeStateMachineAlias(required(input, 'stateMachineAliasArn')),
  UpdateStateMachineAlias: (engine, input) =>
    engine.updateStateMachineAlias({
      stateMachineAliasArn: required(input, 'stateMachineAliasArn'),
      ...(input.description !== undefined ? { description: str(input.description) as string } : {}),
      ...(input.routingConfiguration !== undefined ? { routingConfiguration: routing(input.routingConfiguration, false) as never } : {}),
    }),
  ListStateMachineAliases: (engine, input) => engine.listStateMachineAliases({ stateMachineArn: required(input, 'stateMachineArn'), ...paging(input) }),
  DeleteStateMachineAlias: (engine, input) => engine.deleteStateMachineAlias(required(input, 'stateMachineAliasArn')),
};

function paging(input: Input): { maxResults?: number; nextToken?: string } {
  return {
    ...(input.maxResults !== undefined ? { maxResults: num(input.maxResults) as number } : {}),
    ...(input.nextToken !== undefined ? { nextToken: str(input.nextToken) as string } : {}),
  };
}

/** The wire's `routingConfiguration`: a list of `{stateMachineVersionArn, weight}` (the engine checks the rules). */
function routing(value: unknown, mandatory: boolean): Array<{ stateMachineVersionArn: string; weight: number }> | undefined {
  if (value === undefined && !mandatory) return undefined;
  const valid = Array.isArray(value) && value.every((route) => route !== null && typeof route === 'object' && typeof (route as Input).stateMachineVersionArn === 'string' && typeof (route as Input).weight === 'number');
  if (!valid) {
    throw new AwsServiceError('ValidationException', "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must be a list of {stateMachineVersionArn, weight}");
  }
  return value as Array<{ stateMachineVersionArn: string; weight: number }>;
}

export async function callStepFunctions(engine: LocalStepFunctions, operation: string, input: Input): Promise<unknown> {
  const call = OPERATIONS[operation];
  if (!call) throw new AwsServiceError('UnknownOperationException', `The local runtime does not implement AWSStepFunctions.${operation}`);
  return toWire(await call(engine, input));
}

function required(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string') {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** The engine lists every state machine; the service pages them. */
function page<T>(items: T[], key: string, maxResults = 0, nextToken?: string): Record<string, unknown> {
  const size = maxResults > 0 ? maxResults : 100;
  const offset = nextToken === undefined ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(offset) || offset < 0) throw new AwsServiceError('InvalidToken', 'Invalid Token: the nextToken is not valid');
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return { [key]: items.slice(offset, offset + size), ...(next ? { nextToken: next } : {}) };
}

/** Dates → epoch seconds (JSON protocols' timestamp format), everything else as is. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined).map(([key, inner]) => [key, toWire(inner)]));
  }
  return value;
}
