/**
 * Provider feedback into suppressions: the SES v2 configuration set `journeys` (every email goes through it)
 * publishes bounces, complaints, rejects and deliveries to an SNS topic, and inbound SMS (two-way SMS, where
 * STOP arrives) to another; delivery-feedback is subscribed to both, with a dead-letter queue per subscription.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { deadLetterQueue, type NamedQueue } from './dead-letter-queue';

export const CONFIGURATION_SET_NAME = 'journeys';

export interface DeliveryFeedbackProps {
  readonly deliveryFeedback: lambda.IFunction;
  /** Encrypts both topics; its policy must let SES and End User Messaging SMS use it. */
  readonly topicKey: kms.IKey;
}

export class DeliveryFeedback extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly emailEvents: sns.Topic;
  readonly inboundSms: sns.Topic;
  readonly deadLetterQueues: NamedQueue[] = [];

  constructor(scope: Construct, id: string, props: DeliveryFeedbackProps) {
    super(scope, id);
    this.emailEvents = new sns.Topic(this, 'EmailEvents', {
      displayName: 'Journeys SES events (bounce, complaint, reject, delivery)',
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: CONFIGURATION_SET_NAME,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Adds the topic policy for ses.amazonaws.com, scoped to this account and configuration set.
    this.configurationSet.addEventDestination('ToFeedbackTopic', {
      destination: ses.EventDestination.snsTopic(this.emailEvents),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT, ses.EmailSendingEvent.DELIVERY],
    });

    this.inboundSms = new sns.Topic(this, 'InboundSms', {
      displayName: 'Journeys inbound SMS (two-way SMS: STOP and other keywords)',
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    this.inboundSms.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingSmsPublishesInboundMessages',
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSms.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );

    for (const [name, topic] of [
      ['EmailEvents', this.emailEvents],
      ['InboundSms', this.inboundSms],
    ] as const) {
      const dlq = deadLetterQueue(this, `${name}SubscriptionDLQ`, `SNS messages of the ${name} topic that could not be delivered to delivery-feedback`);
      this.deadLetterQueues.push({ name: `${name} subscription`, queue: dlq });
      topic.addSubscription(new subscriptions.LambdaSubscription(props.deliveryFeedback, { deadLetterQueue: dlq }));
    }
  }
}
