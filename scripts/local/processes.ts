import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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

/** Polls until `ready` answers true, or fails with the child's own output so the cause is visible. */
export async function waitUntil(ready: () => Promise<boolean>, what: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} が起動直後に終了しました (exit ${child.exitCode}):\n${output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${what} が ${timeoutMs / 1000} 秒以内に応答しませんでした:\n${output()}`);
}

/** SIGTERM, then SIGKILL if the child is still there after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * How a started service is stopped: SIGTERM with a grace period, and SIGKILL if the Node process
 * exits first (a killed test run, a crash), since a child otherwise outlives its parent.
 */
export function stoppable(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
}
