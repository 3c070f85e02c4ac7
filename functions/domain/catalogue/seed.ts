import plan from '../../../seeds/plan/plan.json' with { type: 'json' };
import pillarI from '../../../seeds/plan/pillar-I.json' with { type: 'json' };
import pillarII from '../../../seeds/plan/pillar-II.json' with { type: 'json' };
import pillarIII from '../../../seeds/plan/pillar-III.json' with { type: 'json' };
import pillarIV from '../../../seeds/plan/pillar-IV.json' with { type: 'json' };
import type { Catalogue } from './catalogue.ts';
import { parseCatalogue } from './parse.ts';

/** The seed files as one plain object, before validation. */
export function seedPlanInput(): unknown {
  return { ...plan, pillars: [pillarI, pillarII, pillarIII, pillarIV] };
}

let cached: Catalogue | undefined;

/** The 8th plan from seeds/, validated once per process. */
export function seedCatalogue(): Catalogue {
  cached ??= parseCatalogue(seedPlanInput());
  return cached;
}
