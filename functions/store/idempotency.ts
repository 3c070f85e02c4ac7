import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { keys } from './keys.ts';
import { TTL_ATTRIBUTE } from './table.ts';

/**
 * Where Powertools' idempotency utility keeps the answers given for an Idempotency-Key: the one table,
 * in the partition keys.idempotency, the hashed key as sort key, deleted by the table's TTL after expiry.
 * Imported with import() only when a request carries the header, so the API's cold start never loads it.
 */
export function idempotencyPersistence(client: DynamoDBClient, tableName: string): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    // The table's key names (KEY_ATTRIBUTES in table.ts), written out as dynamo-store.ts does: importing the
    // object here would keep it in the cold-start bundle, which otherwise never needs it.
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: keys.idempotency,
    expiryAttr: TTL_ATTRIBUTE,
  });
}
