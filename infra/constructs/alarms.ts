/**
 * What pages someone, and what they look at: an alarm on every dead-letter queue (first message), on failed
 * executions of every journey, on message sends failing (metric `SendFailed`, namespace Journeys, whatever its
 * dimensions) and on every function's errors, all to one encrypted SNS topic; and a CloudWatch dashboard.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { JOURNEYS, type JourneyName } from '../../functions/domain/model/primitives';
import { FUNCTION_NAMES, type FunctionName } from '../../contracts/functions';
import type { NamedQueue } from './dead-letter-queue';

export const METRICS_NAMESPACE = 'Journeys';

/** Functions that raise step signals (functions/handlers/runtime/step-signals.ts) as errors for a Catch. */
const SIGNALLING_FUNCTIONS: ReadonlySet<FunctionName> = new Set<FunctionName>(['deliver-message', 'customer-status']);

export interface AlarmsProps {
  readonly topicKey: kms.IKey;
  readonly deadLetterQueues: readonly NamedQueue[];
  readonly stateMachines: Readonly<Record<JourneyName, sfn.IStateMachine>>;
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly api: apigw.RestApi;
  readonly alarmEmail?: string;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  /** The alarm with this id (`Executions failed onboarding`, `Errors deliver-message`, `Messages parked`…). */
  byId(id: string): cloudwatch.Alarm {
    const found = this.alarms.find((alarm) => alarm.node.id === id);
    if (!found) throw new Error(`no alarm ${id}`);
    return found;
  }
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Journeys alarms', masterKey: props.topicKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, evaluationPeriods = 1) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    for (const { name, queue } of props.deadLetterQueues) {
      alarm(
        `DLQ ${name}`,
        `A message landed in the dead-letter queue "${name}": inspect it (the error is in its attributes) and redrive it.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      );
    }
    for (const journey of JOURNEYS) {
      alarm(
        `Executions failed ${journey}`,
        `A ${journey} journey execution failed (a task error that was not caught): see the execution's history.`,
        props.stateMachines[journey].metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      );
    }
    const sendFailed = new cloudwatch.MathExpression({
      label: 'SendFailed (all dimensions)',
      expression: `SELECT SUM(SendFailed) FROM ${METRICS_NAMESPACE}`,
      period: Duration.minutes(5),
    });
    alarm('Send failures', 'Messages failed to send (metric SendFailed): provider errors, throttling beyond retries, or rejected addresses.', sendFailed);
    const messagesParked = new cloudwatch.MathExpression({
      label: 'MessagesParked (all dimensions)',
      expression: `SELECT SUM(MessagesParked) FROM ${METRICS_NAMESPACE}`,
      period: Duration.minutes(5),
    });
    alarm(
      'Messages parked',
      'A message send failed past its step\'s Retry and was parked (metric MessagesParked): `journeys dlq list --endpoint <api>` shows why; fix the cause, then `journeys dlq replay --endpoint <api>` (docs/operations.md).',
      messagesParked,
    );
    // One failure metric per function, for its alarm and the dashboard alike. deliver-message and customer-status
    // raise Message.Deferred / Journey.Exited… as function errors for the step's Catch (routing, not failure) and
    // count each (metric StepSignals): only the rest pages anyone, and only the rest is graphed as errors. The ids are
    // numbered: one graph holds both expressions, and CloudWatch wants every id in a widget unique.
    const functionFailures = FUNCTION_NAMES.map((name, index) => {
      const errors = props.functions[name].metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM });
      const metric = SIGNALLING_FUNCTIONS.has(name)
        ? new cloudwatch.MathExpression({
            label: `${name} errors that are not step signals`,
            expression: `errors${index} - FILL(signals${index}, 0)`,
            usingMetrics: {
              [`errors${index}`]: errors,
              [`signals${index}`]: new cloudwatch.Metric({
                namespace: METRICS_NAMESPACE,
                metricName: 'StepSignals',
                dimensionsMap: { service: 'journeys', function: name },
                period: Duration.minutes(5),
                statistic: cloudwatch.Stats.SUM,
              }),
            },
            period: Duration.minutes(5),
          })
        : errors;
      alarm(`Errors ${name}`, `The ${name} function reported errors.`, metric);
      return metric.with({ label: name });
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    const perJourney = (metric: (sm: sfn.IStateMachine) => cloudwatch.Metric) =>
      JOURNEYS.map((journey) => metric(props.stateMachines[journey]).with({ label: journey, period: Duration.minutes(5) }));
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '# Journeys\nExecutions, messages, errors and dead letters. Alarms go to the Journeys alarms topic.', width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Executions started', left: perJourney((sm) => sm.metricStarted()), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Executions succeeded', left: perJourney((sm) => sm.metricSucceeded()), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Executions failed', left: perJourney((sm) => sm.metricFailed()), width: 8 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Decisions by outcome',
        left: [
          new cloudwatch.MathExpression({
            label: 'Decisions',
            expression: `SELECT SUM(Decisions) FROM ${METRICS_NAMESPACE} GROUP BY outcome`,
            period: Duration.minutes(5),
          }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Send failures', left: [sendFailed], width: 12 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors (step signals not counted)',
        left: functionFailures,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues (visible messages)',
        left: props.deadLetterQueues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ label: name, period: Duration.minutes(5) })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [props.api.metricCount({ label: 'requests' }), props.api.metricClientError({ label: '4XX' }), props.api.metricServerError({ label: '5XX' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'API latency (p90)', left: [props.api.metricLatency({ statistic: 'p90', label: 'latency p90' })], width: 12 }),
    );
  }
}
