/**
 * One journey = one Standard state machine (journeys wait for days), built from its workflows/ definition,
 * logging every event (ALL) without execution data (it carries personal data), traced with X-Ray, and tagged
 * `journeys:journey=<name>` so tools (local runtime, graphs) find it in the synthesized template.
 */
import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JourneyName } from '../../functions/domain/model/primitives';
import { JOURNEY_BUILDERS, JOURNEY_DESCRIPTIONS, type JourneyTimings } from '../../workflows';
import type { JourneyFunctionsMap } from '../../workflows/blocks';
import { liveAliasArn } from './journey-release';

export const JOURNEY_TAG = 'journeys:journey';

/** Journeys that continue as new: they start an execution of their own state machine (workflows/crisis.ts). */
const CONTINUES_AS_NEW: ReadonlySet<JourneyName> = new Set<JourneyName>(['crisis']);

export interface JourneyProps<J extends JourneyName = JourneyName> {
  readonly name: J;
  readonly functions: JourneyFunctionsMap;
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
    const definition = build(this, { functions: props.functions, ...(props.timings ? { timings: props.timings } : {}) });

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
