/**
 * Reads the state machines out of a synthesized CloudFormation template (`cdk.out/<Stack>.template.json`), so the
 * local engine runs exactly the definitions `cdk deploy` would create.
 *
 * CDK emits `DefinitionString` as `{"Fn::Join": ["", ["…", {"Fn::GetAtt": ["FnLogicalId", "Arn"]}, "…"]]}`; the
 * intrinsics are resolved here into plain strings, each Lambda function becoming the local fake ARN
 * `arn:aws:lambda:local:000000000000:function:<name>` where `<name>` is the function's
 * `Environment.Variables.JOURNEYS_FUNCTION` (the catalog name the local runtime maps to a handler), or its
 * logical id when that variable is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SCOPE, localFunctionArn, type ArnScope } from './arns';

export interface LoadedStateMachine {
  logicalId: string;
  /** Journey name: tag or metadata `journeys:journey`, else derived from `StateMachineName` / logical id. */
  journey: string;
  /** `StateMachineName` when the template sets one, else the journey name. */
  stateMachineName: string;
  /** The definition with every intrinsic resolved, as a JSON string. */
  definition: string;
  roleArn?: string;
}

export interface LoadedTemplate {
  stateMachines: LoadedStateMachine[];
  /** Lambda functions of the template: logical id → local function name. */
  functions: Record<string, string>;
}

export interface TemplateLoadOptions extends Partial<ArnScope> {
  stackName?: string;
}

interface Resource {
  Type?: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

const JOURNEY_KEY = 'journeys:journey';

export class TemplateResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateResolutionError';
  }
}

export function loadTemplate(template: unknown, options: TemplateLoadOptions = {}): LoadedTemplate {
  const resources = resourcesOf(template);
  const resolver = new IntrinsicResolver(resources, parametersOf(template), {
    region: options.region ?? LOCAL_SCOPE.region,
    accountId: options.accountId ?? LOCAL_SCOPE.accountId,
    partition: options.partition ?? 'aws',
    stackName: options.stackName ?? 'local',
  });

  const functions: Record<string, string> = {};
  const stateMachines: LoadedStateMachine[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Lambda::Function') functions[logicalId] = resolver.functionName(logicalId);
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const properties = resource.Properties ?? {};
    const definition = resolver.definition(logicalId, properties);
    const explicitName = optionalString(resolver.resolve(properties.StateMachineName, logicalId));
    const journey = journeyName(logicalId, resource, explicitName, resolver);
    const roleArn = optionalString(resolver.resolve(properties.RoleArn, logicalId));
    stateMachines.push({
      logicalId,
      journey,
      stateMachineName: explicitName ?? journey,
      definition,
      ...(roleArn ? { roleArn } : {}),
    });
  }
  return { stateMachines, functions };
}

export function loadTemplateFile(path: string, options: TemplateLoadOptions = {}): LoadedTemplate {
  return loadTemplate(JSON.parse(readFileSync(path, 'utf8')), options);
}

/** Every `*.template.json` of a cdk.out directory (nested assemblies are not followed). */
export function loadCdkOut(directory: string, options: TemplateLoadOptions = {}): LoadedTemplate {
  const merged: LoadedTemplate = { stateMachines: [], functions: {} };
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.template.json')).sort()) {
    const stackName = file.slice(0, -'.template.json'.length);
    const loaded = loadTemplateFile(join(directory, file), { stackName, ...options });
    merged.stateMachines.push(...loaded.stateMachines);
    Object.assign(merged.functions, loaded.functions);
  }
  return merged;
}

function journeyName(logicalId: string, resource: Resource, explicitName: string | undefined, resolver: IntrinsicResolver): string {
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) {
    for (const tag of tags as Array<{ Key?: unknown; Value?: unknown }>) {
      if (tag.Key === JOURNEY_KEY) {
        const value = optionalString(resolver.resolve(tag.Value, logicalId));
        if (value) return value;
      }
    }
  }
  const metadata = resource.Metadata?.[JOURNEY_KEY];
  if (typeof metadata === 'string' && metadata) return metadata;
  return deriveJourneyName(explicitName ?? logicalId);
}

/**
 * Best effort when neither tag nor metadata names the journey: `OnboardingJourneyStateMachine1A2B3C4D` and
 * `journeys-onboarding` both give `onboarding`, `PostResolution…` gives `post-resolution`.
 */
export function deriveJourneyName(name: string): string {
  const withoutHash = name.replace(/[0-9A-F]{8}$/, '');
  const words = withoutHash
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '');
  const noise = new Set(['journeys', 'journey', 'state', 'machine', 'statemachine', 'sfn']);
  const meaningful = words.filter((word) => !noise.has(word));
  return (meaningful.length > 0 ? meaningful : words).join('-');
}

class IntrinsicResolver {
  constructor(
    private readonly resources: Record<string, Resource>,
    private readonly parameters: Record<string, unknown>,
    private readonly scope: Required<ArnScope> & { stackName: string },
  ) {}

  functionName(logicalId: string): string {
    const properties = this.resources[logicalId]?.Properties ?? {};
    const environment = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    const name = environment?.JOURNEYS_FUNCTION;
    return typeof name === 'string' && name !== '' ? name : logicalId;
  }

  definition(logicalId: string, properties: Record<string, unknown>): string {
    let text: string;
    if (properties.DefinitionString !== undefined) {
      const resolved = this.resolve(properties.DefinitionString, logicalId);
      if (typeof resolved !== 'string') throw new TemplateResolutionError(`${logicalId}: DefinitionString does not resolve to a string`);
      text = resolved;
    } else if (properties.Definition !== undefined) {
      text = JSON.stringify(this.resolve(properties.Definition, logicalId));
    } else {
      throw new TemplateResolutionError(`${logicalId}: no DefinitionString or Definition (DefinitionS3Location is not supported locally)`);
    }
    const substitutions = properties.DefinitionSubstitutions;
    if (substitutions && typeof substitutions === 'object') {
      for (const [key, value] of Object.entries(substitutions)) {
        const resolved = this.resolve(value, logicalId);
        text = text.split(`\${${key}}`).join(typeof resolved === 'string' ? resolved : JSON.stringify(resolved));
      }
    }
    JSON.parse(text); // fail here, naming the resource, rather than at createStateMachine
    return text;
  }

  resolve(value: unknown, context: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, context));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only) {
      const [key, argument] = only;
      switch (key) {
        case 'Ref':
          return this.ref(String(argument), context);
        case 'Fn::GetAtt':
          return this.getAtt(argument, context);
        case 'Fn::Join':
          return this.join(argument, context);
        case 'Fn::Sub':
          return this.sub(argument, context);
        case 'Fn::Select': {
          const [index, list] = this.resolve(argument, context) as [number, unknown[]];
          return list[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, text] = this.resolve(argument, context) as [string, string];
          return text.split(separator);
        }
        default:
          if (key.startsWith('Fn::')) throw new TemplateResolutionError(`${context}: ${key} is not supported by the local template loader`);
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, this.resolve(inner, context)]));
  }

  private ref(name: string, context: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.scope.region;
      case 'AWS::AccountId':
        return this.scope.accountId;
      case 'AWS::Partition':
        return this.scope.partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.scope.stackName;
      case 'AWS::StackId':
        return `arn:${this.scope.partition}:cloudformation:${this.scope.region}:${this.scope.accountId}:stack/${this.scope.stackName}/local`;
    }
    if (name in this.parameters) return (this.parameters[name] as { Default?: unknown }).Default;
    const resource = this.resources[name];
    if (!resource) throw new TemplateResolutionError(`${context}: Ref to unknown resource ${name}`);
    const properties = resource.Properties ?? {};
    // What Ref returns per resource type (CloudFormation docs); other types return their physical id.
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return this.functionName(name);
      case 'AWS::Lambda::Version':
        // Deployed, a qualified ARN pinning the code of that version. Locally there is one copy of the code (the
        // working tree), so the task resolves to the function itself and a code change alone publishes no local
        // state machine version (docs/deploying-journeys.md, "Code per version").
        return localFunctionArn(this.functionName(versionedFunction(resource, name)), this.scope);
      case 'AWS::DynamoDB::Table':
        return properties.TableName ?? name;
      case 'AWS::SNS::Topic':
        return this.arn('sns', String(properties.TopicName ?? name));
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.scope.region}.amazonaws.com/${this.scope.accountId}/${String(properties.QueueName ?? name)}`;
      case 'AWS::Events::EventBus':
        return properties.Name ?? name;
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${String(properties.StateMachineName ?? name)}`);
      default:
        return name;
    }
  }

  private getAtt(argument: unknown, context: string): unknown {
    const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument, '.') : (argument as [string, string]);
    const resource = this.resources[logicalId];
    if (!resource) throw new TemplateResolutionError(`${context}: Fn::GetAtt on unknown resource ${logicalId}`);
    const properties = resource.Properties ?? {};
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::Lambda::Function.Arn':
        return localFunctionArn(this.functionName(logicalId), this.scope);
      case 'AWS::DynamoDB::Table.Arn':
        return this.arn('dynamodb', `table/${String(properties.TableName ?? logicalId)}`);
      case 'AWS::Events::EventBus.Arn':
        return this.arn('events', `event-bus/${String(properties.Name ?? logicalId)}`);
      case 'AWS::Events::EventBus.Name':
        return properties.Name ?? logicalId;
      case 'AWS::SQS::Queue.Arn':
        return this.arn('sqs', String(properties.QueueName ?? logicalId));
      case 'AWS::SNS::Topic.TopicArn':
        return this.arn('sns', String(properties.TopicName ?? logicalId));
      case 'AWS::IAM::Role.Arn':
        return `arn:${this.scope.partition}:iam::${this.scope.accountId}:role/${String(properties.RoleName ?? logicalId)}`;
      case 'AWS::StepFunctions::StateMachine.Arn':
        return this.arn('states', `stateMachine:${String(properties.StateMachineName ?? logicalId)}`);
      case 'AWS::StepFunctions::StateMachine.Name':
        return properties.StateMachineName ?? logicalId;
      default:
        // Unknown attributes resolve to something recognisable rather than failing the whole template.
        return `${logicalId}.${attribute}`;
    }
  }

  private join(argument: unknown, context: string): string {
    const [separator, parts] = argument as [string, unknown[]];
    const resolved = this.resolve(parts, context);
    if (!Array.isArray(resolved)) throw new TemplateResolutionError(`${context}: Fn::Join needs a list`);
    return resolved.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(separator);
  }

  private sub(argument: unknown, context: string): string {
    const [text, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
    const resolvedVariables = this.resolve(variables, context) as Record<string, unknown>;
    return text.replace(/\$\{(!?)([^}]+)\}/g, (whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in resolvedVariables) return String(resolvedVariables[name]);
      const value = name.includes('.') && !name.startsWith('AWS::') ? this.getAtt(name, context) : this.ref(name, context);
      return typeof value === 'string' ? value : JSON.stringify(value ?? whole);
    });
  }

  private arn(service: string, resource: string): string {
    return `arn:${this.scope.partition}:${service}:${this.scope.region}:${this.scope.accountId}:${resource}`;
  }
}

function resourcesOf(template: unknown): Record<string, Resource> {
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  if (!resources || typeof resources !== 'object') throw new TemplateResolutionError('not a CloudFormation template: no Resources');
  return resources as Record<string, Resource>;
}

function parametersOf(template: unknown): Record<string, unknown> {
  const parameters = (template as { Parameters?: unknown }).Parameters;
  return parameters && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : {};
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

/** The logical id of the function an `AWS::Lambda::Version` publishes (its `FunctionName: {Ref: <function>}`). */
function versionedFunction(resource: Resource, logicalId: string): string {
  const reference = (resource.Properties?.FunctionName as { Ref?: unknown } | undefined)?.Ref;
  if (typeof reference !== 'string') throw new TemplateResolutionError(`${logicalId}: a Lambda version whose FunctionName is not a Ref to a function`);
  return reference;
}
