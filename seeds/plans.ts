import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalogue } from '../functions/domain/catalogue/catalogue.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';

/**
 * The plans a fresh deployment starts with: one folder a plan under seeds/plans/, each holding plan.json
 * (the shape of functions/domain/catalogue/schema.ts). Read by `npm start`, the tests and the benches;
 * the functions never read seeds: they read the plans from the table.
 */
export const PLAN_SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'plans');

/** Every seed plan as plain objects, before validation, in folder-name order. */
export function seedPlanInputs(dir = PLAN_SEEDS_DIR): unknown[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name, 'plan.json'), 'utf8')) as unknown);
}

/** The seed plan that starts active (exactly one); plain object before validation. */
export function seedPlanInput(): unknown {
  const active = seedPlanInputs().filter((plan) => (plan as { status?: string }).status === 'active');
  if (active.length !== 1) throw new Error(`seeds/plans/ には status が active の計画がちょうど1つ必要です（${active.length}件）`);
  return structuredClone(active[0]);
}

let cached: Catalogue | undefined;

/** The active seed plan, validated once per process. */
export function seedCatalogue(): Catalogue {
  cached ??= parseCatalogue(seedPlanInput());
  return cached;
}
