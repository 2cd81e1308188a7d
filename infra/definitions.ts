/**
 * The journeys' Amazon States Language definitions as plain JSON, out of a synthesized template.
 *
 * CDK emits `DefinitionString` as `{"Fn::Join": ["", ["…", {"Fn::GetAtt": ["<Function>", "Arn"]}, "…"]]}`. This
 * resolves it the way the local runtime does (local/engine/template-loader.ts): every Lambda function becomes
 * `arn:aws:lambda:local:000000000000:function:<catalog name>` (its `JOURNEYS_FUNCTION` variable), and state
 * machines are recognised by their `journeys:journey` tag. Used by the workflow tests and scripts/graph.ts.
 */
import { JOURNEY_TAG } from './constructs/journey';

export interface AslDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  Comment?: string;
  [key: string]: unknown;
}

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export const LOCAL_REGION = 'local';
export const LOCAL_ACCOUNT = '000000000000';

export const localFunctionArn = (name: string): string => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;

/** Journey name → definition, for every state machine tagged `journeys:journey` in the template. */
export function journeyDefinitions(template: unknown): Record<string, AslDefinition> {
  const resources = (template as CfnTemplate).Resources;
  const definitions: Record<string, AslDefinition> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const tags = (resource.Properties?.Tags ?? []) as { Key: string; Value: string }[];
    const journey = tags.find((tag) => tag.Key === JOURNEY_TAG)?.Value;
    if (!journey) continue;
    const text = resolve(resource.Properties?.DefinitionString, resources, logicalId);
    definitions[journey] = JSON.parse(text) as AslDefinition;
  }
  return definitions;
}

/** Function ARN (local form) → catalog name, for the functions of the template. */
export function functionNames(template: unknown): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries((template as CfnTemplate).Resources)) {
    if (resource.Type === 'AWS::Lambda::Function') {
      const name = catalogName(resource) ?? logicalId;
      names[localFunctionArn(name)] = name;
    }
  }
  return names;
}

function catalogName(resource: CfnResource): string | undefined {
  const environment = resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
  const name = environment?.Variables?.JOURNEYS_FUNCTION;
  return typeof name === 'string' ? name : undefined;
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

function resolve(value: unknown, resources: Record<string, CfnResource>, where: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolve(part, resources, where)).join(delimiter);
    }
    if (typeof node.Ref === 'string' && node.Ref in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[node.Ref]!;
    // A published Lambda version (the definitions pin code per version): the function it publishes, as locally.
    if (typeof node.Ref === 'string' && resources[node.Ref]?.Type === 'AWS::Lambda::Version') {
      const functionId = (resources[node.Ref]?.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref;
      const target = functionId === undefined ? undefined : resources[functionId];
      if (target?.Type === 'AWS::Lambda::Function') return localFunctionArn(catalogName(target) ?? functionId!);
    }
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      const target = resources[id];
      if (target?.Type === 'AWS::Lambda::Function' && attribute === 'Arn') return localFunctionArn(catalogName(target) ?? id);
    }
  }
  throw new Error(`${where}: cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}
