/**
 * The journeys table: one item collection per customer, the crisis record, event de-duplication, surveys and
 * waits (see functions/adapters/keys.ts); and the Powertools idempotency table (route-event's records). Both
 * layouts come from functions/adapters/table-definition.ts, the definition the local runtime creates its tables
 * from.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, TABLE, type TableLayout } from '../../functions/adapters/table-definition';

const attribute = (a: { readonly name: string; readonly type: 'S' | 'N' | 'B' }): dynamodb.Attribute => ({
  name: a.name,
  type: a.type as dynamodb.AttributeType,
});

const PROJECTION: Record<TableLayout['globalSecondaryIndexes'][number]['projectionType'], dynamodb.ProjectionType> = {
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  ALL: dynamodb.ProjectionType.ALL,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

export class JourneysTable extends Construct {
  readonly table: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE.partitionKey),
      sortKey: attribute(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Customer profiles, consents and the crisis audit trail: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: attribute(gsi.partitionKey),
        sortKey: attribute(gsi.sortKey),
        projectionType: PROJECTION[gsi.projectionType],
      });
    }

    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: attribute(IDEMPOTENCY_TABLE.partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Short-lived de-duplication records (days): losing them only re-allows an already-routed event.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
