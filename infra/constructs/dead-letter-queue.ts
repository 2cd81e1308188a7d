/**
 * A dead-letter queue: encrypted (SQS-managed SSE, which EventBridge, SNS and Lambda can all write to without key
 * grants), TLS-only, 14 days to inspect and redrive. Every one gets a depth alarm (Alarms).
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** A dead-letter queue and a short name for alarms and the dashboard. */
export interface NamedQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

export function deadLetterQueue(scope: Construct, id: string, purpose: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    `This queue IS a dead-letter queue (${purpose}); nothing consumes it automatically, so a DLQ of its own would have nothing to catch. Its depth alarm pages on the first message.`,
  );
  return queue;
}
