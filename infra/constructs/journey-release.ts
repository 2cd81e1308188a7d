/**
 * How a journey's definition reaches customers: a state machine version per definition, and the alias `live`
 * that every starter uses.
 *
 * - The version's description carries a hash of the definition, so a changed definition replaces the version
 *   resource (a new version is published) and an unchanged one does not. The version is RETAINED (deletion and
 *   update-replace): CloudFormation would otherwise delete the previous version on that replacement
 *   (aws-cdk#27250) under customers still running on it for days. Prune old versions with
 *   `npm run prune-versions` once nothing runs on them (docs/deploying-journeys.md).
 * - The alias shifts new entries to the new version with the deployment preference from
 *   `-c journeys:rollout=all-at-once|canary:<percent>:<minutes>|linear:<percent>:<minutes>` and rolls back when
 *   one of the given alarms fires during the shift (executions failed, messages parked, handler errors).
 */
import { createHash } from 'node:crypto';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export const LIVE_ALIAS = 'live';

export type Rollout = { type: 'ALL_AT_ONCE' } | { type: 'CANARY' | 'LINEAR'; percentage: number; intervalMinutes: number };

/** `all-at-once` (default), `canary:10:30` (10 % for 30 minutes, then all), `linear:20:5` (+20 % every 5 minutes). */
export function parseRollout(value: string | undefined): Rollout {
  if (value === undefined || value === 'all-at-once') return { type: 'ALL_AT_ONCE' };
  const match = /^(canary|linear):(\d+):(\d+)$/.exec(value);
  const percentage = Number(match?.[2]);
  const intervalMinutes = Number(match?.[3]);
  if (!match || percentage < 1 || percentage > 99 || intervalMinutes < 1 || intervalMinutes > 2100) {
    throw new Error(`journeys:rollout must be all-at-once, canary:<1-99>:<1-2100 minutes> or linear:<1-99>:<1-2100 minutes>; got ${value}`);
  }
  return { type: match[1] === 'canary' ? 'CANARY' : 'LINEAR', percentage, intervalMinutes };
}

export interface JourneyReleaseProps {
  readonly stateMachine: sfn.StateMachine;
  readonly rollout: Rollout;
  /** Any of them in ALARM during a gradual shift rolls the alias back to the previous version. */
  readonly rollbackAlarms: readonly cloudwatch.IAlarm[];
}

export class JourneyRelease extends Construct {
  readonly version: sfn.CfnStateMachineVersion;
  readonly alias: sfn.CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: JourneyReleaseProps) {
    super(scope, id);
    const cfnStateMachine = props.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    // Resolved, tokens and all: the same definition (with the same function references) gives the same hash.
    const definition = JSON.stringify(Stack.of(this).resolve(cfnStateMachine.definitionString ?? cfnStateMachine.definition));
    const hash = createHash('sha256').update(definition).digest('hex').slice(0, 16);
    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: props.stateMachine.stateMachineArn,
      stateMachineRevisionId: cfnStateMachine.attrStateMachineRevisionId,
      description: `definition sha256:${hash}`,
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const { rollout } = props;
    this.alias = new sfn.CfnStateMachineAlias(this, 'Live', {
      name: LIVE_ALIAS,
      description: 'Where new entries go: route-event, the crisis switch, replays and continue-as-new start here',
      deploymentPreference: {
        stateMachineVersionArn: this.version.attrArn,
        type: rollout.type,
        ...(rollout.type === 'ALL_AT_ONCE' ? {} : { percentage: rollout.percentage, interval: rollout.intervalMinutes }),
        ...(props.rollbackAlarms.length > 0 ? { alarms: props.rollbackAlarms.map((alarm) => alarm.alarmName) } : {}),
      },
    });
  }
}

/** The alias ARN from the state machine's: no resource dependency (function environments would cycle through the alarms). */
export function liveAliasArn(stateMachine: sfn.IStateMachine): string {
  return `${stateMachine.stateMachineArn}:${LIVE_ALIAS}`;
}
