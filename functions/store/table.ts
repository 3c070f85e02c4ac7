import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one table. Keys (see keys.ts) come from the access patterns:
 * - a fiscal year's reports and actuals:        PK = FY#<fy>, SK = ACTION#<id> | KPI#<id>
 * - a KPI's series over the years:              GSI1PK = KPI#<id>, GSI1SK = PERIOD#<period>
 * - the revision history of one report:         PK = REV#<report key>, SK = V#<version>
 * - the revision history of one assignment:     PK = REV#ASSIGNMENT#<n>, SK = V#<version>
 * - the plan's head (which chunks are current):  PK = PLAN, SK = CURRENT
 * - the plan's text in chunks of ≤350 KB:       PK = PLAN#<hash>, SK = CHUNK#<nnnn>
 * - HQ's department assignments:                PK = ASSIGNMENT, SK = MEASURE#<nnn>
 * - mails sent once (claims):                   PK = DIGEST, SK = FY#<fy>; PK = REMINDER, SK = FY#<fy>#ROUND#<nn>#DEPT#<code>
 * - digests as sent:                            PK = DIGEST#FY#<fy>, SK = SENT#<at>
 * - notice events not yet delivered (outbox):   PK = NOTICE#OUTBOX, SK = EVENT#<at>_<uuid> (expire after 7 days)
 * - submissions of a day for HQ's summary:      PK = NOTICE#DAILY#<YYYY-MM-DD>, SK = EVENT#<at>_<uuid> (expire after 35 days)
 * - notices sent (claims, the sent log):       PK = NOTICE#SENT#FY#<fy>, SK = EVENT#<at>_<uuid>
 * - people who signed in:                      PK = PERSON, SK = SUB#<sub>
 * - a person's notice settings:                PK = NOTICESETTINGS, SK = SUB#<sub>; revisions PK = REV#NOTICESETTINGS#<sub>
 * - answers kept for an Idempotency-Key (24 h):  PK = IDEMPOTENCY, SK = api#<hash of caller, route and key>
 */
export const KEY_ATTRIBUTES = { partition: 'PK', sort: 'SK', gsi1Partition: 'GSI1PK', gsi1Sort: 'GSI1SK' } as const;
export const GSI1 = 'GSI1';
/**
 * DynamoDB's time-to-live attribute (epoch seconds): items carrying it are deleted some time after it passes.
 * Only short-lived items set it (the answers kept for an Idempotency-Key, notice events in the outbox); the table's TTL setting names it.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: Object.values(KEY_ATTRIBUTES).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: KEY_ATTRIBUTES.partition, KeyType: 'HASH' },
      { AttributeName: KEY_ATTRIBUTES.sort, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: KEY_ATTRIBUTES.gsi1Partition, KeyType: 'HASH' },
          { AttributeName: KEY_ATTRIBUTES.gsi1Sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
