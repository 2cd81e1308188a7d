/**
 * The single definition of the journeys table, as plain data. The CDK stack maps `TABLE` onto its
 * `TableV2`/`Table` props and the local runtime and the tests create the table from `createTableInput`, so the
 * cloud and the laptop cannot drift apart. No aws-cdk-lib import here: this file is loaded by Lambdas too.
 *
 * Layout (see keys.ts for every item's key):
 * - pk/sk: one item collection per customer (`CUSTOMER#<id>`), plus the crisis record (`CRISIS`), event
 *   de-duplication (`EVENT#<id>`) and surveys (`SURVEY#<token>`).
 * - GSI `bySegment` (segmentKey, customerId): sparse, only segment-membership items carry `segmentKey`.
 *   Projection KEYS_ONLY: a crisis broadcast only needs customer ids from the index, because it must load each
 *   customer's decision context anyway (consents, suppressions, locale, contact points). Projecting contact points
 *   would copy personal data into the index for no gain and make it bigger to write on every profile change.
 * - TTL attribute `ttl` (epoch seconds): suppressions with an expiry, the message ledger, send claims, waits,
 *   event ids and surveys expire on their own. DynamoDB deletes expired items lazily (typically within days), so
 *   every reader also ignores items whose `ttl` has passed.
 * - On-demand billing: traffic is bursty (a crisis broadcast) and otherwise low.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const DEFAULT_TABLE_NAME = 'journeys';
export const SEGMENT_INDEX_NAME = 'bySegment';
export const TTL_ATTRIBUTE = 'ttl';

export type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' | 'B' };

export interface TableLayout {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly {
    readonly indexName: string;
    readonly partitionKey: KeyAttribute;
    readonly sortKey: KeyAttribute;
    readonly projectionType: 'KEYS_ONLY' | 'ALL' | 'INCLUDE';
  }[];
}

/** The table layout in the vocabulary of CDK's table props (`AttributeType.STRING === 'S'`). */
export const TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: TTL_ATTRIBUTE,
  globalSecondaryIndexes: [
    {
      indexName: SEGMENT_INDEX_NAME,
      partitionKey: { name: 'segmentKey', type: 'S' },
      sortKey: { name: 'customerId', type: 'S' },
      projectionType: 'KEYS_ONLY',
    },
  ],
} as const satisfies TableLayout;

/**
 * Input for `CreateTableCommand`. TTL is not part of CreateTable in the DynamoDB API (it needs UpdateTimeToLive,
 * which dynalite does not implement); the CDK sets it from `TABLE.timeToLiveAttribute`, and locally the readers'
 * own expiry filter is what hides expired items.
 */
export function createTableInput(tableName: string = DEFAULT_TABLE_NAME): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute['type']>();
  const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])];
  for (const attribute of keyAttributes) attributes.set(attribute.name, attribute.type);
  return {
    TableName: tableName,
    BillingMode: TABLE.billingMode,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: gsi.projectionType },
    })),
  };
}

/**
 * Powertools idempotency records (route-event: an event delivered twice by EventBridge applies once). A table
 * of their own, with the key Powertools expects: records are hot, short-lived and unrelated to customers.
 */
export const DEFAULT_IDEMPOTENCY_TABLE_NAME = 'journeys-idempotency';
export const IDEMPOTENCY_TABLE = {
  partitionKey: { name: 'id', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiration',
} as const;

export function createIdempotencyTableInput(tableName: string = DEFAULT_IDEMPOTENCY_TABLE_NAME): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: IDEMPOTENCY_TABLE.billingMode,
    AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey.name, AttributeType: IDEMPOTENCY_TABLE.partitionKey.type }],
    KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey.name, KeyType: 'HASH' }],
  };
}
