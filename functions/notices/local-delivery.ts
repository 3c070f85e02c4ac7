import { dailySummaryDue, noticeDay } from '../domain/notices/index.ts';
import { sendDailySubmitted } from './daily.ts';
import type { NoticeDeps, NoticeMailSettings } from './deliver.ts';
import { handleNoticeMessages, messageOfEvent } from './queue.ts';

/**
 * The local stand-in for the table's stream, the Pipe and the queue (no stream in DynamoDB Local): reads the
 * outbox and hands each event to the mail function's own handler as the queue would, then takes the events
 * it delivered out of the outbox. Runs after a write's answer (`poke`) and every `intervalMs`, so an event
 * left by a crash or a failed send is tried again; one run at a time.
 */
export class LocalNoticeDelivery {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: NoticeDeps,
    private readonly settings: NoticeMailSettings,
    private readonly log: (message: string, attributes: Record<string, unknown>) => void = () => {},
  ) {}

  start(intervalMs = 5000): void {
    this.timer = setInterval(() => void this.poke(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Delivers what is in the outbox now; resolves when it has (a call during a run runs once more after it). */
  poke(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.poke();
      }
    });
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const events = await this.deps.store.pendingNoticeEvents();
      if (events.length === 0) return;
      const { batchItemFailures } = await handleNoticeMessages(
        this.deps,
        this.settings,
        { Records: events.map((event) => ({ messageId: event.id, body: messageOfEvent(event) })) },
        this.log,
      );
      const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
      for (const event of events) if (!failed.has(event.id)) await this.deps.store.forgetNoticeEvent(event.id);
    } catch (error) {
      this.log('通知の配送に失敗しました', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * The local stand-in for the DailySubmitted schedule: checks every `intervalMs` (a minute) whether HQ's daily
 * summary is due (17:30 Japan time, by the system's clock, SHINCHOKU_TODAY included) and runs the same
 * function the schedule invokes, once a day; a failed run is tried again at the next check. A restart after
 * 17:30 runs it again, and the day's claim keeps it to one mail.
 */
export class LocalDailySubmitted {
  private done: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly deps: NoticeDeps,
    private readonly settings: NoticeMailSettings,
    private readonly log: (message: string, attributes: Record<string, unknown>) => void = () => {},
  ) {}

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Runs the day's summary if it is due and not yet run today. */
  async check(): Promise<void> {
    const now = this.deps.now?.() ?? new Date();
    if (this.running || !dailySummaryDue(now) || this.done === noticeDay(now)) return;
    this.running = true;
    try {
      const outcome = await sendDailySubmitted(this.deps, this.settings);
      this.done = outcome.day;
      this.log('提出済の一覧を処理しました', { ...outcome });
    } catch (error) {
      this.log('提出済の一覧を送れませんでした', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.running = false;
    }
  }
}
