/**
 * One journey = one Standard state machine (journeys wait for days), built from its workflows/ definition,
 * logging every event (ALL) without execution data (it carries personal data), traced with X-Ray, and tagged
 * `journeys:journey=<name>` so tools (local runtime, graphs) find it in the synthesized template.
 */
import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FUNCTION_NAMES, type FunctionName } from '../../contracts/functions';
import type { JourneyName } from '../../functions/domain/model/primitives';
import { JOURNEY_BUILDERS, JOURNEY_DESCRIPTIONS, type JourneyTimings } from '../../workflows';
import type { JourneyFunctionsMap } from '../../workflows/blocks';
import { liveAliasArn } from './journey-release';

export const JOURNEY_TAG = 'journeys:journey';

/** Journeys that continue as new: they start an execution of their own state machine (workflows/crisis.ts). */
const CONTINUES_AS_NEW: ReadonlySet<JourneyName> = new Set<JourneyName>(['crisis']);

export interface JourneyProps<J extends JourneyName = JourneyName> {
  readonly name: J;
  /** The catalog's functions; the definition invokes their published versions (see pinnedVersions). */
  readonly functions: Readonly<Record<FunctionName, lambda.Function>>;
  readonly timings?: Partial<JourneyTimings[J]>;
  readonly logRetention: logs.RetentionDays;
}

export class Journey<J extends JourneyName = JourneyName> extends Construct {
  readonly name: J;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: JourneyProps<J>) {
    super(scope, id);
    this.name = props.name;
    const build = JOURNEY_BUILDERS[props.name];
    const { versions, invoked } = pinnedVersions(props.functions);
    const definition = build(this, { functions: versions, ...(props.timings ? { timings: props.timings } : {}) });

    // Generated name (no fixed name): a retained log group never blocks re-creating the stack.
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      comment: JOURNEY_DESCRIPTIONS[props.name],
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    Tags.of(this.stateMachine).add(JOURNEY_TAG, props.name);

    // The role is shared by every version of the state machine, and LambdaInvoke grants only the version the
    // newest definition names: executions still on an older state machine version invoke older Lambda versions,
    // so the role may invoke any version of the functions this journey invokes (`<function ARN>:*`).
    new iam.Policy(this, 'InvokePinnedVersions', {
      roles: [this.stateMachine.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeRetainedFunctionVersions',
          actions: ['lambda:InvokeFunction'],
          resources: [...invoked].sort().map((name) => `${props.functions[name].functionArn}:*`),
        }),
      ],
    });

    if (CONTINUES_AS_NEW.has(props.name)) {
      // A policy of its own rather than the role's default policy: the state machine depends on that one, and
      // this statement names the state machine (a dependency cycle otherwise). Only StartExecution, only itself.
      new iam.Policy(this, 'ContinueAsNewPolicy', {
        roles: [this.stateMachine.role],
        // The continuation starts on the alias `live` (a new entry), so only that alias is allowed.
        statements: [new iam.PolicyStatement({ sid: 'ContinueAsNew', actions: ['states:StartExecution'], resources: [liveAliasArn(this.stateMachine)] })],
      });
    }
  }
}

/**
 * Every task invokes a published Lambda version (a qualified ARN), never $LATEST: a code or configuration change
 * publishes a new Lambda version (`currentVersion`, retained on deploy), which changes the definition, which
 * publishes a new state machine version, while executions on an older state machine version keep invoking the
 * Lambda versions their definition names. Also records which functions the builder used (for the invoke grant).
 */
function pinnedVersions(functions: Readonly<Record<FunctionName, lambda.Function>>): { versions: JourneyFunctionsMap; invoked: Set<FunctionName> } {
  const invoked = new Set<FunctionName>();
  const versions = {} as Record<FunctionName, lambda.IVersion>;
  for (const name of FUNCTION_NAMES) {
    Object.defineProperty(versions, name, {
      enumerable: true,
      get: () => {
        invoked.add(name);
        return functions[name].currentVersion;
      },
    });
  }
  return { versions, invoked };
}
