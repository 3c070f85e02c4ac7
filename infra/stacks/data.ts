import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { GSI1, KEY_ATTRIBUTES, TTL_ATTRIBUTE } from '../../functions/store/table.ts';

/** The one table; its keys come from functions/store/table.ts so AWS and local cannot drift. */
export class DataStack extends Stack {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: KEY_ATTRIBUTES.partition, type: dynamodb.AttributeType.STRING },
      sortKey: { name: KEY_ATTRIBUTES.sort, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: GSI1,
          partitionKey: { name: KEY_ATTRIBUTES.gsi1Partition, type: dynamodb.AttributeType.STRING },
          sortKey: { name: KEY_ATTRIBUTES.gsi1Sort, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
      // Kept answers for an Idempotency-Key expire after 24 h, notice events in the outbox after a week.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // New items only: the notice pipe (DigestStack) reads the outbox's events from it.
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    });
  }
}
