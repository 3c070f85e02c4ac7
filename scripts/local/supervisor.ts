/**
 * Keeps the local system's services running for `npm start`: a service that dies is started
 * again, a bounded number of times; when it keeps dying (or cannot start again) the supervisor
 * gives up and says so, and start.ts stops everything with a non-zero exit.
 */
import { LocalServiceError } from './processes.ts';

/** A started service: what startDynamoDbLocal and startSesLocal return. */
export interface Running {
  /** Resolves when the process exits, with how ("exit 1", "SIGKILL"). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** Restarts allowed per service over the whole run (default 3); the next death stops everything. */
  maxRestarts?: number;
  /** Progress lines (Japanese + English) for the terminal. */
  log: (line: string) => void;
  /** Called once when a service cannot be kept running, with the sentence to show. */
  giveUp: (message: string) => void;
}

interface Entry {
  name: string;
  current: Running;
  /** A restart under way: stopAll waits for it and stops what it started. */
  restarting?: Promise<Running | undefined>;
  restarts: number;
}

export class Supervisor {
  private readonly entries: Entry[] = [];
  private stopping = false;
  private readonly maxRestarts: number;

  constructor(private readonly options: SupervisorOptions) {
    this.maxRestarts = options.maxRestarts ?? 3;
  }

  /**
   * Starts a service and watches it. `afterRestart` runs after each restart (e.g. making sure the
   * table is there); it is part of the restart, so its failure counts as one.
   */
  async add<T extends Running>(name: string, start: () => Promise<T>, afterRestart?: (running: T) => Promise<void>): Promise<T> {
    const first = await start();
    const entry: Entry = { name, current: first, restarts: 0 };
    this.entries.push(entry);
    const watch = (running: T) => {
      void running.exited.then(async (how) => {
        if (this.stopping || entry.current !== running) return;
        if (entry.restarts >= this.maxRestarts) {
          this.options.giveUp(
            `${name} が停止しました（${how}）。${this.maxRestarts} 回再起動しましたが続けて停止するため、すべて停止します。\n` +
              `${name} stopped (${how}) after ${this.maxRestarts} restarts; stopping everything.`,
          );
          return;
        }
        entry.restarts += 1;
        this.options.log(`${name} が停止しました（${how}）。再起動します（${entry.restarts}/${this.maxRestarts} 回目） / ${name} stopped (${how}); restarting`);
        try {
          const pending = start();
          entry.restarting = pending.catch(() => undefined);
          const next = await pending;
          if (this.stopping) {
            await next.stop();
            return;
          }
          entry.current = next;
          await afterRestart?.(next);
          this.options.log(`${name} を再起動しました / ${name} restarted`);
          watch(next);
        } catch (error) {
          const reason = error instanceof LocalServiceError || error instanceof Error ? error.message : String(error);
          this.options.giveUp(`${name} を再起動できませんでした。すべて停止します。 / ${name} could not be restarted; stopping everything.\n${reason}`);
        }
      });
    };
    watch(first);
    return first;
  }

  /** Stops every service, the last started first; no restarts from here on. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.entries].reverse()) {
      await entry.current.stop().catch(() => undefined);
      await (await entry.restarting)?.stop().catch(() => undefined);
    }
  }
}
