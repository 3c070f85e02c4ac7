import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, planDifference } from '../functions/domain/catalogue/index.ts';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { problemText, readPlanWorkbook } from '../functions/domain/plan-import/index.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { bytesOf, documentWorkbook, sheetsOf } from './fixtures/plan-import/workbooks.ts';

const seed = () => seedCatalogue();
const read = async (workbook: ExcelJS.Workbook, base = seed()) => readPlanWorkbook(sheetsOf(await bytesOf(workbook)), { base });

describe('the 8th plan written as the plan document’s own tables', () => {
  it('reads as 44 measures, 104 action items and 17 KPIs, and revising the seeded plan with it changes nothing', async () => {
    const reading = await read(documentWorkbook(seed().plan));
    expect(reading.problems.map(problemText)).toEqual([]);
    const catalogue = parseCatalogue(reading.plan);
    expect(catalogue.measures).toHaveLength(44);
    expect(catalogue.measures.flatMap(({ measure }) => measure.actionItems)).toHaveLength(104);
    expect(catalogue.measures.flatMap(({ measure }) => measure.kpis)).toHaveLength(17);
    expect(catalogue.groups).toHaveLength(44);
    expect(planDifference(seed(), catalogue)).toEqual([]);
    expect(reading.matches.filter((m) => m.how === 'new')).toEqual([]);
  });

  it('guesses the columns from the headers under the title row', async () => {
    const reading = await read(documentWorkbook(seed().plan));
    expect(reading.columns).toEqual({
      A: { level: 0 },
      B: { level: 1 },
      C: { level: 2 },
      D: 'measure',
      E: 'actionItem',
      F: 'departments',
      G: { year: 2026 },
      H: { year: 2027 },
      I: { year: 2028 },
      J: { year: 2029 },
      K: { year: 2030 },
    });
    expect(reading.signature).toBe('柱|政策|方向性|施策|取組項目|担当課|R8|R9|R10|R11|R12');
  });
});

describe('a revision workbook', () => {
  it('reads a renumbered measure, a retired item and a raised target as exactly those changes', async () => {
    const plan = structuredClone(seed().plan) as Plan;
    // 施策2 and 施策3 swap places in the table: both renumber, neither is new.
    const [two, three] = [plan.measures[1]!, plan.measures[2]!];
    plan.measures[1] = { ...three, number: '2' };
    plan.measures[2] = { ...two, number: '3' };
    plan.measures[0]!.actionItems.pop();
    plan.measures[0]!.kpis[0]!.target = { ...plan.measures[0]!.kpis[0]!.target, label: '120件' };
    const reading = await read(documentWorkbook(plan));
    expect(reading.problems).toEqual([]);
    const changes = planDifference(seed(), parseCatalogue(reading.plan));
    const by = (change: string) => changes.filter((c) => c.change === change).map((c) => `${c.key}:${c.before}→${c.after}`);
    // Every entry of 施策2 and 施策3 keeps its key and only changes its number.
    expect(by('renumbered').sort()).toEqual(
      ['2:2→3', '2-1:2-1→3-1', '2-2:2-2→3-2', '2-3:2-3→3-3', '3:3→2', '3-1:3-1→2-1', '3-2:3-2→2-2', '3-K1:3-K1→2-K1'].sort(),
    );
    expect(changes.filter((c) => c.change === 'retired').map((c) => c.key)).toEqual(['1-3']);
    expect(changes.filter((c) => c.change === 'target').map((c) => [c.key, c.field, (c.after as { value: number }).value])).toEqual([['1-K1', 'target', 120]]);
    expect(changes.filter((c) => !['renumbered', 'retired', 'target'].includes(c.change))).toEqual([]);
  });
});
