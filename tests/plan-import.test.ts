import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, planDifference } from '../functions/domain/catalogue/index.ts';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { problemText, readPlanWorkbook } from '../functions/domain/plan-import/index.ts';
import { planTemplate, planWorkbook } from '../functions/plan-workbook/write.ts';
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

describe('HQ’s corrections of the proposed matches', () => {
  // 取組項目 1-1 reworded: by content it is a new item and the old one retired, until HQ says which it is.
  const reworded = async () => {
    const plan = structuredClone(seed().plan) as Plan;
    plan.measures[0]!.actionItems[0]!.title = '行政手続のオンライン化（電子申請の拡充）';
    return sheetsOf(await bytesOf(documentWorkbook(plan)));
  };

  it('lists every row’s match with its cell, and follows a correction to an existing key or to 新規', async () => {
    const sheets = await reworded();
    const guessed = readPlanWorkbook(sheets, { base: seed() });
    const row = guessed.matches.find((m) => m.kind === 'actionItem' && m.title.startsWith('行政手続のオンライン化（'))!;
    expect(row).toMatchObject({ cell: '実施計画!E3', how: 'new', number: '1-1' });
    expect(guessed.matches.find((m) => m.kind === 'measure' && m.number === '1')).toMatchObject({ cell: '実施計画!D3', key: '1', how: 'same_place' });
    const guessedChanges = planDifference(seed(), parseCatalogue(guessed.plan));
    expect(guessedChanges.map((c) => [c.key, c.change])).toEqual(
      expect.arrayContaining([
        ['1-1', 'retired'],
        [row.key, 'added'],
      ]),
    );

    // 1-1 is the reworded row; and the KPI 1-K1 is to be read as a new indicator (its old one retired).
    const kpiCell = guessed.matches.find((m) => m.kind === 'kpi' && m.key === '1-K1')!.cell;
    const corrected = readPlanWorkbook(sheets, { base: seed(), matches: { '実施計画!E3': '1-1', [kpiCell]: 'new' } });
    expect(corrected.matchProblems).toEqual([]);
    expect(corrected.matches.find((m) => m.cell === '実施計画!E3')).toMatchObject({ key: '1-1', how: 'chosen' });
    expect(corrected.matches.find((m) => m.cell === kpiCell)).toMatchObject({ how: 'new' });
    const changes = planDifference(seed(), parseCatalogue(corrected.plan));
    expect(changes.filter((c) => c.kind === 'actionItem').map((c) => [c.key, c.change])).toEqual([['1-1', 'text']]);
    expect(
      changes
        .filter((c) => c.kind === 'kpi')
        .map((c) => c.change)
        .sort(),
    ).toEqual(['added', 'retired']);
  });

  it('sets a chosen key aside, so a row above the one it was chosen for does not take it', async () => {
    const sheets = sheetsOf(await bytesOf(documentWorkbook(seed().plan)));
    // 1-2's row is said to be 1-1, and 1-1's row 1-2: the two swap keys.
    const reading = readPlanWorkbook(sheets, { base: seed(), matches: { '実施計画!E3': '1-2', '実施計画!E4': '1-1' } });
    expect(reading.matchProblems).toEqual([]);
    expect(reading.plan!.measures[0]!.actionItems.slice(0, 2).map((a) => a.key)).toEqual(['1-2', '1-1']);
  });

  it('names the cell of a correction it cannot follow: a key of another kind, one taken twice, an unknown key, a cell no row has', async () => {
    const sheets = sheetsOf(await bytesOf(documentWorkbook(seed().plan)));
    const reading = readPlanWorkbook(sheets, {
      base: seed(),
      matches: { '実施計画!E3': '2', '実施計画!E4': '1-3', '実施計画!E5': '1-3', '実施計画!E6': 'x9', '実施計画!A2': 'new' },
    });
    expect(reading.matchProblems.map(problemText)).toEqual([
      'シート「実施計画」E5：キー「1-3」は 実施計画!E4 の行にも指定されています。1つのキーは1つの行にだけ対応させてください',
      'シート「実施計画」E3：キー「2」は施策のキーです。取組項目の行には取組項目のキーか「新規」を選んでください',
      'シート「実施計画」E6：キー「x9」は見直す計画にありません。見直す計画の取組項目のキーか「新規」を選んでください',
      'シート「実施計画」A2：このセルは施策・取組項目・指標の行の名称のセルではありません',
    ]);
  });
});

/** A sheet from rows of cells, as ExcelJS writes it and the product's reader reads it back. */
async function workbookOf(sheets: Record<string, (string | number | null)[][]>, merges: Record<string, string[]> = {}) {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    for (const range of merges[name] ?? []) sheet.mergeCells(range);
  }
  return sheetsOf(await bytesOf(workbook));
}

describe('another city’s small plan', () => {
  // 平成 years, two title rows, the hierarchy as outline numbering in one column, a 担当課 per row, blank cells.
  const rows = [
    ['○○町行政改革大綱 実施計画'],
    ['（平成27年度～平成30年度）'],
    ['項目', '実施項目', '担当課', '平成27年度', 'H28', '平成29年度', 'H30'],
    ['Ⅰ 行政運営の効率化', null, null, null, null, null, null],
    ['1 事務事業の見直し', null, null, null, null, null, null],
    ['(1) 補助金の整理合理化', '・補助金の見直し', '財政課', '検討', '実施', '→', '→'],
    [null, '・負担金の見直し', '企画課、財政課', null, '検討', null, '実施'],
    ['(2) 民間委託の推進', '指定管理者制度の導入', '企画課', '策定', '', '実施', ''],
    ['Ⅱ 財政の健全化', null, null, null, null, null, null],
    ['1 歳入の確保', null, null, null, null, null, null],
    ['(1) 町税の収納率向上', 'コンビニ収納の導入', '税務課／会計課', '随時実施', null, null, null],
  ];

  it('reads its levels, measures, departments and years', async () => {
    const reading = readPlanWorkbook(await workbookOf({ 実施計画: rows }, { 実施計画: ['D11:G11'] }));
    expect(reading.problems.map(problemText)).toEqual([]);
    const plan = reading.plan!;
    expect(plan.period).toEqual({ firstFiscalYear: 2015, lastFiscalYear: 2018 });
    expect(plan.levels).toHaveLength(4);
    expect(plan.groups!.map((g) => `${g.number} ${g.title}`)).toEqual(['I 行政運営の効率化', 'I-1 事務事業の見直し', 'II 財政の健全化', 'II-1 歳入の確保']);
    expect(plan.measures.map((m) => `${m.number} ${m.title}`)).toEqual(['I-1-(1) 補助金の整理合理化', 'I-1-(2) 民間委託の推進', 'II-1-(1) 町税の収納率向上']);
    expect(plan.departments).toEqual([
      { code: 'd1', name: '財政課' },
      { code: 'd2', name: '企画課' },
      { code: 'd3', name: '税務課' },
      { code: 'd4', name: '会計課' },
    ]);
    expect(plan.measures[0]!.owners).toEqual(['d1', 'd2']);
    expect(plan.measures[2]!.owners).toEqual(['d3', 'd4']);
    const [first, second] = plan.measures[0]!.actionItems as { title: string; schedule: { activity: string; phase: string }[] }[];
    expect(first!.title).toBe('補助金の見直し');
    expect(first!.schedule.map((e) => `${e.activity}:${e.phase}`)).toEqual(['検討:study', '実施:implement', '実施:implement', '実施:implement']);
    expect(second!.schedule.map((e) => e.phase)).toEqual(['none', 'study', 'none', 'implement']);
    // A merged 随時実施 over H27–H30 is planned every year.
    const merged = plan.measures[2]!.actionItems[0] as { schedule: { activity: string }[] };
    expect(merged.schedule.map((e) => e.activity)).toEqual(['随時実施', '随時実施', '随時実施', '随時実施']);
    expect(plan.measures.flatMap((m) => m.actionItems.map((a) => a.key))).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(() => parseCatalogue({ ...plan, city: { name: '○○町', prefecture: '山形県', code: '062111' } })).not.toThrow();
  });
});

describe('broken workbooks name the cell at fault', () => {
  it('a sheet without a header row', async () => {
    const reading = readPlanWorkbook(await workbookOf({ 実施計画: [['実施計画'], ['行政改革', '検討']] }));
    expect(reading.plan).toBeUndefined();
    expect(reading.problems.map(problemText)).toEqual([expect.stringContaining('シート「実施計画」：見出しの行が見つかりません')]);
  });

  it('a year header that reads as no year', async () => {
    const sheets = await workbookOf({
      実施計画: [
        ['施策', '取組項目', '担当課', 'R8', '令和九年度'],
        ['施策1 事務の見直し', '見直し', '庶務課', '実施', '実施'],
      ],
    });
    const reading = readPlanWorkbook(sheets, { base: seed() });
    expect(reading.problems.map(problemText)).toEqual([
      'シート「実施計画」E1：見出し「令和九年度」を年度として読めません（例：R13、令和13年度、H27、2031年度）',
    ]);
  });

  it('a department the plan being revised does not have, and a KPI value that is no number', async () => {
    const sheets = await workbookOf({
      実施計画: [
        ['施策', '取組項目', '担当課', 'R8', 'R9'],
        ['施策1 事務の見直し', '見直し', '庶務課・未来創造課', '実施', '→'],
      ],
      KPI: [
        ['施策', '指標', '現在値', '目標値'],
        ['施策1', '件数', '83件 (R7.12月末)', 'たくさん'],
      ],
    });
    const reading = readPlanWorkbook(sheets, { base: seed() });
    expect(reading.plan).toBeUndefined();
    expect(reading.problems.map(problemText)).toEqual([
      'シート「実施計画」C2：「未来創造課」はこの計画の課にありません（課の一覧にある名前で書くか、課のシートに加えてください）',
      'シート「KPI」D2：「たくさん」を数値として読めません（例：83件、約12%、26億2,850万円以上、現状より向上）',
    ]);
  });
});

describe('the product’s own layout', () => {
  it('exports the 8th plan with its keys, and the export imports back with no change', async () => {
    const bytes = await planWorkbook(seed().plan);
    const sheets = sheetsOf(bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(['実施計画', 'KPI', '課']);
    const reading = readPlanWorkbook(sheets, { base: seed() });
    expect(reading.problems.map(problemText)).toEqual([]);
    expect(reading.columns).toMatchObject({ D: 'measureKey', E: 'measure', F: 'key', G: 'actionItem', H: 'departments', I: { year: 2026 } });
    expect(reading.matches.filter((m) => m.how !== 'key' && m.kind !== 'group')).toEqual([]);
    expect(planDifference(seed(), parseCatalogue(reading.plan))).toEqual([]);
  });

  it('keeps the keys of the キー column when a measure’s title is rewritten', async () => {
    const plan = structuredClone(seed().plan) as Plan;
    plan.measures[0]!.title = '行政手続のオンライン化の推進';
    const reading = readPlanWorkbook(sheetsOf(await planWorkbook(plan)), { base: seed() });
    const changes = planDifference(seed(), parseCatalogue(reading.plan));
    expect(changes.map((c) => [c.kind, c.key, c.change, c.after])).toEqual([['measure', '1', 'text', '行政手続のオンライン化の推進']]);
  });

  it('offers a template for a new plan that reads as one measure', async () => {
    const reading = readPlanWorkbook(sheetsOf(await planTemplate(2027, 2031)));
    expect(reading.problems).toEqual([]);
    expect(reading.plan!.period).toEqual({ firstFiscalYear: 2027, lastFiscalYear: 2031 });
    expect(reading.plan!.measures.map((m) => [m.key, m.number, m.title, m.owners])).toEqual([['m1', '1', '行政手続のオンライン化', ['d1', 'd2']]]);
    expect(reading.plan!.measures[0]!.kpis!.map((k) => [k.key, k.baseline.value, k.target.value])).toEqual([['k1', 80, 100]]);
  });
});

describe('the column mapping', () => {
  it('takes the caller’s correction of a column the headers did not name', async () => {
    const sheets = await workbookOf({
      実施計画: [
        ['施策', '取組項目', '所管する課', 'R8', 'R9'],
        ['施策1 事務の見直し', '見直し', '庶務課', '実施', '→'],
      ],
    });
    const guessed = readPlanWorkbook(sheets);
    expect(guessed.columns.C).toBe('ignore');
    expect(guessed.plan!.measures[0]!.owners).toEqual(['kankei-kakuka']);
    const corrected = readPlanWorkbook(sheets, { columns: { C: 'departments' } });
    expect(corrected.plan!.departments).toEqual([{ code: 'd1', name: '庶務課' }]);
    expect(corrected.plan!.measures[0]!.owners).toEqual(['d1']);
    expect(corrected.signature).toBe(guessed.signature);
  });
});
