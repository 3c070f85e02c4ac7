import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A failure a person can act on (port taken, Java missing, no answer in time). Its stack is its
 * message, so whoever prints it (node, tsx, vitest) shows the sentence and not a trace.
 */
export class LocalServiceError extends Error {
  override name = 'LocalServiceError';
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** A port the OS says is free right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portInUseMessage(port: number, what: string): string {
  return (
    `ポート ${port} は既に使われているため ${what} を起動できません。そのポートを使っているプロセスを止めるか、別のポートを指定してください。\n` +
    `Port ${port} is already in use, so ${what} cannot start. Stop the process using it or choose another port.`
  );
}

/**
 * Fails with a clear message when `port` cannot be bound on `host` (0.0.0.0 also catches a
 * listener on 127.0.0.1 or on [::]). Checked before spawning, so a service already answering
 * on the port is never mistaken for the one we start.
 */
export function assertPortFree(port: number, host: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') reject(new LocalServiceError(portInUseMessage(port, what)));
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/**
 * Polls until `ready` answers true. Fails early when the child exits, or when `fatal` finds a
 * reason in its output (a JVM whose server failed to bind stays alive), and otherwise after
 * `timeoutMs`; each failure carries the child's own output so the cause is visible.
 */
export async function waitUntil(
  ready: () => Promise<boolean>,
  what: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
  fatal: () => string | undefined = () => undefined,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = fatal();
    if (reason) throw new LocalServiceError(reason);
    if (hasExited(child)) {
      throw new LocalServiceError(
        `${what} が起動直後に終了しました (exit ${child.exitCode ?? child.signalCode}) / ${what} exited while starting:\n${output()}`,
      );
    }
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new LocalServiceError(`${what} が ${timeoutMs / 1000} 秒以内に応答しませんでした / ${what} did not answer within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Whether the child has exited (or was killed). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends a signal to the child's whole process group. Children are spawned with `detached: true`
 * (their own group: dynamodb-local.ts, ses-local.ts), so whatever they start goes with them, and a Ctrl-C in the
 * terminal reaches only start.ts, which then stops them in order.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (hasExited(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone (ESRCH) or was never made (spawn failed): the child alone, then.
    child.kill(signal);
  }
}

/** SIGTERM to the child's group, then SIGKILL if it is still there after a grace period. Safe to call twice. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

/**
 * Kills the child's group if this process exits without stopping it (an uncaught error,
 * process.exit during start-up), so no server is left behind holding its port. Returns the
 * function that undoes the hook.
 */
export function killWithParent(child: ChildProcess): () => void {
  const kill = () => signalGroup(child, 'SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return () => process.off('exit', kill);
}

/** How a child ended, in words for a log line: "exit 1" or "SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ?? `exit ${code}`;
}

/** Resolves with describeExit's words once the child has exited. */
export function exitOf(child: ChildProcess): Promise<string> {
  if (hasExited(child)) return Promise.resolve(describeExit(child.exitCode, child.signalCode as NodeJS.Signals | null));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(describeExit(code, signal))));
}
