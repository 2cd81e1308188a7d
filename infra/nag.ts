/**
 * cdk-nag (v3) acknowledgements, each with the reason it is safe here.
 *
 * cdk-nag v3 reports through CDK's policy validation, and a finding is acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })` on the resource or an ancestor. Wildcard findings
 * (`AwsSolutions-IAM5[Resource::…]`) name the exact resource, logical ids included, so instead of hard-coding
 * them this module derives them from the synthesized policies and acknowledges a finding only if EVERY action
 * granted on that wildcard matches a justification below. Anything else stays an error: adding a new wildcard
 * means adding a written justification here.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

export interface WildcardJustification {
  /** Matched against the flattened resource (cdk-nag's format: `<Logical.Arn>/index/*`, `arn:<AWS::Partition>:…`). */
  readonly resource: RegExp;
  /** Every action on that resource must match. */
  readonly actions: RegExp;
  readonly reason: string;
}

// ARN parts as cdk-nag prints them: literal when the stack's environment is known, pseudo-parameters otherwise.
const ARN_PREFIX = 'arn:(aws[a-z-]*|<AWS::Partition>):';
const REGION = '([a-z]{2}(-[a-z]+)+-\\d|<AWS::Region>)';
const ACCOUNT = '(\\d{12}|<AWS::AccountId>)';
/** CDK's `Fn::Select(6, Fn::Split(':', <state machine ARN>))`, which cdk-nag prints as JSON. */
const STATE_MACHINE_NAME_FROM_ARN = escape('{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"') + '[A-Za-z0-9]+' + escape('"}]}]}');

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const WILDCARD_JUSTIFICATIONS: readonly WildcardJustification[] = [
  {
    resource: /^\*$/,
    actions: /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)$/,
    reason:
      'X-Ray trace uploads and sampling lookups (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) do not support resource-level permissions, so tracing needs Resource "*".',
  },
  {
    resource: /^\*$/,
    actions: /^logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
    reason:
      'Step Functions logs to CloudWatch Logs through the vended-log delivery APIs (CreateLogDelivery, PutResourcePolicy, …), which do not support resource-level permissions.',
  },
  {
    resource: /^\*$/,
    actions: /^sns:Publish$/,
    reason:
      'SNS Publish straight to a phone number (SMS) has no resource ARN to scope to, so it needs Resource "*"; push goes to platform endpoints covered by the same statement. Topics are not published to by these roles.',
  },
  {
    resource: /^<[A-Za-z0-9]+\.Arn>\/index\/\*$/,
    actions: /^dynamodb:[A-Za-z]+$/,
    reason:
      "CDK's table grants include the table's indexes; the journeys table's only index is the KEYS_ONLY bySegment GSI (customer ids of a segment for crisis audiences), holding no personal data.",
  },
  {
    resource: /^<[A-Za-z0-9]+\.Arn>:\*$/,
    actions: /^lambda:InvokeFunction$/,
    reason:
      "A journey's state machine may invoke the versions and aliases of its own task functions (CDK LambdaInvoke grant); the functions themselves are named explicitly.",
  },
  {
    resource: new RegExp(`^${ARN_PREFIX}states:${REGION}:${ACCOUNT}:execution:(<[A-Za-z0-9]+\\.Name>|${STATE_MACHINE_NAME_FROM_ARN}):\\*$`),
    actions: /^states:(DescribeExecution|GetExecutionHistory)$/,
    reason:
      "Execution ARNs exist only once an execution runs; the grant is limited to executions of the journeys' own state machines (GET /executions reads their status).",
  },
  {
    resource: new RegExp(`^${ARN_PREFIX}states:${REGION}:${ACCOUNT}:execution:(<[A-Za-z0-9]+\\.Name>|${STATE_MACHINE_NAME_FROM_ARN}):\\*$`),
    actions: /^states:StopExecution$/,
    reason:
      "Erasing a customer (DELETE /profiles/{id}) stops the customer's running executions, and `POST /journeys/{name}/stop` with mode now stops every running execution of that journey; execution ARNs exist only once they run, and the grant is limited to executions of the journeys' own state machines.",
  },
  {
    resource: new RegExp(`^${ARN_PREFIX}execute-api:${REGION}:${ACCOUNT}:<[A-Za-z0-9]+>/(<[A-Za-z0-9]+>|v1)/(GET|PUT|DELETE|POST)/journeys/\\*(/(routing|pause|stop))?$`),
    actions: /^execute-api:Invoke$/,
    reason: 'The "*" is the {name} path parameter of /journeys/{name}: ops and on-call staff may read, route, pause, resume or stop any of the four journeys.',
  },
  {
    resource: new RegExp(`^${ARN_PREFIX}execute-api:${REGION}:${ACCOUNT}:<[A-Za-z0-9]+>/(<[A-Za-z0-9]+>|v1)/(GET|PUT|DELETE)/profiles/\\*$`),
    actions: /^execute-api:Invoke$/,
    reason: 'The trailing "*" is the {customerId} path parameter of /profiles/{customerId}: operations staff may read, replace or erase any customer profile.',
  },
  {
    resource: new RegExp(`^${ARN_PREFIX}execute-api:${REGION}:${ACCOUNT}:<[A-Za-z0-9]+>/(<[A-Za-z0-9]+>|v1)/GET/experiments/\\*$`),
    actions: /^execute-api:Invoke$/,
    reason: 'The trailing "*" is the {id} path parameter of /experiments/{id}: operations staff may read the report of any experiment.',
  },
];

/** Acknowledges every justified `AwsSolutions-IAM5[Resource::…]` finding of the IAM policies under `scope`. */
export function acknowledgeJustifiedWildcards(scope: IConstruct, justifications: readonly WildcardJustification[] = WILDCARD_JUSTIFICATIONS): void {
  for (const node of scope.node.findAll()) {
    const documents = policyDocuments(node);
    if (documents.length === 0) continue;
    const reasons = new Map<string, Set<string>>();
    const unjustified = new Set<string>();
    for (const document of documents) {
      for (const statement of asArray<PolicyStatementJson>(document.Statement)) {
        if (statement.Effect !== 'Allow') continue;
        const actions = asArray<string>(statement.Action);
        for (const resource of asArray<unknown>(statement.Resource).map(flattenCfnReference)) {
          if (!resource.includes('*')) continue;
          for (const action of actions) {
            const match = justifications.find((j) => j.resource.test(resource) && j.actions.test(action));
            if (!match) unjustified.add(resource);
            else reasons.set(resource, (reasons.get(resource) ?? new Set()).add(match.reason));
          }
        }
      }
    }
    for (const [resource, why] of reasons) {
      if (unjustified.has(resource)) continue;
      Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: [...why].join(' ') });
    }
  }
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

interface PolicyDocumentJson {
  Statement?: PolicyStatementJson | PolicyStatementJson[];
}

function policyDocuments(node: IConstruct): PolicyDocumentJson[] {
  if (node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy) {
    return [Stack.of(node).resolve(node.policyDocument) as PolicyDocumentJson];
  }
  if (node instanceof iam.CfnRole) {
    const policies = asArray<{ policyDocument?: unknown; PolicyDocument?: unknown }>(Stack.of(node).resolve(node.policies));
    return policies.map((p) => Stack.of(node).resolve(p.PolicyDocument ?? p.policyDocument) as PolicyDocumentJson);
  }
  return [];
}

function asArray<T>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** cdk-nag's flattening of CloudFormation references (`{Fn::GetAtt: [X, Arn]}` → `<X.Arn>`), for matching its finding ids. */
export function flattenCfnReference(reference: unknown): string {
  if (reference === undefined) return '';
  if (typeof reference === 'string') return reference.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (reference !== null && typeof reference === 'object') {
    const node = reference as Record<string, unknown>;
    if (node['Fn::Join']) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flattenCfnReference).join(delimiter);
    }
    if (node['Fn::Sub']) return flattenCfnReference(node['Fn::Sub']);
    if (node['Fn::GetAtt']) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
    }
    if (node['Fn::ImportValue']) return flattenCfnReference(node['Fn::ImportValue']);
    if (node.Ref) return `<${flattenCfnReference(node.Ref)}>`;
  }
  return JSON.stringify(reference);
}

/** Acknowledges one cdk-nag rule on a construct and everything under it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
