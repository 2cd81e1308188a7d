/**
 * The handlers' world for behaviour tests: real stores on an in-process dynalite, the Step Functions and
 * EventBridge clients as real SDK client instances with aws-sdk-client-mock on those instances (not the classes),
 * a clock the test moves, all installed with `setDependencies`. `snapshot()` is the whole table, canonical, so a
 * test can assert that a refused request wrote nothing.
 */
import './quiet-runtime';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { DynamoCrisisStore } from '../../functions/adapters/crisis-store';
import { createCustomerStores, type CustomerStores } from '../../functions/adapters/customer-stores';
import { batchDeleteAll } from '../../functions/adapters/dynamo-helpers';
import { DynamoEventDedup } from '../../functions/adapters/event-dedup';
import { DynamoSurveyStore } from '../../functions/adapters/survey-store';
import { useClock } from '../../functions/handlers/runtime/clock';
import { resetConfig } from '../../functions/handlers/runtime/config';
import { setDependencies } from '../../functions/handlers/runtime/dependencies';
import { manualClock } from './adapter-fixtures';
import { startDynalite, type DynaliteHandle } from './dynalite';

export const CRISIS_STATE_MACHINE = 'arn:aws:states:eu-central-1:123456789012:stateMachine:journeys-crisis';
/** The stack's on-call role, as infra sets it on api-crisis; ONCALL (support/api-events.ts) is a session of it. */
export const ONCALL_ROLE_ARN = 'arn:aws:iam::123456789012:role/JourneysOnCall';
export const TEST_UNSUBSCRIBE_SECRET = 'handler-tests-unsubscribe-secret-0123456789';

export interface HandlerEnv extends CustomerStores {
  db: DynaliteHandle;
  clock: ReturnType<typeof manualClock>;
  crisis: DynamoCrisisStore;
  events: DynamoEventDedup;
  surveys: DynamoSurveyStore;
  sfn: SFNClient;
  sfnMock: AwsClientStub<SFNClient>;
  eventBridge: EventBridgeClient;
  eventBridgeMock: AwsClientStub<EventBridgeClient>;
  /** Every item of the table, sorted by key, as one JSON string. */
  snapshot(): Promise<string>;
  /** Calls that change something outside the table: PutEvents, StartExecution, SendTaskSuccess. */
  externalWrites(): number;
  /** Mocks back to their default answers (every PutEvents entry accepted, executions started and RUNNING). */
  resetMocks(): void;
  /** Deletes every item: each test starts from an empty table. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export async function startHandlerEnv(start = '2026-11-23T10:00:00.000Z'): Promise<HandlerEnv> {
  process.env.STATE_MACHINE_ARN_CRISIS = CRISIS_STATE_MACHINE;
  process.env.UNSUBSCRIBE_SECRET = TEST_UNSUBSCRIBE_SECRET;
  process.env.ONCALL_ROLE_ARN = ONCALL_ROLE_ARN;
  process.env.EVENT_BUS_NAME = 'journeys';
  resetConfig();
  const db = await startDynalite();
  const clock = manualClock(start);
  useClock({ now: clock.now });
  const tableName = db.tableName;
  const customerStores = createCustomerStores(db.docClient, { tableName, clock: clock.now });
  const crisis = new DynamoCrisisStore(db.docClient, { tableName });
  const events = new DynamoEventDedup(db.docClient, { tableName, clock: clock.now });
  const surveys = new DynamoSurveyStore(db.docClient, { tableName, clock: clock.now });
  const sfn = new SFNClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const eventBridge = new EventBridgeClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const sfnMock = mockClient(sfn);
  const eventBridgeMock = mockClient(eventBridge);
  setDependencies({ ...customerStores, crisis, events, surveys, sfn, eventBridge, currentCrisis: () => crisis.get() });

  const resetMocks = () => {
    sfnMock.reset();
    eventBridgeMock.reset();
    let n = 0;
    eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 0,
      Entries: (input.Entries ?? []).map(() => ({ EventId: `eb-${++n}` })),
    }));
    sfnMock.on(StartExecutionCommand).callsFake((input: { stateMachineArn: string; name: string }) => ({
      executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`,
      startDate: clock.now(),
    }));
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    sfnMock.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    sfnMock.on(StopExecutionCommand).callsFake(() => ({ stopDate: clock.now() }));
  };
  resetMocks();

  const scanAll = async () => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.docClient.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  return {
    db,
    clock,
    ...customerStores,
    crisis,
    events,
    surveys,
    sfn,
    sfnMock,
    eventBridge,
    eventBridgeMock,
    resetMocks,
    externalWrites: () =>
      eventBridgeMock.commandCalls(PutEventsCommand).length +
      sfnMock.commandCalls(StartExecutionCommand).length +
      sfnMock.commandCalls(SendTaskSuccessCommand).length,
    clear: async () => {
      const items = await scanAll();
      await batchDeleteAll(db.docClient, tableName, items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    },
    snapshot: async () => {
      const items = await scanAll();
      const key = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
      items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      return JSON.stringify(items.map(canonical));
    },
    close: async () => {
      setDependencies(undefined);
      useClock(undefined);
      sfnMock.restore();
      eventBridgeMock.restore();
      await db.close();
    },
  };
}

/** Object keys sorted, so two scans of the same items compare equal whatever order attributes come back in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}
