/**
 * Synthesizes the Journeys app once per test file, as `cdk synth -c journeys:bundling=false` would: cdk.json's
 * feature flags, stub function code (fast, and independent of the handler files), cdk-nag registered.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext as repoCdkJsonContext, CONTEXT } from '../../infra/context';
import { REPO_ROOT } from '../../infra/constructs/journey-functions';
import { createJourneysApp } from '../../infra/journeys-app';

export interface Synthesized {
  readonly app: ReturnType<typeof createJourneysApp>['app'];
  readonly stack: ReturnType<typeof createJourneysApp>['stack'];
  readonly nag: NonNullable<ReturnType<typeof createJourneysApp>['nag']>;
  readonly template: Template;
  readonly json: CfnTemplate;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** `dig(resource, 'Properties', 'Environment', 'Variables')`: a nested value, or undefined. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

let cached: Synthesized | undefined;

export function cdkJsonContext(): Record<string, unknown> {
  return repoCdkJsonContext(REPO_ROOT);
}

export function synthesize(extraContext: Record<string, unknown> = {}): Synthesized {
  if (cached && Object.keys(extraContext).length === 0) return cached;
  const { app, stack, nag } = createJourneysApp({ context: { ...cdkJsonContext(), [CONTEXT.bundling]: 'false', ...extraContext } });
  const template = Template.fromStack(stack);
  const result: Synthesized = { app, stack, nag: nag!, template, json: template.toJSON() as CfnTemplate };
  if (Object.keys(extraContext).length === 0) cached = result;
  return result;
}

/** Logical id of the function for a catalog name (its JOURNEYS_FUNCTION variable). */
export function functionLogicalId(json: CfnTemplate, name: string): string {
  const found = Object.entries(json.Resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && dig(r, 'Properties', 'Environment', 'Variables', 'JOURNEYS_FUNCTION') === name,
  );
  if (!found) throw new Error(`no function ${name} in the template`);
  return found[0];
}

/** Every IAM statement that applies to a role (inline policies and AWS::IAM::Policy resources attached to it). */
export function roleStatements(json: CfnTemplate, roleLogicalId: string): Statement[] {
  const statements: Statement[] = [];
  const role = json.Resources[roleLogicalId];
  for (const policy of (dig(role, 'Properties', 'Policies') ?? []) as unknown[]) statements.push(...((dig(policy, 'PolicyDocument', 'Statement') ?? []) as Statement[]));
  for (const resource of Object.values(json.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (dig(resource, 'Properties', 'Roles') ?? []) as { Ref?: string }[];
    if (roles.some((r) => r.Ref === roleLogicalId)) statements.push(...((dig(resource, 'Properties', 'PolicyDocument', 'Statement') ?? []) as Statement[]));
  }
  return statements;
}

/** Every Allow/Deny statement of every IAM policy in the template (roles' inline policies included). */
export function allStatements(json: CfnTemplate): Statement[] {
  return Object.values(json.Resources).flatMap((resource) => {
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      return (dig(resource, 'Properties', 'PolicyDocument', 'Statement') ?? []) as Statement[];
    }
    if (resource.Type === 'AWS::IAM::Role') {
      return ((dig(resource, 'Properties', 'Policies') ?? []) as unknown[]).flatMap((p) => (dig(p, 'PolicyDocument', 'Statement') ?? []) as Statement[]);
    }
    return [];
  });
}

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** The role a function runs as. */
export function functionRole(json: CfnTemplate, functionLogicalIdValue: string): string {
  const role = dig(json.Resources[functionLogicalIdValue], 'Properties', 'Role', 'Fn::GetAtt', 0);
  if (typeof role !== 'string') throw new Error(`${functionLogicalIdValue} has no role of its own`);
  return role;
}

/** cdk-nag's flat rendering of a CloudFormation value, for readable assertions. */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (node['Fn::Join']) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(flat).join(delimiter);
    }
    if (node['Fn::GetAtt']) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
    if (node.Ref) return `<${String(node.Ref)}>`;
  }
  return JSON.stringify(value);
}
