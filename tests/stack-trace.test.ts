import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../functions/logging/stack.ts';
import { bundleLambda } from '../infra/constructs/bundle.ts';

const root = resolve(import.meta.dirname, '..');
mkdirSync(join(root, '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, '.cache', 'stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a logged stack trace names the TypeScript line, not the bundle’s', () => {
  it('maps each frame of a bundled handler back to its source line, from the maps beside the chunks', async () => {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      ['export function readPlan(): never {', "  throw new Error('計画を読めません');", '}', 'export const handler = () => readPlan();', ''].join('\n'),
    );
    await bundleLambda(relative(root, entry), join(dir, 'out'), { logLevel: 'silent' });
    // A fresh process without --enable-source-maps, as the API function runs: the raw stack points into index.mjs.
    const thrown = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `try { (await import(${JSON.stringify(join(dir, 'out', 'index.mjs'))})).handler(); } catch (error) { process.stdout.write(error.stack); }`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    const raw = thrown.stdout;
    expect(raw).toContain('計画を読めません');
    expect(raw).toMatch(/index\.mjs:\d+:\d+/);

    const mapped = await sourceMappedStack(raw);
    expect(mapped.split('\n')[0]).toBe('Error: 計画を読めません');
    expect(mapped.split('\n')[1]).toMatch(/^ {4}at \S+ \(entry\.ts:2:\d+\)$/);
    expect(mapped).toMatch(/\(entry\.ts:4:\d+\)/);
    expect(mapped).not.toMatch(/index\.mjs/);
  });

  it('leaves frames it has no map for as they are', async () => {
    const stack = 'Error: x\n    at f (node:internal/process/task_queues:95:5)\n    at g (file:///nowhere/index.mjs:1:10)';
    expect(await sourceMappedStack(stack)).toBe(stack);
  });
});
