/**
 * The Journeys stack: the table, the functions of the catalog, one state machine per journey, the bus and its
 * routes, the HTTP API with its on-call and ops roles, the schedule that ends pauses and freezes, provider feedback,
 * alarms and a dashboard.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { JOURNEYS, type JourneyName } from '../functions/domain/model/primitives';
import { ONCALL_ROLE_ARN_VARIABLE, OPS_ROLE_ARN_VARIABLE } from '../functions/handlers/middleware/caller';
import type { JourneyTimings } from '../workflows';
import { Alarms } from './constructs/alarms';
import { ApiFirewall } from './constructs/api-firewall';
import { CONFIGURATION_SET_NAME, DeliveryFeedback } from './constructs/delivery-feedback';
import { Journey } from './constructs/journey';
import { JourneyRelease, liveAliasArn, parseRollout } from './constructs/journey-release';
import { JourneyFunctions } from './constructs/journey-functions';
import { JourneysApi } from './constructs/journeys-api';
import { JourneysBus } from './constructs/journeys-bus';
import { JourneysTable } from './constructs/journeys-table';
import { CONTEXT, DEFAULT_FROM_EMAIL, contextFlag, contextNumber, contextPolicyOverride, contextString } from './context';
import { acknowledgeJustifiedWildcards } from './nag';
import type { FunctionName } from '../contracts/functions';

/**
 * The functions the state machines invoke: their errors during a rollout roll the alias back
 * (test/infra/releases.test.ts checks this is exactly what the definitions invoke).
 */
export const JOURNEY_TASK_FUNCTIONS: readonly FunctionName[] = [
  'deliver-message',
  'customer-status',
  'marketing-suppression',
  'next-best-action',
  'wait-for-event',
  'close-survey',
  'flag-follow-up',
  'crisis-broadcast',
];

export interface JourneysStackProps extends StackProps {
  /** Override journey timings (e.g. a demo stack with short waits). */
  readonly timings?: { readonly [J in JourneyName]?: Partial<JourneyTimings[J]> };
}

export class JourneysStack extends Stack {
  readonly table: JourneysTable;
  readonly functions: JourneyFunctions;
  readonly journeys: Record<JourneyName, Journey>;
  /** Per journey: its current version (retained) and the alias `live`. */
  readonly releases: Record<JourneyName, JourneyRelease>;
  readonly bus: JourneysBus;
  readonly api: JourneysApi;
  readonly feedback: DeliveryFeedback;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: JourneysStackProps = {}) {
    super(scope, id, props);
    const logRetention = contextNumber(this, CONTEXT.logRetentionDays, 30) as logs.RetentionDays;
    const fromEmail = contextString(this, CONTEXT.fromEmail) ?? DEFAULT_FROM_EMAIL;
    const optionalUrls = Object.fromEntries(
      (
        [
          ['APP_URL', CONTEXT.appUrl],
          ['HELP_URL', CONTEXT.helpUrl],
          ['REVIEW_URL', CONTEXT.reviewUrl],
          ['STATUS_PAGE_URL', CONTEXT.statusPageUrl],
        ] as const
      ).flatMap(([variable, key]) => {
        const value = contextString(this, key);
        return value === undefined ? [] : [[variable, value]];
      }),
    );
    // Every function reads the same policy (functions/handlers/runtime/config.ts): the rules agree everywhere.
    const policyOverride = contextPolicyOverride(this);
    const environment = policyOverride ? { ...optionalUrls, JOURNEYS_POLICY: JSON.stringify(policyOverride) } : optionalUrls;

    this.table = new JourneysTable(this, 'JourneysTable');
    this.functions = new JourneyFunctions(this, 'JourneyFunctions', {
      table: this.table.table,
      idempotencyTable: this.table.idempotencyTable,
      configurationSetName: CONFIGURATION_SET_NAME,
      fromEmail,
      logRetention,
      bundling: contextFlag(this, CONTEXT.bundling, true),
      environment,
    });
    const fns = this.functions.functions;

    this.journeys = Object.fromEntries(
      JOURNEYS.map((name) => [
        name,
        new Journey(this, `Journey-${name}`, { name, functions: fns, logRetention, ...(props.timings?.[name] ? { timings: props.timings[name] } : {}) }),
      ]),
    ) as Record<JourneyName, Journey>;
    const stateMachines = Object.fromEntries(JOURNEYS.map((name) => [name, this.journeys[name].stateMachine])) as Record<
      JourneyName,
      Journey['stateMachine']
    >;

    this.bus = new JourneysBus(this, 'JourneysBus', { routeEvent: fns['route-event'] });
    this.functions.grantAccess({ eventBus: this.bus.bus, stateMachines });
    // Pauses and the marketing freeze end by themselves at their `until`: checked every minute, so queued entries
    // and held messages go within a minute of it (held messages also wake at `until` by their own timeout).
    new events.Rule(this, 'LifecycleSchedule', {
      description: 'Journeys: end pauses and the marketing freeze at their until',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(fns['journey-lifecycle'], { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    const principal = (key: string): iam.IPrincipal => {
      const arn = contextString(this, key);
      return arn ? new iam.ArnPrincipal(arn) : new iam.AccountRootPrincipal();
    };
    this.api = new JourneysApi(this, 'JourneysApi', {
      functions: fns,
      logRetention,
      onCallPrincipal: principal(CONTEXT.onCallPrincipalArn),
      opsPrincipal: principal(CONTEXT.opsPrincipalArn),
    });
    if (contextFlag(this, CONTEXT.waf, true)) new ApiFirewall(this, 'ApiFirewall', { stage: this.api.api.deploymentStage });
    else this.api.acknowledgeNoFirewall();
    // The crisis routes compare the caller with exactly this role (functions/handlers/middleware/caller.ts).
    fns['api-crisis'].addEnvironment(ONCALL_ROLE_ARN_VARIABLE, this.api.onCallRole.roleArn);
    // The journey lifecycle answers ops and on-call staff: both roles' ARNs, compared exactly (middleware/caller.ts).
    fns['api-journeys'].addEnvironment(ONCALL_ROLE_ARN_VARIABLE, this.api.onCallRole.roleArn);
    fns['api-journeys'].addEnvironment(OPS_ROLE_ARN_VARIABLE, this.api.opsRole.roleArn);
    const publicBaseUrl = contextString(this, CONTEXT.publicBaseUrl) ?? this.api.baseUrl;
    for (const fn of Object.values(fns)) fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    // One key for the three topics: SES (email events), End User Messaging SMS (inbound SMS) and CloudWatch
    // (alarms) must be able to encrypt to them, which AWS managed keys do not allow.
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Journeys: SNS topics for provider feedback and alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ServicesPublishToEncryptedTopics',
        principals: ['ses.amazonaws.com', 'sms-voice.amazonaws.com', 'cloudwatch.amazonaws.com'].map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        // Only on behalf of this account's resources (confused deputy: another account's SES or alarms).
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.feedback = new DeliveryFeedback(this, 'DeliveryFeedback', { deliveryFeedback: fns['delivery-feedback'], topicKey });

    this.alarms = new Alarms(this, 'Alarms', {
      topicKey,
      deadLetterQueues: [...this.bus.deadLetterQueues, ...this.functions.deadLetterQueues, ...this.feedback.deadLetterQueues],
      stateMachines,
      functions: fns,
      api: this.api.api,
      ...(contextString(this, CONTEXT.alarmEmail) ? { alarmEmail: contextString(this, CONTEXT.alarmEmail) } : {}),
    });

    // Versions and the alias `live` per journey, rolled out as -c journeys:rollout says and rolled back on alarms.
    const rollout = parseRollout(contextString(this, CONTEXT.rollout));
    const rollbackAlarms = (journey: JourneyName) => [
      this.alarms.byId(`Executions failed ${journey}`),
      this.alarms.byId('Messages parked'),
      ...JOURNEY_TASK_FUNCTIONS.map((name) => this.alarms.byId(`Errors ${name}`)),
    ];
    this.releases = Object.fromEntries(
      JOURNEYS.map((name) => [name, new JourneyRelease(this.journeys[name], 'Release', { stateMachine: stateMachines[name], rollout, rollbackAlarms: rollbackAlarms(name) })]),
    ) as Record<JourneyName, JourneyRelease>;

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API (docs/api.md)' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.bus.eventBusName, description: 'PutEvents here: detail-type = event type, detail = envelope' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'OnCallRoleArn', { value: this.api.onCallRole.roleArn });
    new CfnOutput(this, 'OpsRoleArn', { value: this.api.opsRole.roleArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    for (const name of JOURNEYS) {
      new CfnOutput(this, `StateMachineArn${name.replace(/(^|-)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase())}`, {
        value: liveAliasArn(stateMachines[name]),
        description: `The ${name} journey's alias live (start executions here)`,
      });
    }

    // Last, once every grant exists: acknowledge the wildcard resources that have a written justification.
    acknowledgeJustifiedWildcards(this);
  }
}
