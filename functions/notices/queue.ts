import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from '../domain/zod.ts';
import { NOTICE_KINDS } from '../domain/notices/index.ts';
import type { NoticeEvent } from '../store/records.ts';
import { deliverNotice } from './deliver.ts';
import type { NoticeDeps, NoticeMailSettings, NoticeOutcome } from './deliver.ts';

/** The part of an SQS event the mail function reads (aws-lambda's SQSEvent, without the package). */
export interface QueueEvent {
  Records: { messageId: string; body: string }[];
}
/** Lambda's partial batch response: only the failed messages return to the queue (ReportBatchItemFailures). */
export interface QueueBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

const author = z.object({ sub: z.string(), name: z.string() });
/** A notice event as the store wrote it (NoticeEvent); anything else on the queue is refused. */
const noticeEventSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: z.enum(NOTICE_KINDS),
  report: z.object({ kind: z.enum(['action', 'kpi']), fiscalYear: z.int(), subject: z.string(), department: z.optional(z.string()) }),
  measure: z.string(),
  fiscalYear: z.int(),
  departments: z.array(z.string()),
  actor: author,
  writer: z.optional(author),
  comment: z.nullable(z.string()),
  occurredAt: z.string(),
});

/**
 * A queue message's notice event. The message is the table's stream record as the EventBridge Pipe passes
 * it on (`dynamodb.NewImage` in DynamoDB's attribute-value form); the table's keys and TTL are dropped.
 */
export function eventOfMessage(body: string): NoticeEvent {
  const record = JSON.parse(body) as { dynamodb?: { NewImage?: Record<string, AttributeValue> } };
  const image = record.dynamodb?.NewImage;
  if (!image) throw new Error('キューのメッセージに通知イベント（NewImage）がありません');
  const { PK: _pk, SK: _sk, expiresAt: _ttl, ...event } = unmarshall(image);
  return noticeEventSchema.parse(event) as NoticeEvent;
}

/** The message a stream record of `event` makes, as the Pipe puts it on the queue: what the local server hands over. */
export function messageOfEvent(event: NoticeEvent): string {
  return JSON.stringify({ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { NewImage: marshall(event, { removeUndefinedValues: true }) } });
}

/**
 * The mail function's handler: each message is one event, mailed at most once (deliverNotice), or, for a
 * report that reached 提出済, filed for HQ's daily summary. A message
 * that fails (SES down, an unreadable message) is reported in batchItemFailures, so only it returns to the
 * queue, is retried, and after the queue's tries ends in the dead-letter queue, whose alarm tells ops.
 */
export async function handleNoticeMessages(
  deps: NoticeDeps,
  settings: NoticeMailSettings,
  event: QueueEvent,
  log: (message: string, attributes: Record<string, unknown>) => void = () => {},
): Promise<QueueBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  // One at a time: a batch is small (the queue's batch size), and two mails of one report stay in order.
  for (const record of event.Records) {
    try {
      const notice = eventOfMessage(record.body);
      const outcome: NoticeOutcome = await deliverNotice(deps, settings, notice);
      log('通知を処理しました', { messageId: record.messageId, event: notice.id, kind: notice.kind, outcome });
    } catch (error) {
      log('通知を送れませんでした', { messageId: record.messageId, error: error instanceof Error ? error.message : String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
