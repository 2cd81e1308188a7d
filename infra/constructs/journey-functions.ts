/**
 * One Lambda function per entry of contracts/functions.ts, with exactly the access the catalog lists.
 *
 * - Bundled with esbuild (local, no Docker) into one ESM file per function; `-c journeys:bundling=false` uses a
 *   stub asset instead (tests, graphs, and synth before the handler files exist).
 * - Each function has its own role (no AWS managed policies), its own log group with a retention, JSON logs,
 *   X-Ray, and the env var / tag `JOURNEYS_FUNCTION=<catalog name>` so the local runtime can map a synthesized
 *   function ARN back to its handler.
 * - Grants use the L2 `grant*` methods where one exists; no wildcard actions.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arn, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CRISIS_PK, customerPk, keys } from '../../functions/adapters/keys';
import { liveAliasArn } from './journey-release';
import { JOURNEYS, type JourneyName } from '../../functions/domain/model/primitives';
import { FUNCTION_NAMES, FUNCTIONS, stateMachineArnVariable, type FunctionName, type FunctionSpec } from '../../contracts/functions';
import { ROUTES } from '../../contracts/routes';
import { acknowledge } from '../nag';
import { deadLetterQueue, type NamedQueue } from './dead-letter-queue';

/** The repository root (infra/constructs/ → ../..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UNBUNDLED_ASSET = join(REPO_ROOT, 'infra', 'assets', 'unbundled');

/** Functions invoked asynchronously (EventBridge, SNS): failed invocations go to a dead-letter queue. */
const ASYNC_FUNCTIONS: ReadonlySet<FunctionName> = new Set<FunctionName>(['route-event', 'delivery-feedback']);

/**
 * Which journeys a function may start or wake, narrowing the catalog's yes/no to least privilege. A function
 * with the access but no entry here gets every journey.
 */
const JOURNEYS_STARTED_BY: Partial<Record<FunctionName, readonly JourneyName[]>> = {
  'route-event': [...new Set(ROUTES.flatMap((route) => (route.action === 'start' ? [route.journey] : [])))],
  'api-crisis': ['crisis'],
};
const JOURNEYS_WOKEN_BY: Partial<Record<FunctionName, readonly JourneyName[]>> = {
  // Waits on customer events: activation (onboarding), incident:<id> (incident), survey:<id> (post-resolution).
  'route-event': ['onboarding', 'incident', 'post-resolution'],
  'api-surveys': ['post-resolution'],
  'api-crisis': ['crisis'],
};

/**
 * Task functions that answer their own journey's task token (a signal that arrived before the journey parked):
 * the state machines depend on these functions, so the grant goes in a policy of its own and their environment
 * names no state machine.
 */
const SELF_WAKING: ReadonlySet<FunctionName> = new Set<FunctionName>(['wait-for-event']);

/** The table calls the code makes (no Scan anywhere: nothing scans the table). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

export interface TableGrant {
  readonly actions: readonly string[];
  /** `dynamodb:LeadingKeys` patterns: the partitions these calls may touch. */
  readonly leadingKeys: readonly string[];
}

/**
 * Functions reachable without AWS credentials (and the status banner) get only the table calls their code makes,
 * on the partitions it makes them on, instead of the catalog's read / read-write on the whole table.
 * test/infra/handler-access.test.ts checks the code stays within them.
 */
export const NARROW_TABLE_ACCESS: Partial<Record<FunctionName, readonly TableGrant[]>> = {
  // updateConsent: read and update the customer's profile.
  'api-unsubscribe': [{ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: [customerPk('*')] }],
  'api-surveys': [
    // The survey the token names: read it, record the answer once.
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], leadingKeys: [keys.survey('*').pk] },
    // Wake the journey: take the customer's waits (Query + DeleteItem), or keep the answer as a pending signal.
    { actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], leadingKeys: [customerPk('*')] },
  ],
  // The crisis record; a reader re-materialises CURRENT from a newer audit entry (crisis-store read()).
  'api-status': [{ actions: ['dynamodb:Query', 'dynamodb:PutItem'], leadingKeys: [CRISIS_PK] }],
};

export interface JourneyFunctionsProps {
  readonly table: dynamodb.ITable;
  /** Powertools idempotency records. */
  readonly idempotencyTable: dynamodb.ITable;
  /** SES v2 configuration set every email is sent through. */
  readonly configurationSetName: string;
  readonly fromEmail: string;
  readonly logRetention: logs.RetentionDays;
  /** false: stub code instead of esbuild bundles. */
  readonly bundling: boolean;
  /** Extra environment for every function (links, URLs). */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface JourneyAccessProps {
  readonly eventBus: events.IEventBus;
  readonly stateMachines: Readonly<Record<JourneyName, sfn.IStateMachine>>;
}

export class JourneyFunctions extends Construct {
  readonly functions: Record<FunctionName, lambda.Function>;
  readonly deadLetterQueues: NamedQueue[] = [];
  /** Signs one-click unsubscribe links and derives survey tokens; read by the functions that need it. */
  readonly linkSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: JourneyFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.linkSecret = new secretsmanager.Secret(this, 'LinkSecret', {
      description: 'HMAC key for unsubscribe links and survey tokens (Journeys)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.linkSecret,
      'AwsSolutions-SMG4',
      'Rotating this key would invalidate every unsubscribe link already in customers\' inboxes (RFC 8058 links must keep working); rotate deliberately with a grace period that verifies old and new keys.',
    );
    const fromDomain = props.fromEmail.split('@')[1] ?? props.fromEmail;
    const identityArn = (identity: string) => Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, stack);
    const sendEmail = new iam.PolicyStatement({
      sid: 'SendEmailThroughConfigurationSet',
      actions: ['ses:SendEmail'],
      resources: [
        identityArn(props.fromEmail),
        identityArn(fromDomain),
        Arn.format({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName }, stack),
      ],
    });
    const publishSns = new iam.PolicyStatement({ sid: 'PublishSmsAndPush', actions: ['sns:Publish'], resources: ['*'] });

    const functions: Partial<Record<FunctionName, lambda.Function>> = {};
    for (const name of FUNCTION_NAMES) {
      const spec: FunctionSpec = FUNCTIONS[name];
      const logicalName = pascal(name);
      const role = new iam.Role(this, `${logicalName}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Journeys ${name}: ${spec.description}`.slice(0, 1000),
      });
      const logGroup = new logs.LogGroup(this, `${logicalName}Logs`, { retention: props.logRetention });
      logGroup.grantWrite(role);

      const asyncDlq = ASYNC_FUNCTIONS.has(name) ? deadLetterQueue(this, `${logicalName}Failures`, `failed asynchronous invocations of ${name}`) : undefined;
      if (asyncDlq) this.deadLetterQueues.push({ name: `${name} async failures`, queue: asyncDlq });

      const common: lambda.FunctionOptions = {
        description: spec.description,
        architecture: lambda.Architecture.ARM_64,
        timeout: Duration.seconds(spec.timeoutSeconds),
        memorySize: spec.memoryMb,
        role,
        // The versions the state machines invoke (infra/constructs/journey.ts): a deploy publishes a new one and
        // keeps the old ones, which executions started on older state machine versions still invoke.
        currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        tracing: lambda.Tracing.ACTIVE,
        ...(asyncDlq ? { deadLetterQueue: asyncDlq, retryAttempts: 2, maxEventAge: Duration.hours(6) } : {}),
        environment: {
          JOURNEYS_FUNCTION: name,
          POWERTOOLS_SERVICE_NAME: 'journeys',
          POWERTOOLS_METRICS_NAMESPACE: 'Journeys',
          TABLE_NAME: props.table.tableName,
          SES_CONFIGURATION_SET: props.configurationSetName,
          // The SES adapter's name for the same setting (functions/adapters/clients.ts).
          EMAIL_FROM: props.fromEmail,
          ...(usesIdempotency(name, spec) ? { IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName } : {}),
          ...props.environment,
        },
      };
      const fn = props.bundling ? bundledFunction(this, logicalName, spec, common) : unbundledFunction(this, logicalName, common);
      Tags.of(fn).add('journeys:function', name);

      grantTable(fn, name, spec, props.table);
      // Powertools' persistence layer: one record per handled event (Get/Put/Update/Delete, no Scan).
      if (usesIdempotency(name, spec)) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [props.idempotencyTable.tableArn] }));
      }
      if (spec.access.linkSecret === true) {
        this.linkSecret.grantRead(fn);
        fn.addEnvironment('LINK_SECRET_ARN', this.linkSecret.secretArn);
      }
      if (spec.access.sendEmail) fn.addToRolePolicy(sendEmail);
      if (spec.access.publishSns) fn.addToRolePolicy(publishSns);
      functions[name] = fn;
    }
    this.functions = functions as Record<FunctionName, lambda.Function>;
  }

  /** Bus and state machine access (after both exist), with the matching environment. */
  grantAccess(props: JourneyAccessProps): void {
    for (const name of FUNCTION_NAMES) {
      const access: FunctionSpec['access'] = FUNCTIONS[name].access;
      const fn = this.functions[name];
      fn.addEnvironment('EVENT_BUS_NAME', props.eventBus.eventBusName);
      if (access.putEvents) props.eventBus.grantPutEventsTo(fn);

      const stateMachines = new Set<JourneyName>();
      if (access.startExecutions) {
        for (const journey of JOURNEYS_STARTED_BY[name] ?? JOURNEYS) {
          // Only through the alias `live`: a policy naming the qualified ARN allows that alias and nothing else
          // (Step Functions authorizes on the unqualified ARN unless the resource is qualified; CDK's
          // grantStartExecution would name the unqualified one, aws-cdk#30265).
          fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [liveAliasArn(props.stateMachines[journey])] }));
          stateMachines.add(journey);
        }
      }
      if (access.manageJourneys) {
        for (const journey of JOURNEYS) {
          const machine = props.stateMachines[journey];
          fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:ListStateMachineVersions', 'states:ListExecutions'], resources: [machine.stateMachineArn] }));
          fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:DescribeStateMachineAlias', 'states:UpdateStateMachineAlias'], resources: [liveAliasArn(machine)] }));
          machine.grantExecution(fn, 'states:StopExecution');
          stateMachines.add(journey);
        }
      }
      if (access.taskCallbacks && SELF_WAKING.has(name)) {
        const woken = (JOURNEYS_WOKEN_BY[name] ?? JOURNEYS).map((journey) => props.stateMachines[journey].stateMachineArn);
        new iam.Policy(this, `${pascal(name)}TaskCallbacks`, {
          roles: [fn.role!],
          statements: [new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: woken })],
        });
      } else if (access.taskCallbacks) {
        for (const journey of JOURNEYS_WOKEN_BY[name] ?? JOURNEYS) {
          props.stateMachines[journey].grantTaskResponse(fn);
          stateMachines.add(journey);
        }
      }
      if (access.readExecutions) {
        for (const journey of JOURNEYS) {
          const machine = props.stateMachines[journey];
          machine.grant(fn, 'states:ListExecutions');
          machine.grantExecution(fn, 'states:DescribeExecution', 'states:GetExecutionHistory');
          stateMachines.add(journey);
        }
      }
      if (access.stopExecutions) {
        for (const journey of JOURNEYS) {
          props.stateMachines[journey].grantExecution(fn, 'states:StopExecution');
          stateMachines.add(journey);
        }
      }
      for (const journey of JOURNEYS) {
        // The alias: what every starter starts, and what names the state machine for the readers.
        if (stateMachines.has(journey)) fn.addEnvironment(stateMachineArnVariable(journey), liveAliasArn(props.stateMachines[journey]));
      }
    }
  }
}

function grantTable(fn: lambda.Function, name: FunctionName, spec: FunctionSpec, table: dynamodb.ITable): void {
  const narrow = NARROW_TABLE_ACCESS[name];
  if (narrow) {
    for (const grant of narrow) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.leadingKeys] } },
        }),
      );
    }
    return;
  }
  if (spec.access.table === undefined) return;
  const actions = spec.access.table === 'readwrite' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : [...TABLE_READ_ACTIONS];
  // The indexes too: crisis audiences are read from the bySegment GSI.
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn, `${table.tableArn}/index/*`] }));
}

function usesIdempotency(_name: FunctionName, spec: FunctionSpec): boolean {
  return (spec.access as { idempotency?: boolean }).idempotency === true;
}

/**
 * How every function is bundled (esbuild, locally, no Docker): one minified ESM file for Node 24 with an external
 * source map without sources. Exported as a plain object so `npm run bench` (bench/bundles.bench.ts) builds the
 * bundles exactly as deployed and measures their size and cold import.
 */
export const BUNDLING_OPTIONS: Readonly<Required<Pick<nodejs.BundlingOptions, 'format' | 'target' | 'minify' | 'sourceMap' | 'sourcesContent' | 'mainFields' | 'externalModules' | 'banner'>>> = {
  format: nodejs.OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle everything, the AWS SDK included: the same pinned versions as the tests and the local runtime, not
  // whatever SDK the Lambda runtime ships that month (docs/performance.md weighs size against that).
  externalModules: [],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: "import { createRequire as __journeysCreateRequire } from 'node:module'; const require = __journeysCreateRequire(import.meta.url);",
};

/**
 * The compiled email HTML is not code: `npm run templates` writes it to assets/emails/, and every bundle gets a
 * copy as `emails/` next to `index.mjs`, which the renderer reads per template and locale when it first renders
 * one (functions/domain/templates/compiled-emails.ts). Copied to every function: a few hundred KB uncompressed,
 * ~20 KB zipped, and no function can miss it.
 */
export const EMAIL_ASSETS_HOOKS: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [`cp -R "${join(inputDir, 'assets', 'emails')}" "${join(outputDir, 'emails')}"`],
};

function bundledFunction(scope: Construct, id: string, spec: FunctionSpec, common: lambda.FunctionOptions): lambda.Function {
  const entry = join(REPO_ROOT, spec.entry);
  if (!existsSync(entry)) {
    throw new Error(`Handler ${spec.entry} does not exist yet: synthesize with -c journeys:bundling=false until it does`);
  }
  return new nodejs.NodejsFunction(scope, id, {
    ...common,
    runtime: lambda.Runtime.NODEJS_24_X,
    entry,
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    environment: { ...common.environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      ...BUNDLING_OPTIONS,
      mainFields: [...BUNDLING_OPTIONS.mainFields],
      externalModules: [...BUNDLING_OPTIONS.externalModules],
      commandHooks: EMAIL_ASSETS_HOOKS,
    },
  });
}

function unbundledFunction(scope: Construct, id: string, common: lambda.FunctionOptions): lambda.Function {
  return new lambda.Function(scope, id, {
    ...common,
    runtime: lambda.Runtime.NODEJS_24_X,
    code: lambda.Code.fromAsset(UNBUNDLED_ASSET),
    handler: 'index.handler',
  });
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}
