/**
 * Runs journey-task handlers as Lambda would, against real dynalite, with the AWS clients they call mocked
 * with aws-sdk-client-mock (SES, SNS, Step Functions, EventBridge) and a settable clock.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { DynamoExperimentStore } from '../../functions/adapters/experiment-store';
import { JourneyControlStore } from '../../functions/adapters/journey-control-store';
import { FreezeStore } from '../../functions/adapters/freeze-store';
import { HoldRegistry } from '../../functions/adapters/hold-registry';
import { HoldStateReader } from '../../functions/adapters/hold-state';
import { FollowUps } from '../../functions/adapters/follow-ups';
import { JourneyExecutions } from '../../functions/adapters/journey-executions';
import { DynamoCrisisStore } from '../../functions/adapters/crisis-store';
import { createCustomerStores } from '../../functions/adapters/customer-stores';
import { DynamoEventDedup } from '../../functions/adapters/event-dedup';
import { DynamoSurveyStore } from '../../functions/adapters/survey-store';
import { SesEmailSender } from '../../functions/adapters/email-sender';
import { SnsPushSender } from '../../functions/adapters/push-sender';
import { SnsSmsSender } from '../../functions/adapters/sms-sender';
import { useClock } from '../../functions/handlers/runtime/clock';
import { setDependencies, type Dependencies } from '../../functions/handlers/runtime/dependencies';
import { resetConfig } from '../../functions/handlers/runtime/config';
import { startDynalite, type DynaliteHandle } from './dynalite';
import { TEST_UNSUBSCRIBE_SECRET } from './handler-env';

export interface TaskHarness {
  db: DynaliteHandle;
  deps: Dependencies;
  ses: AwsClientStub<SESv2Client>;
  sns: AwsClientStub<SNSClient>;
  sfn: AwsClientStub<SFNClient>;
  eventBridge: AwsClientStub<EventBridgeClient>;
  setNow(iso: string): void;
  close(): Promise<void>;
}

export async function startTaskHarness(): Promise<TaskHarness> {
  // The link secret fails closed without one (functions/handlers/runtime/link-secret.ts): tests configure theirs.
  process.env.UNSUBSCRIBE_SECRET = TEST_UNSUBSCRIBE_SECRET;
  resetConfig();
  const db = await startDynalite();
  let now = new Date('2026-11-23T10:00:00.000Z');
  const clock = () => now;
  useClock({ now: clock });
  const sesClient = new SESv2Client({ region: 'eu-central-1' });
  const snsClient = new SNSClient({ region: 'eu-central-1' });
  const sfnClient = new SFNClient({ region: 'eu-central-1' });
  const eventBridgeClient = new EventBridgeClient({ region: 'eu-central-1' });
  const harness = {
    ses: mockClient(sesClient),
    sns: mockClient(snsClient),
    sfn: mockClient(sfnClient),
    eventBridge: mockClient(eventBridgeClient),
  };
  const crisis = new DynamoCrisisStore(db.docClient, { tableName: db.tableName });
  const deps: Dependencies = {
    doc: db.docClient,
    ...createCustomerStores(db.docClient, { tableName: db.tableName, clock }),
    crisis,
    events: new DynamoEventDedup(db.docClient, { tableName: db.tableName, clock }),
    surveys: new DynamoSurveyStore(db.docClient, { tableName: db.tableName, clock }),
    email: new SesEmailSender(sesClient, { fromAddress: 'Journeys <no-reply@example.com>', configurationSetName: 'journeys' }),
    sms: new SnsSmsSender(snsClient, { senderId: 'Journeys' }),
    push: new SnsPushSender(snsClient),
    followUps: new FollowUps(db.docClient, eventBridgeClient, { tableName: db.tableName, busName: 'journeys' }),
    journeyControl: new JourneyControlStore(db.docClient, db.tableName),
    freeze: new FreezeStore(db.docClient, db.tableName),
    holds: new HoldRegistry(db.docClient, db.tableName),
    holdStates: new HoldStateReader(db.docClient, db.tableName),
    currentHoldState: (journey) => new HoldStateReader(db.docClient, db.tableName).read(journey),
    experiments: new DynamoExperimentStore(db.docClient, db.tableName),
    sfn: sfnClient,
    executions: new JourneyExecutions(sfnClient),
    eventBridge: eventBridgeClient,
    currentCrisis: () => crisis.get(),
  };
  setDependencies(deps);
  return {
    db,
    deps,
    ...harness,
    setNow: (iso) => {
      now = new Date(iso);
    },
    close: async () => {
      setDependencies(undefined);
      useClock(undefined);
      await db.close();
    },
  };
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a middy handler the way the Lambda runtime does. */
export async function invoke<R>(handler: (event: never, context: Context) => Promise<R>, name: string, payload: unknown): Promise<R> {
  return handler(payload as never, lambdaContext(name));
}
