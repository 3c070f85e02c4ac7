import type { Digest } from './render.ts';
import type { DigestOutcome } from './run.ts';

/**
 * How the API reaches the digest without bundling it: in AWS it invokes the digest function,
 * locally it calls the same code in-process.
 */
export interface DigestTrigger {
  preview(fiscalYear: number): Promise<Digest>;
  send(fiscalYear: number, force: boolean): Promise<DigestOutcome>;
}
