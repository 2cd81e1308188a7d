/**
 * ARNs and names as the local engine forms and checks them. Region and account are the engine's (defaults:
 * `local` / `000000000000`), so local ARNs can never be mistaken for deployed ones.
 */
import { InvalidArn, InvalidName } from './errors';

export interface ArnScope {
  region: string;
  accountId: string;
  partition?: string;
}

export const LOCAL_SCOPE: ArnScope = { region: 'local', accountId: '000000000000', partition: 'aws' };

export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:${scope.partition ?? 'aws'}:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArn(scope: ArnScope, stateMachineName: string, executionName: string): string {
  return `arn:${scope.partition ?? 'aws'}:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${executionName}`;
}

/** The fake Lambda ARN the template loader gives each function; the engine maps it back to a handler by name. */
export function localFunctionArn(name: string, scope: ArnScope = LOCAL_SCOPE): string {
  return `arn:${scope.partition ?? 'aws'}:lambda:${scope.region}:${scope.accountId}:function:${name}`;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:([^:]+):([^:]+)$/;

export function parseStateMachineArn(arn: unknown): { name: string } {
  const match = typeof arn === 'string' ? STATE_MACHINE_ARN.exec(arn) : null;
  if (!match?.[1]) throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  return { name: match[1] };
}

const QUALIFIED_STATE_MACHINE_ARN = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([^:/]+))(?::([^:/]+))?$/;

/**
 * A state machine ARN as StartExecution, DescribeStateMachine and ListExecutions accept it: unqualified, or
 * qualified with a version number (`…:onboarding:3`) or an alias name (`…:onboarding:live`). Alias names cannot be
 * all digits, so the qualifier's shape says which it is.
 */
export function parseQualifiedStateMachineArn(arn: unknown): { stateMachineArn: string; name: string; version?: number; alias?: string } {
  const match = typeof arn === 'string' ? QUALIFIED_STATE_MACHINE_ARN.exec(arn) : null;
  if (!match?.[1] || !match[2]) throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  const qualifier = match[3];
  if (qualifier === undefined) return { stateMachineArn: match[1], name: match[2] };
  if (/^\d+$/.test(qualifier)) return { stateMachineArn: match[1], name: match[2], version: Number(qualifier) };
  return { stateMachineArn: match[1], name: match[2], alias: qualifier };
}

export function parseExecutionArn(arn: unknown): { stateMachineName: string; name: string } {
  const match = typeof arn === 'string' ? EXECUTION_ARN.exec(arn) : null;
  if (!match?.[1] || !match[2]) throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  return { stateMachineName: match[1], name: match[2] };
}

/**
 * The function name a Lambda reference designates: a full ARN (optionally qualified with a version or alias),
 * a partial ARN (`123456789012:function:name`) or a bare name, as Lambda's `FunctionName` accepts them.
 */
export function lambdaFunctionName(reference: string): string | undefined {
  const full = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(reference);
  if (full) return full[1];
  const partial = /^\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(reference);
  if (partial) return partial[1];
  const bare = /^([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(reference);
  return bare?.[1];
}

export function isLambdaFunctionArn(resource: string): boolean {
  return /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:/.test(resource);
}

/**
 * Names of state machines and executions, as the service documents them: 1–80 characters, none of whitespace,
 * `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /`, or control characters.
 */
export function assertValidName(name: unknown, what: 'execution' | 'state machine'): asserts name is string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the service forbids
  const forbidden = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || forbidden.test(name)) {
    throw new InvalidName(`Invalid Name: '${String(name)}' is not a valid ${what} name`);
  }
}
