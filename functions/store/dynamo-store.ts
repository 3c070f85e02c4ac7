import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { InvalidCursorError, StoreUnavailableError, VersionMismatchError } from './errors.ts';
import { stamp } from './versioned.ts';
import type { Versioned, VersionedWrite } from './versioned.ts';
import { GSI1, TTL_ATTRIBUTE } from './table.ts';
import { keys } from './keys.ts';
import { PLAN_CONTENT_FORMAT } from '../domain/catalogue/content-format.ts';
import type { PlanHeadRecord, PlanVersionRecord, PlanWrite } from './plan-records.ts';
import type {
  AssignmentRecord,
  AttachmentRecord,
  ClaimMarker,
  ClaimRef,
  DigestArchive,
  NoticeEvent,
  NoticeSettingsRecord,
  PersonRecord,
  ReportRecord,
  ReportRef,
  ReportFiguresRecord,
  ReportStatusRecord,
  Revision,
  SentMail,
  SentNotice,
  SentReminder,
  StoredPlan,
} from './records.ts';
import type { OpinionRecord, OpinionRevision, PublicationEvent, PublicationRecord } from './publication-records.ts';
import type { NoticeSettingsRevision, PlanMappingRecord, PlanMappingRevision, ReportWrite, Store } from './store.ts';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A Put that succeeds only on the version the writer read (or, for null, only when nothing is there yet).
 * When it fails, DynamoDB returns the stored item with the refusal (ALL_OLD): the conflict carries it.
 */
function versionedPut(table: string, item: Record<string, unknown>, expectedVersion: number | null): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: item,
      ConditionExpression: expectedVersion === null ? 'attribute_not_exists(PK)' : 'version = :expected',
      ...(expectedVersion === null ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Revisions are immutable: a second write of the same version fails the whole transaction. */
function revisionPut(table: string, partition: string, revision: { version: number }): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { PK: partition, SK: keys.revision(revision.version), ...revision },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Where a versioned record is kept: its item's key (and any index attributes), and its revisions' partition. */
interface Place {
  item: Record<string, string>;
  revisions: string;
}

/** The two actions of every versioned write: the record, conditional on the version read, and its revision. */
function versionedActions(table: string, place: Place, record: object, revision: { version: number }, expectedVersion: number | null): TransactItem[] {
  return [versionedPut(table, { ...place.item, ...record }, expectedVersion), revisionPut(table, place.revisions, revision)];
}

const reportPlace = (report: ReportRecord): Place => ({
  item: {
    ...keys.report(report),
    ...(report.kind === 'kpi' ? { GSI1PK: keys.kpiSeries(report.subject), GSI1SK: keys.period(report.fiscalYear) } : {}),
  },
  revisions: keys.revisions(report),
});

/** A day's filed submissions are read on that day; kept a little over a month for whoever looks into a summary. */
const DAILY_SUBMISSION_SECONDS = 35 * 24 * 3600;

/** A notice event stays in the outbox a week (TTL): long enough for the stream, the queue's retries and the dead-letter queue's reading. */
const NOTICE_OUTBOX_SECONDS = 7 * 24 * 3600;

function reportWrite(write: ReportWrite, table: string): TransactItem[] {
  const { record, revision } = stamp(write);
  const actions = versionedActions(table, reportPlace(record), record, revision, write.expectedVersion);
  if (!write.notice) return actions;
  const expiresAt = Math.floor(Date.parse(write.notice.occurredAt) / 1000) + NOTICE_OUTBOX_SECONDS;
  const event: TransactItem = {
    Put: {
      TableName: table,
      Item: { ...keys.noticeEvent(write.notice.id), ...write.notice, [TTL_ATTRIBUTE]: expiresAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
  return [...actions, event];
}

/**
 * DynamoDB's limits on one TransactWriteItems call: at most 100 actions, and at most 4 MB of items in all
 * (AWS, "Amazon DynamoDB Transactions: How it works"). 4 MB is taken as 4,000,000 bytes, the smaller reading.
 * Only report writes can reach them (an import of many rows); every other transaction here writes two items
 * of at most 400 KB each.
 */
const TRANSACTION_MAX_ITEMS = 100;
const TRANSACTION_MAX_BYTES = 4_000_000;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * The bytes DynamoDB counts for a value, rounded up (AWS, "Item sizes and formats"): strings as UTF-8, a
 * number at its largest (21 bytes), null and booleans 1 byte, a map or list 3 bytes plus 1 per element and
 * each element's name and value.
 */
function attributeBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 21;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((sum: number, element) => sum + 1 + attributeBytes(element), 3);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).reduce((sum, [name, element]) => sum + 1 + utf8Bytes(name) + attributeBytes(element), 3);
  }
  return 1;
}

/**
 * What one action adds to a transaction's size, counted generously: the item it puts (attribute names and
 * values) or the key it deletes, plus its condition's text and values, so the sum stays above what DynamoDB counts.
 */
function transactItemBytes(action: TransactItem): number {
  const operation = (action.Put ?? action.Delete ?? action.Update ?? action.ConditionCheck) as Record<string, unknown>;
  return attributeBytes(operation);
}

/**
 * Groups of writes, in order, each small enough for one transaction (≤100 actions, ≤4 MB): a write's
 * actions (a report and its revision) always stay in one group. A write bigger than a whole transaction
 * cannot occur (an item is at most 400 KB) and would be left alone in its group for DynamoDB to refuse.
 */
function transactionGroups<W>(writes: readonly W[], actionsOf: (write: W) => TransactItem[]): { writes: W[]; actions: TransactItem[] }[] {
  const groups: { writes: W[]; actions: TransactItem[]; bytes: number }[] = [];
  for (const write of writes) {
    const actions = actionsOf(write);
    const bytes = actions.reduce((sum, action) => sum + transactItemBytes(action), 0);
    const last = groups.at(-1);
    if (last && last.actions.length + actions.length <= TRANSACTION_MAX_ITEMS && last.bytes + bytes <= TRANSACTION_MAX_BYTES) {
      last.writes.push(write);
      last.actions.push(...actions);
      last.bytes += bytes;
    } else {
      groups.push({ writes: [write], actions: [...actions], bytes });
    }
  }
  return groups;
}

/** Node's socket errors when the table's endpoint is down or drops the connection. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** DynamoDB's answers for "too much at once" and "busy right now" (the SDK already retried them). */
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
]);
const BUSY_CANCELLATION_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * A fault that is the table's and not the request's, as the SDK's own retry classification sees it:
 * unreachable (socket errors, timeouts, 5xx) or throttled. Anything else is returned as undefined.
 */
function unavailability(error: unknown, depth = 0): StoreUnavailableError | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const { name, code, message, $metadata, cause, CancellationReasons } = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
    CancellationReasons?: { Code?: string }[];
  };
  if (THROTTLING_NAMES.has(name ?? '') || $metadata?.httpStatusCode === 429) return new StoreUnavailableError('throttled', { cause: error });
  // A transaction cancelled only because another one held the items, or because of throttling.
  if (
    CancellationReasons?.some((reason) => BUSY_CANCELLATION_CODES.has(reason.Code ?? '')) &&
    !CancellationReasons.some((reason) => reason.Code === 'ConditionalCheckFailed')
  ) {
    return new StoreUnavailableError('throttled', { cause: error });
  }
  if (
    CONNECTION_CODES.has(code ?? '') ||
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    /socket hang up/i.test(message ?? '') ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  ) {
    return new StoreUnavailableError('unreachable', { cause: error });
  }
  const nested = error instanceof AggregateError ? error.errors : [cause];
  for (const inner of nested) {
    const found = unavailability(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The plan's head item: the current plan's hash and how many chunks hold it (planJson: the pre-chunking shape). */
interface PlanHead {
  hash: string;
  loadedAt: string;
  chunks: number;
  version?: number;
  planJson?: string;
}

/** DynamoDB's item limit is 400 KB including keys; a chunk of 350 KB leaves room for them. */
const PLAN_CHUNK_BYTES = 350 * 1024;

/** The plan's JSON text as UTF-8 bytes in pieces (bytes, so a chunk boundary may fall inside a character). */
function splitChunks(json: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(json);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += PLAN_CHUNK_BYTES) chunks.push(bytes.subarray(at, at + PLAN_CHUNK_BYTES));
  return chunks;
}

function joinChunks(chunks: readonly Uint8Array[]): string {
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * An item as the rest of the system sees it: without the table's keys. Records written before plans had
 * keys name their measure by its number (5); the number was the key, so it is read as the key ("5"). That
 * holds for reports and assignments (`measure`) and for council opinions (`body.measure`).
 */
function stripKeys<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = item;
  if (typeof rest.measure === 'number') rest.measure = String(rest.measure);
  const body = rest.body as Record<string, unknown> | undefined;
  if (typeof body?.measure === 'number') rest.body = { ...body, measure: String(body.measure) };
  return rest as T;
}

/** DynamoDB's most keys in one BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** BatchGetItem requests in flight at once: a department's items at 100× (~3,700) in ~10 rounds. */
const BATCH_GETS_IN_FLIGHT = 4;
/** Rounds of asking again for the keys DynamoDB left unprocessed (throttled) before giving up as busy. */
const BATCH_GET_ROUNDS = 8;

/**
 * What listFiscalYearStatus projects: ReportStatusRecord's fields, the body's status, rating and value only.
 * Every name through a placeholder, so none can clash with DynamoDB's reserved words (STATE, STATUS, VALUE…).
 */
const STATUS_PROJECTION = {
  ProjectionExpression: '#kind, #fiscalYear, #subject, #department, #measure, #state, #submittedFrom, #body.#status, #body.#rating, #body.#value',
  ExpressionAttributeNames: Object.fromEntries(
    ['kind', 'fiscalYear', 'subject', 'department', 'measure', 'state', 'submittedFrom', 'body', 'status', 'rating', 'value'].map((name) => [`#${name}`, name]),
  ),
};

/**
 * A projected report as its type says it: DynamoDB leaves out a map none of whose projected paths exist, so a
 * draft with none of the body's projected fields (a qualitative KPI's actual has no value) came back without
 * `body`, and a reader of `record.body.value` failed on it.
 */
const withBody = <T extends { body: object }>(record: T): T => (record.body === undefined ? { ...record, body: {} } : record);

/** What listFiscalYearFigures projects: ReportFiguresRecord's fields, every name through a placeholder as above. */
const FIGURES_PROJECTION = {
  ProjectionExpression: '#kind, #fiscalYear, #subject, #department, #state, #body.#value, #body.#assessment, #body.#asOf, #body.#note, #body.#effectAmount',
  ExpressionAttributeNames: Object.fromEntries(
    ['kind', 'fiscalYear', 'subject', 'department', 'state', 'body', 'value', 'assessment', 'asOf', 'note', 'effectAmount'].map((name) => [`#${name}`, name]),
  ),
};

export interface DynamoStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
  clientConfig?: DynamoDBClientConfig;
}

export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly client: DynamoDBClient;
  private idempotency?: Promise<BasePersistenceLayer>;

  constructor(options: DynamoStoreOptions) {
    const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.client = client;
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = options.tableName;
    // Outermost, so it sees what is left after the SDK's retries: every call reports a down or busy
    // table the same way (StoreUnavailableError), whichever method made it.
    this.doc.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          throw unavailability(error) ?? error;
        }
      },
      { step: 'initialize', name: 'storeUnavailability', override: true },
    );
  }

  /** Answers when the table can be read: a GetItem of a key that never holds an item (cheapest read there is). */
  async checkReachable(): Promise<void> {
    await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.health }));
  }

  idempotencyRecords(): Promise<BasePersistenceLayer> {
    this.idempotency ??= import('./idempotency.ts').then(({ idempotencyPersistence }) => idempotencyPersistence(this.client, this.table));
    return this.idempotency;
  }

  private async queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey }));
      for (const item of page.Items ?? []) items.push(stripKeys<T>(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** Every item of one partition, the access pattern most lists here use. */
  private queryPartition<T>(partition: string): Promise<T[]> {
    return this.queryAll<T>({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partition } });
  }

  private async getItem<T>(key: { PK: string; SK: string }): Promise<T | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    return Item ? stripKeys<T>(Item) : undefined;
  }

  /**
   * Runs a transaction and turns a failed condition on one of `conditions` (the index of a conditional
   * action) into VersionMismatchError, carrying the stored item when DynamoDB returned it (ALL_OLD).
   */
  private async transact(items: TransactItem[], conditions: { index: number; key: string }[]) {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        for (const condition of conditions) {
          const reason = reasons[condition.index];
          if (reason?.Code === 'ConditionalCheckFailed') {
            // The document client does not convert errors: the item comes as DynamoDB's attribute values.
            throw new VersionMismatchError(condition.key, reason.Item ? stripKeys(unmarshall(reason.Item)) : undefined);
          }
        }
      }
      throw error;
    }
  }

  /**
   * The one write of a versioned record: `stamp` gives it its next version, time and author, and the record
   * and its revision land in one transaction, conditional on the version read. Returns the stored record;
   * VersionMismatchError (with the stored record) when someone wrote first.
   */
  private async writeVersioned<R extends Versioned, V extends { version: number; at: string; by: ReportRecord['updatedBy'] }>(
    placeOf: (record: R) => Place,
    write: VersionedWrite<R, V>,
  ): Promise<R> {
    const { record, revision } = stamp(write);
    const place = placeOf(record);
    await this.transact(versionedActions(this.table, place, record, revision, write.expectedVersion), [{ index: 0, key: place.item.SK! }]);
    return record;
  }

  /**
   * The single plan of releases before plans were data, or undefined: read once, to upgrade the table
   * (store/plan-upgrade.ts). Its head names its chunks; an older head holds the plan itself (`planJson`).
   */
  async getLegacyPlan(): Promise<StoredPlan | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.plan, ConsistentRead: true }));
    const head = Item as PlanHead | undefined;
    if (!head) return undefined;
    if (head.planJson !== undefined) return { plan: JSON.parse(head.planJson), hash: head.hash, loadedAt: head.loadedAt };
    return { plan: await this.readChunks(head.hash, head.chunks), hash: head.hash, loadedAt: head.loadedAt };
  }

  /** A plan's JSON from its chunks (consistent: chunks written just before their head are there). */
  private async readChunks(hash: string, count: number): Promise<unknown> {
    const chunks = await this.queryAll<{ data: Uint8Array }>({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.planChunks(hash) },
      ConsistentRead: true,
    });
    if (chunks.length !== count) throw new Error(`計画データを読めません（分割の数が合いません：${chunks.length}/${count}）`);
    return JSON.parse(joinChunks(chunks.map((chunk) => chunk.data)));
  }

  listPlans(): Promise<PlanHeadRecord[]> {
    return this.queryPartition<PlanHeadRecord>(keys.plans);
  }

  listPlanVersions(planId: string): Promise<PlanVersionRecord[]> {
    return this.queryAll<PlanVersionRecord>({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.planVersions(planId) },
      ConsistentRead: true,
    });
  }

  readPlanContent(version: Pick<PlanVersionRecord, 'hash' | 'chunks'>): Promise<unknown> {
    return this.readChunks(version.hash, version.chunks);
  }

  /**
   * A plan's next version, of any size: the content's chunks first (≤350 KB each, under DynamoDB's 400 KB
   * item limit), in a partition named by the content's hash that nobody reads yet and that versions with
   * the same content share; then the head and the version record in one transaction, conditional on the
   * version read. Only that transaction makes the new version visible; every earlier version stays.
   */
  async writePlan(write: PlanWrite): Promise<{ head: PlanHeadRecord; version: PlanVersionRecord }> {
    const version = (write.expectedVersion ?? 0) + 1;
    let content: { hash: string; chunks: number; format?: number };
    if (write.content) {
      const chunks = splitChunks(JSON.stringify(write.content.plan));
      const hash = write.content.hash;
      await Promise.all(
        chunks.map((data, index) =>
          this.doc.send(new PutCommand({ TableName: this.table, Item: { PK: keys.planChunks(hash), SK: keys.planChunk(index), data } })),
        ),
      );
      content = { hash, chunks: chunks.length, format: PLAN_CONTENT_FORMAT };
    } else {
      const previous =
        write.expectedVersion === null ? undefined : await this.getItem<PlanVersionRecord>(keys.planVersion(write.head.id, write.expectedVersion));
      if (!previous) throw new VersionMismatchError(keys.planHead(write.head.id).SK);
      content = { hash: previous.hash, chunks: previous.chunks, ...(previous.format === undefined ? {} : { format: previous.format }) };
    }
    const head: PlanHeadRecord = { ...write.head, version, updatedAt: write.at, updatedBy: write.by };
    const record: PlanVersionRecord = {
      planId: write.head.id,
      version,
      action: write.action,
      ...content,
      effectiveFrom: write.effectiveFrom,
      status: write.head.status,
      changes: write.changes,
      comment: write.comment,
      at: write.at,
      by: write.by,
    };
    const condition =
      write.expectedVersion === null
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': write.expectedVersion } };
    await this.transact(
      [
        { Put: { TableName: this.table, Item: { ...keys.planHead(head.id), ...head }, ...condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        { Put: { TableName: this.table, Item: { ...keys.planVersion(head.id, version), ...record }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
      [
        { index: 0, key: keys.planHead(head.id).SK },
        { index: 1, key: keys.planHead(head.id).SK },
      ],
    );
    return { head, version: record };
  }

  getReport(ref: ReportRef): Promise<ReportRecord | undefined> {
    return this.getItem<ReportRecord>(keys.report(ref));
  }

  listFiscalYear(fiscalYear: number): Promise<ReportRecord[]> {
    return this.queryPartition<ReportRecord>(keys.fiscalYear(fiscalYear));
  }

  async listFiscalYearStatus(fiscalYear: number, only?: 'kpi'): Promise<ReportStatusRecord[]> {
    const partition = keys.fiscalYear(fiscalYear);
    const records = await this.queryAll<ReportStatusRecord>({
      ...STATUS_PROJECTION,
      KeyConditionExpression: only === 'kpi' ? 'PK = :pk AND begins_with(SK, :kind)' : 'PK = :pk',
      ExpressionAttributeValues: only === 'kpi' ? { ':pk': partition, ':kind': keys.kpiReportPrefix } : { ':pk': partition },
    });
    return records.map(withBody);
  }

  async listFiscalYearFigures(fiscalYear: number): Promise<ReportFiguresRecord[]> {
    const records = await this.queryAll<ReportFiguresRecord>({
      ...FIGURES_PROJECTION,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.fiscalYear(fiscalYear) },
    });
    return records.map(withBody);
  }

  getReports(refs: readonly ReportRef[]): Promise<ReportRecord[]> {
    return this.batchGetReports<ReportRecord>(refs);
  }

  async getReportStatuses(refs: readonly ReportRef[]): Promise<ReportStatusRecord[]> {
    // The keys too: the records are put in key order below.
    const records = await this.batchGetReports<ReportStatusRecord>(refs, {
      ProjectionExpression: `#PK, #SK, ${STATUS_PROJECTION.ProjectionExpression}`,
      ExpressionAttributeNames: { ...STATUS_PROJECTION.ExpressionAttributeNames, '#PK': 'PK', '#SK': 'SK' },
    });
    return records.map(withBody);
  }

  private async batchGetReports<T>(
    refs: readonly ReportRef[],
    projection?: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> },
  ): Promise<T[]> {
    // BatchGetItem refuses a request naming one key twice.
    const unique = [...new Map(refs.map((ref) => [JSON.stringify(keys.report(ref)), keys.report(ref)])).values()];
    const batches = Array.from({ length: Math.ceil(unique.length / BATCH_GET_KEYS) }, (_, i) => unique.slice(i * BATCH_GET_KEYS, (i + 1) * BATCH_GET_KEYS));
    const found: { key: Buffer; record: T }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        let pending: Record<string, unknown>[] = batches[next++]!;
        for (let round = 0; pending.length > 0; round++) {
          // DynamoDB answers what it could and names the rest (throttling): ask again after a growing pause.
          if (round === BATCH_GET_ROUNDS) throw new StoreUnavailableError('throttled');
          if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
          const { Responses, UnprocessedKeys } = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ...projection } } }));
          for (const item of Responses?.[this.table] ?? []) found.push({ key: Buffer.from(`${item.PK}\n${item.SK}`), record: stripKeys<T>(item) });
          pending = UnprocessedKeys?.[this.table]?.Keys ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_GETS_IN_FLIGHT, batches.length) }, worker));
    // In the order a Query reads them (keys compared as bytes, as DynamoDB does), so a reader that meets an item's
    // record and its parts' sees them as it would in listFiscalYear: the item's own record first.
    return found.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ record }) => record);
  }

  async listFiscalYearPage(
    fiscalYear: number,
    page: { cursor?: string; limit?: number },
  ): Promise<{ records: ReportRecord[]; nextCursor: string | undefined }> {
    const partition = keys.fiscalYear(fiscalYear);
    const after = page.cursor === undefined ? undefined : keys.reportCursor.decode(page.cursor);
    if (page.cursor !== undefined && after === undefined) throw new InvalidCursorError();
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ...(after ? { ExclusiveStartKey: { PK: partition, SK: after } } : {}),
        ...(page.limit ? { Limit: page.limit } : {}),
      }),
    );
    return {
      records: (Items ?? []).map((item) => stripKeys<ReportRecord>(item)),
      nextCursor: LastEvaluatedKey ? keys.reportCursor.encode(String(LastEvaluatedKey.SK)) : undefined,
    };
  }

  kpiSeries(kpiId: string): Promise<ReportRecord[]> {
    return this.queryAll<ReportRecord>({
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.kpiSeries(kpiId) },
    });
  }

  async writeReport(write: ReportWrite): Promise<ReportRecord> {
    const [record] = await this.writeReports([write]);
    return record!;
  }

  /** One transaction for all `writes`: the caller groups them with reportTransactions first. */
  async writeReports(writes: readonly ReportWrite[]): Promise<ReportRecord[]> {
    // Each write's first action is its report's conditional put; a write with a notice has one action more.
    const items: TransactItem[] = [];
    const conditions = writes.map((write) => {
      const index = items.length;
      items.push(...reportWrite(write, this.table));
      return { index, key: keys.report(write.content).SK };
    });
    await this.transact(items, conditions);
    return writes.map((write) => stamp(write).record);
  }

  reportTransactions<W extends ReportWrite>(writes: readonly W[]): W[][] {
    return transactionGroups(writes, (write) => reportWrite(write, this.table)).map((group) => group.writes);
  }

  async revertReportWrites(writes: readonly { next: ReportRecord; previous: ReportRecord | undefined }[]): Promise<void> {
    const actionsOf = ({ next, previous }: (typeof writes)[number]): TransactItem[] => {
      const atVersion = { ConditionExpression: 'version = :written', ExpressionAttributeValues: { ':written': next.version } };
      const revision = { Delete: { TableName: this.table, Key: { PK: keys.revisions(next), SK: keys.revision(next.version) } } };
      if (!previous) return [{ Delete: { TableName: this.table, Key: keys.report(next), ...atVersion } }, revision];
      // Putting back what was there is not a new version: the previous record goes back as it was.
      return [{ Put: { TableName: this.table, Item: { ...reportPlace(previous).item, ...previous }, ...atVersion } }, revision];
    };
    // Putting back a long report weighs as much as writing it: the same limits group the reverts.
    for (const group of transactionGroups(writes, actionsOf)) {
      await this.transact(
        group.actions,
        group.writes.map((write, i) => ({ index: i * 2, key: keys.report(write.next).SK })),
      );
    }
  }

  async listRevisions(ref: ReportRef): Promise<Revision[]> {
    return this.queryPartition<Revision>(keys.revisions(ref));
  }

  listAttachments(ref: ReportRef): Promise<AttachmentRecord[]> {
    const { PK, prefix } = keys.attachments(ref);
    return this.queryAll<AttachmentRecord>({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
    });
  }

  listFiscalYearAttachments(fiscalYear: number): Promise<AttachmentRecord[]> {
    return this.queryPartition<AttachmentRecord>(keys.fiscalYearAttachments(fiscalYear));
  }

  getAttachment(ref: ReportRef, id: string): Promise<AttachmentRecord | undefined> {
    return this.getItem<AttachmentRecord>(keys.attachment(ref, id));
  }

  async createAttachment(record: AttachmentRecord): Promise<void> {
    await this.transact([versionedPut(this.table, { ...keys.attachment(record.report, record.id), ...record }, null)], [{ index: 0, key: record.id }]);
  }

  async deletePendingAttachment(ref: ReportRef, id: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({
        TableName: this.table,
        Key: keys.attachment(ref, id),
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
  }

  async changeAttachment(next: AttachmentRecord, expectedVersion: number, revision: Revision): Promise<void> {
    const report = keys.report(next.report);
    await this.transact(
      [
        versionedPut(this.table, { ...keys.attachment(next.report, next.id), ...next }, expectedVersion),
        {
          Put: {
            TableName: this.table,
            Item: { PK: keys.revisions(next.report), SK: keys.attachmentRevision(revision.version, revision.at, next.id), ...revision },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        // An approved report's files stay as HQ approved them (issue 24), even against a removal racing the approval.
        {
          ConditionCheck: {
            TableName: this.table,
            Key: report,
            ConditionExpression: 'attribute_not_exists(PK) OR #state <> :approved',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':approved': 'approved' },
          },
        },
      ],
      [
        { index: 0, key: next.id },
        { index: 2, key: report.SK },
      ],
    );
  }

  listAssignments(): Promise<AssignmentRecord[]> {
    return this.queryPartition<AssignmentRecord>(keys.assignments);
  }

  writeAssignment(write: VersionedWrite<AssignmentRecord, Revision>): Promise<AssignmentRecord> {
    return this.writeVersioned((next) => ({ item: keys.assignment(next.measure), revisions: keys.assignmentRevisions(next.measure) }), write);
  }

  listAssignmentRevisions(measure: string): Promise<Revision[]> {
    return this.queryPartition<Revision>(keys.assignmentRevisions(measure));
  }

  getPlanMapping(signature: string): Promise<PlanMappingRecord | undefined> {
    return this.getItem<PlanMappingRecord>(keys.planMapping(signature));
  }

  writePlanMapping(write: VersionedWrite<PlanMappingRecord, PlanMappingRevision>): Promise<PlanMappingRecord> {
    return this.writeVersioned((next) => ({ item: keys.planMapping(next.signature), revisions: keys.planMappingRevisions(next.signature) }), write);
  }

  async claim(ref: ClaimRef, options: { force: boolean; now: string; staleBefore: string }): Promise<boolean> {
    // Never two sends at once, even when forced; a "sending" claim older than staleBefore was a crash.
    const free = 'attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)';
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.claim(ref),
          UpdateExpression: 'SET #status = :sending, claimedAt = :now, fiscalYear = :fy, sentCount = if_not_exists(sentCount, :zero)',
          ConditionExpression: options.force ? `${free} OR #status = :sent` : free,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':stale': options.staleBefore,
            ':now': options.now,
            ':fy': ref.fiscalYear,
            ':zero': 0,
            ...(options.force ? { ':sent': 'sent' } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async completeClaim(ref: ClaimRef, claimedAt: string, sent: SentMail, archive?: DigestArchive): Promise<void> {
    const key = keys.claim(ref);
    await this.transact(
      [
        {
          Update: {
            TableName: this.table,
            Key: key,
            UpdateExpression: `SET #status = :sent, lastSentAt = :at, messageId = :messageId, recipients = :recipients${sent.notice ? ', notice = :notice' : ''} ADD sentCount :one`,
            ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':sending': 'sending',
              ':claimedAt': claimedAt,
              ':at': sent.sentAt,
              ':messageId': sent.messageId,
              ':recipients': sent.recipients,
              ':one': 1,
              ...(sent.notice ? { ':notice': sent.notice } : {}),
            },
          },
        },
        ...(archive
          ? [
              {
                Put: {
                  TableName: this.table,
                  Item: { PK: keys.digestArchive(archive.fiscalYear), SK: keys.digestSent(archive.sentAt), ...archive },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ]
          : []),
      ],
      [{ index: 0, key: `${key.PK}#${key.SK}` }],
    );
  }

  async failClaim(ref: ClaimRef, claimedAt: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.claim(ref),
          UpdateExpression: 'SET #status = :failed',
          ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':claimedAt': claimedAt },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  getClaim(ref: ClaimRef): Promise<ClaimMarker | undefined> {
    return this.getItem<ClaimMarker>(keys.claim(ref));
  }

  listDigests(fiscalYear: number): Promise<DigestArchive[]> {
    return this.queryPartition<DigestArchive>(keys.digestArchive(fiscalYear));
  }

  getOpinion(fiscalYear: number, id: string): Promise<OpinionRecord | undefined> {
    return this.getItem<OpinionRecord>(keys.opinion(fiscalYear, id));
  }

  listOpinions(fiscalYear: number): Promise<OpinionRecord[]> {
    return this.queryPartition<OpinionRecord>(keys.opinions(fiscalYear));
  }

  writeOpinion(write: VersionedWrite<OpinionRecord, OpinionRevision>): Promise<OpinionRecord> {
    return this.writeVersioned((next) => ({ item: keys.opinion(next.fiscalYear, next.id), revisions: keys.opinionRevisions(next.fiscalYear, next.id) }), write);
  }

  listOpinionRevisions(fiscalYear: number, id: string): Promise<OpinionRevision[]> {
    return this.queryPartition<OpinionRevision>(keys.opinionRevisions(fiscalYear, id));
  }

  getPublication(fiscalYear: number): Promise<PublicationRecord | undefined> {
    return this.getItem<PublicationRecord>(keys.publication(fiscalYear));
  }

  listPublications(): Promise<PublicationRecord[]> {
    return this.queryPartition<PublicationRecord>(keys.publications);
  }

  writePublication(write: VersionedWrite<PublicationRecord, PublicationEvent>): Promise<PublicationRecord> {
    return this.writeVersioned((next) => ({ item: keys.publication(next.fiscalYear), revisions: keys.publicationEvents(next.fiscalYear) }), write);
  }

  listPublicationEvents(fiscalYear: number): Promise<PublicationEvent[]> {
    return this.queryPartition<PublicationEvent>(keys.publicationEvents(fiscalYear));
  }

  async pendingNoticeEvents(): Promise<NoticeEvent[]> {
    const items = await this.queryAll<NoticeEvent & { [TTL_ATTRIBUTE]?: number }>({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.noticeOutbox },
      ConsistentRead: true,
    });
    return items.map(({ [TTL_ATTRIBUTE]: _expires, ...event }) => event);
  }

  async forgetNoticeEvent(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.noticeEvent(id) }));
  }

  async fileDailySubmission(day: string, event: NoticeEvent): Promise<void> {
    const expiresAt = Math.floor(Date.parse(event.occurredAt) / 1000) + DAILY_SUBMISSION_SECONDS;
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...keys.dailySubmission(day, event.id), ...event, [TTL_ATTRIBUTE]: expiresAt } }));
  }

  async listDailySubmissions(day: string): Promise<NoticeEvent[]> {
    const items = await this.queryAll<NoticeEvent & { [TTL_ATTRIBUTE]?: number }>({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.dailySubmissions(day) },
      ConsistentRead: true,
    });
    return items.map(({ [TTL_ATTRIBUTE]: _expires, ...event }) => event);
  }

  async listSentNotices(fiscalYear: number, page: { cursor?: string; limit: number }): Promise<{ notices: SentNotice[]; nextCursor: string | undefined }> {
    const partition = keys.sentNotices(fiscalYear);
    const after = page.cursor === undefined ? undefined : Buffer.from(page.cursor, 'base64url').toString('utf8');
    if (after !== undefined && !/^EVENT#[0-9T:.Z-]{20,30}_[0-9a-f-]{36}$/.test(after)) throw new InvalidCursorError();
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { PK: partition, SK: after } } : {}),
      }),
    );
    return {
      notices: (Items ?? []).map((item) => ({ ...stripKeys<ClaimMarker>(item), event: String(item.SK).slice('EVENT#'.length), notice: item.notice })),
      nextCursor: LastEvaluatedKey ? Buffer.from(String(LastEvaluatedKey.SK), 'utf8').toString('base64url') : undefined,
    };
  }

  async listReminders(fiscalYear: number): Promise<SentReminder[]> {
    const { PK, prefix } = keys.remindersOf(fiscalYear);
    const items = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
      }),
    );
    // A year's reminders are a few rounds of a few dozen departments: far below one Query page (1 MB).
    return (items.Items ?? []).flatMap((item) => {
      const reminder = keys.reminderOf(String(item.SK));
      return reminder ? [{ ...stripKeys<ClaimMarker>(item), ...reminder }] : [];
    });
  }

  async recordPerson(person: PersonRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...keys.person(person.sub), ...person } }));
  }

  getPerson(sub: string): Promise<PersonRecord | undefined> {
    return this.getItem<PersonRecord>(keys.person(sub));
  }

  listPeople(): Promise<PersonRecord[]> {
    return this.queryPartition<PersonRecord>(keys.people);
  }

  getNoticeSettings(sub: string): Promise<NoticeSettingsRecord | undefined> {
    return this.getItem<NoticeSettingsRecord>(keys.noticeSettings(sub));
  }

  writeNoticeSettings(write: VersionedWrite<NoticeSettingsRecord, NoticeSettingsRevision>): Promise<NoticeSettingsRecord> {
    return this.writeVersioned((next) => ({ item: keys.noticeSettings(next.sub), revisions: keys.noticeSettingsRevisions(next.sub) }), write);
  }
}
