/**
 * What a running `npm start` has started, kept in `<dataDir>/processes.json` (mode 0600), so the
 * next start can stop what a killed one left behind. DynamoDB Local and local SES run in their own
 * process groups (see processes.ts), so a `kill -9` of npm and start.ts leaves them holding their
 * ports and the database files; without this the next start could only say the port is taken.
 *
 * A pid alone proves nothing once its process is gone: the kernel hands the number to someone
 * else. Each entry therefore also records the process's start time (field 22 of /proc/<pid>/stat,
 * clock ticks since boot) and the boot id (/proc/sys/kernel/random/boot_id); a process is ours
 * only while all three match, so a recycled pid of an unrelated process is never signalled.
 * Without /proc (not Linux) nothing can be proven, and nothing is stopped.
 */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalServiceError } from './processes.ts';

export const PID_FILE = 'processes.json';

/** A process as it can be recognised again: pid, start time (clock ticks since boot), boot id. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
  bootId: string;
}

interface Recorded {
  /** start.ts itself: while it is alive, its system is running and nothing may be stopped. */
  owner: ProcessIdentity;
  /** The services it started, by name ("DynamoDB Local"), each the leader of its process group. */
  children: Record<string, ProcessIdentity>;
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A /proc stat line's fields from the state on ("R", "S", "Z"…); comm may hold spaces and ")", so count from the last ")". */
function fieldsAfterComm(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * Whether any thread of `pid` is still running. The leader's own state is not enough: when a JVM
 * exits, its main thread can be a zombie while other threads still hold the process's sockets.
 */
function anyThreadRunning(pid: number): boolean {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tids.some((tid) => {
    const stat = readProc(`/proc/${pid}/task/${tid}/stat`);
    if (stat === undefined) return false; // that thread ended while we looked
    const [state] = fieldsAfterComm(stat);
    return state !== 'Z' && state !== 'X';
  });
}

/** The live process `pid` as identified above; undefined when it is gone, a zombie, or /proc is unreadable. */
export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  if (!stat || !bootId) return undefined;
  const startTime = fieldsAfterComm(stat)[19]; // field 22 overall; the first after comm is field 3
  if (!startTime || !anyThreadRunning(pid)) return undefined;
  return { pid, startTime, bootId };
}

/** Whether the process recorded as `recorded` is still that same process. */
export function isStill(recorded: ProcessIdentity): boolean {
  const now = identify(recorded.pid);
  return now !== undefined && now.startTime === recorded.startTime && now.bootId === recorded.bootId;
}

function signal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // its group: whatever the service started goes with it
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

async function waitGone(entries: ProcessIdentity[], timeoutMs: number): Promise<ProcessIdentity[]> {
  const deadline = Date.now() + timeoutMs;
  let left = entries.filter(isStill);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = left.filter(isStill);
  }
  return left;
}

/**
 * Stops what an earlier `npm start` on this data folder left running (SIGTERM to each recorded
 * service's group, SIGKILL after `graceMs`), waits until it is gone, and removes the file. Returns
 * the names and pids it stopped, for a log line. Throws a LocalServiceError when the earlier
 * start.ts itself is still running: that system is alive, and two on one data folder would corrupt it.
 */
export async function stopLeftovers(dataDir: string, graceMs = 5_000): Promise<string[]> {
  const file = join(dataDir, PID_FILE);
  const text = readProc(file);
  if (text === undefined) return [];
  let recorded: Recorded;
  try {
    recorded = JSON.parse(text) as Recorded;
  } catch {
    // Never half a file (written aside, then renamed): something else, which proves nothing.
    rmSync(file, { force: true });
    return [];
  }
  if (recorded.owner && isStill(recorded.owner) && recorded.owner.pid !== process.pid) {
    throw new LocalServiceError(
      `データフォルダー ${dataDir} を使う npm start が既に動いています（pid ${recorded.owner.pid}）。先にそれを停止してください。\n` +
        `An npm start using the data folder ${dataDir} is already running (pid ${recorded.owner.pid}); stop it first.`,
    );
  }
  const ours = Object.entries(recorded.children ?? {}).filter(([, identity]) => isStill(identity));
  for (const [, identity] of ours) signal(identity.pid, 'SIGTERM');
  const stubborn = await waitGone(
    ours.map(([, identity]) => identity),
    graceMs,
  );
  for (const identity of stubborn) signal(identity.pid, 'SIGKILL');
  const still = await waitGone(stubborn, graceMs);
  if (still.length > 0) {
    throw new LocalServiceError(
      `前回の npm start が残したプロセス（pid ${still.map((s) => s.pid).join('、')}）を停止できませんでした。\n` +
        `Could not stop what an earlier npm start left running (pid ${still.map((s) => s.pid).join(', ')}).`,
    );
  }
  rmSync(file, { force: true });
  return ours.map(([name, identity]) => `${name}（pid ${identity.pid}）`);
}

/** The record of the running system: start.ts as owner, each service added as it (re)starts. */
export class PidFile {
  private readonly file: string;
  private readonly recorded: Recorded;

  constructor(dataDir: string) {
    this.file = join(dataDir, PID_FILE);
    const owner = identify(process.pid);
    // No /proc: nothing could be proven later, so nothing is recorded.
    this.recorded = { owner: owner ?? { pid: process.pid, startTime: '', bootId: '' }, children: {} };
  }

  /** Records (or replaces, after a restart) the service `name` running as process `pid`. */
  record(name: string, pid: number): void {
    const identity = identify(pid);
    if (!identity) return;
    this.recorded.children[name] = identity;
    // Aside, then renamed: a reader never sees half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.recorded, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  /** After a clean stop: nothing is left to find. */
  remove(): void {
    rmSync(this.file, { force: true });
  }
}
