import { defineConfig } from 'vitest/config';
import HeaviestFirst from './tests/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Vitest's default is one worker per CPU less one: a single worker on CI's 2 cores. Most test time is
    // spent waiting on DynamoDB Local, Chromium and child processes, so three files at once keep both
    // cores busy (`npm test -- --maxWorkers=N` overrides it).
    maxWorkers: 3,
    sequence: { sequencer: HeaviestFirst },
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
