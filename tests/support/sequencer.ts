/**
 * Runs the test files that start whole systems first, so that on CI's 2 cores (three files at a time) the
 * long ones overlap each other and the short ones fill in at the end, instead of a 90-second browser file
 * starting last on an otherwise idle machine. Vitest orders by the durations it cached on an earlier run;
 * a clean clone has none, and its fallback (larger files first) puts a small file that starts Chromium
 * behind hundreds of unit tests.
 *
 * Weight, from what the file's source starts (heaviest first; ties: the larger file first):
 * a browser (3), processes or a synthesized stack (2), an API on DynamoDB Local (1), nothing (0).
 */
import { readFileSync, statSync } from 'node:fs';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

const WEIGHTS: [RegExp, number][] = [
  [/useWebSystem|launchChromium|chromium\.launch/, 3],
  [/\bspawn\(|execFile|startSystem|startDynamoDbLocal|Template\.fromStack/, 2],
  [/startApi|useApi|startLocal/, 1],
];

function weight(file: string): number {
  const source = readFileSync(file, 'utf8');
  return WEIGHTS.find(([pattern]) => pattern.test(source))?.[1] ?? 0;
}

export default class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ranked = files.map((spec) => ({ spec, weight: weight(spec.moduleId), size: statSync(spec.moduleId).size }));
    ranked.sort((a, b) => b.weight - a.weight || b.size - a.size);
    return ranked.map(({ spec }) => spec);
  }
}
