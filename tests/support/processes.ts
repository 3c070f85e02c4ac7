/** Looking at real processes from a test: whether one is alive, which match a command line, waiting for a state. */
import { execFileSync } from 'node:child_process';

/** Whether a process is alive (a zombie awaiting its reaper counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false; // ps exits 1 when there is no such process
  }
}

/** Processes whose command line contains `pattern` (pgrep -f), e.g. a service's unique port flag. */
export function pgrep(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${timeoutMs / 1000} 秒待っても ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
