import type { Catalogue } from '../catalogue/catalogue.ts';
import { ASSIGNED_DEPARTMENTS, isReference } from '../catalogue/schema.ts';
import type { ActionItem, Department, Group, Kpi, Measure, Phase, PlanInput, ScheduleWord } from '../catalogue/schema.ts';
import {
  type ColumnMapping,
  findHeaderRow,
  guessKpiField,
  guessPlanField,
  type KpiField,
  layoutSignature,
  mappingOf,
  type PlanField,
  renumberLevels,
} from './columns.ts';
import { basisOf, readKpiCell, toBaseline, toTarget } from './kpi-text.ts';
import { type OutlineStyle, readOutline } from './outline.ts';
import { address, columnIndex, columnLetter, gridOf, type ImportProblem, matchText, type SheetInput } from './sheet.ts';

/** The 8th plan's schedule words: the vocabulary of a new plan until its city names its own. */
export const DEFAULT_VOCABULARY: ScheduleWord[] = [
  { word: '検討', phase: 'study' },
  { word: '検討・実施', phase: 'study_implement' },
  { word: '実施', phase: 'implement' },
  { word: '見直し', phase: 'review' },
  { word: '策定', phase: 'draw_up' },
  { word: '検討・策定', phase: 'study_draw_up' },
  { word: '隔年実施', phase: 'biennial' },
  { word: '随時', phase: 'as_needed' },
  { word: '随時実施', phase: 'as_needed' },
  { word: '実現可能なものから随時実施', phase: 'as_needed' },
  { word: '', phase: 'none' },
];

/** Cells meaning "the same as the year before". */
const SAME_AS_BEFORE = new Set(['→', '⇒', '➡', '同左', '〃']);

/**
 * A schedule text the vocabulary does not list, read by its words: 随時 or 必要に応じ (as needed) before
 * 隔年, 検討 with 策定 or 実施, then 策定, 見直し, 検討 or 調査; anything else is carrying it out (実施).
 */
function phaseByWords(text: string): Phase {
  if (/随時|必要に応じ|状況に応じ/.test(text)) return 'as_needed';
  if (/隔年/.test(text)) return 'biennial';
  if (/検討/.test(text) && /策定/.test(text)) return 'study_draw_up';
  if (/検討/.test(text) && /実施|運用|公表/.test(text)) return 'study_implement';
  if (/策定|作成|改訂/.test(text)) return 'draw_up';
  if (/見直し/.test(text)) return 'review';
  if (/検討|調査/.test(text)) return 'study';
  return 'implement';
}

export interface ReadPlanOptions {
  /** The plan being revised: its keys, departments, vocabulary and metadata carry over; rows match its entries. */
  base?: Catalogue;
  /** Overrides of the guessed column mappings, by column letter. */
  columns?: ColumnMapping<PlanField>;
  kpiColumns?: ColumnMapping<KpiField>;
  /**
   * HQ's corrections of the proposed matches (revising): the cell of a row's 施策, 取組項目 or 指標 (`実施計画!E5`,
   * as RowMatch `cell`) → the base plan's key of the same kind it is, or 'new' for a new item. They win over
   * the キー column and over matching by content; a wrong one is a `matchProblems` entry.
   */
  matches?: Record<string, string>;
}

/**
 * How one row was matched to the plan being revised: by the key column, in its place, moved, chosen by HQ
 * (`ReadPlanOptions.matches`), or new. `cell`: where its title is, `実施計画!E5` (sheet!A1).
 */
export interface RowMatch {
  kind: 'group' | 'measure' | 'actionItem' | 'kpi';
  cell: string;
  key: string;
  number: string;
  title: string;
  how: 'key' | 'same_place' | 'moved' | 'chosen' | 'new';
}

export interface PlanReading {
  /** The plan as read (the base plan's metadata, or placeholders for a new plan the caller completes); absent when problems stop it. */
  plan?: PlanInput;
  columns: ColumnMapping<PlanField>;
  kpiColumns: ColumnMapping<KpiField>;
  /** The header texts of the 実施計画 sheet, to find a remembered mapping again. */
  signature: string;
  matches: RowMatch[];
  problems: ImportProblem[];
  /** Corrections (`ReadPlanOptions.matches`) that cannot be followed, by the cell named: HQ's input at fault, not the file's. */
  matchProblems: ImportProblem[];
}

interface Located {
  sheet: string;
  grid: string[][];
}

function findSheet(sheets: Located[], names: string[], guess: (h: string) => unknown, least: number): (Located & { header: number }) | undefined {
  const ordered = [...sheets.filter((s) => names.includes(s.sheet)), ...sheets.filter((s) => !names.includes(s.sheet))];
  for (const sheet of ordered) {
    const header = findHeaderRow(sheet.grid, guess, least);
    if (header !== undefined) return { ...sheet, header };
  }
  return undefined;
}

/** Keys: the base plan's, found by content, or new ones `<letter><n>` after the highest in use. */
class KeyBook {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();
  constructor(base: Catalogue | undefined) {
    if (!base) return;
    for (const { group } of base.groups) this.used.add(group.key);
    for (const { measure } of base.measures) {
      this.used.add(measure.key);
      for (const item of measure.actionItems) this.used.add(item.key);
      for (const kpi of measure.kpis) this.used.add(kpi.key);
    }
  }
  take(key: string): boolean {
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }
  readonly taken = new Set<string>();
  fresh(letter: string): string {
    let n = this.next.get(letter);
    if (n === undefined) {
      n = 0;
      for (const key of [...this.used, ...this.taken]) {
        const match = new RegExp(`^${letter}(\\d+)$`).exec(key);
        if (match) n = Math.max(n, Number(match[1]));
      }
    }
    n += 1;
    this.next.set(letter, n);
    const key = `${letter}${n}`;
    this.taken.add(key);
    return key;
  }
}

/** Finds an entry of the base plan: in the same place by title, else by title anywhere (moved), not yet taken. */
function matcher<T>(entries: { entry: T; key: string; place: string | undefined; text: string }[], book: KeyBook) {
  return (place: string | undefined, title: string): { entry: T; how: 'same_place' | 'moved' } | undefined => {
    const text = matchText(title);
    const here = entries.find((e) => e.text === text && e.place === place && !book.taken.has(e.key));
    if (here && book.take(here.key)) return { entry: here.entry, how: 'same_place' };
    const elsewhere = entries.filter((e) => e.text === text && !book.taken.has(e.key));
    if (elsewhere.length === 1 && book.take(elsewhere[0]!.key)) return { entry: elsewhere[0]!.entry, how: 'moved' };
    return undefined;
  };
}

/**
 * Reads a plan workbook (the 実施計画 sheet, and the KPI and 課 sheets when present) into the plan model.
 * Layouts: a title row above the header; the hierarchy as columns (柱・政策・方向性・施策) or as outline
 * numbering in one column; blank cells below a value meaning the same as above; merged cells; → for the
 * year before; a blank year cell for nothing that year. With `base` (a revision), rows keep the keys of
 * the entries they match (the キー column, else title and place) and unchanged text keeps the base's
 * notation. Every cell it cannot read is a problem with its address; with problems there is no plan.
 */
export function readPlanWorkbook(sheets: SheetInput[], options: ReadPlanOptions = {}): PlanReading {
  const { base } = options;
  const located = sheets.map((sheet) => ({ sheet: sheet.sheet, grid: gridOf(sheet) }));
  const problems: ImportProblem[] = [];
  const matches: RowMatch[] = [];
  // A revision also knows its own plan's level names (「基本目標」「重点項目」…) as headers.
  const levelNames = base?.plan.levels.map((l) => l.name);
  const guess = (header: string): PlanField | undefined => {
    const own = levelNames?.findIndex((name) => matchText(name) === matchText(header)) ?? -1;
    if (own < 0 || !levelNames) return guessPlanField(header);
    return own === levelNames.length - 1 ? 'actionItem' : own === levelNames.length - 2 ? 'measure' : { level: own };
  };
  const main = findSheet(located, ['実施計画'], guess, 3);
  if (!main) {
    return {
      columns: {},
      kpiColumns: {},
      signature: '',
      matches,
      matchProblems: [],
      problems: [
        {
          sheet: sheets[0]?.sheet ?? '',
          cell: '',
          message: '見出しの行が見つかりません。先頭20行のどこかに「施策」「取組項目」「担当課」と年度（R8、令和8年度など）の見出しを並べてください',
        },
      ],
    };
  }
  const header = main.grid[main.header] ?? [];
  const columns = renumberLevels(mappingOf(header, guess, options.columns));
  const signature = layoutSignature(header);
  const at = (r: number, c: number): ImportProblem['cell'] => address(r, c);
  const problem = (sheet: string, cell: string, message: string) => problems.push({ sheet, cell, message });

  const columnOf = (test: (field: PlanField) => boolean) =>
    Object.entries(columns)
      .filter(([, field]) => test(field))
      .map(([letter, field]) => ({ c: columnIndex(letter)!, field }));
  const levelColumns = columnOf((f) => typeof f === 'object' && 'level' in f).sort(
    (a, b) => (a.field as { level: number }).level - (b.field as { level: number }).level,
  );
  const outlineColumn = columnOf((f) => f === 'outline')[0]?.c;
  const measureColumn = columnOf((f) => f === 'measure')[0]?.c;
  const itemColumn = columnOf((f) => f === 'actionItem')[0]?.c;
  const departmentColumn = columnOf((f) => f === 'departments')[0]?.c;
  const keyColumn = columnOf((f) => f === 'key')[0]?.c;
  const measureKeyColumn = columnOf((f) => f === 'measureKey')[0]?.c;
  const yearColumns = columnOf((f) => typeof f === 'object' && 'year' in f)
    .map(({ c, field }) => ({ c, year: (field as { year: number }).year }))
    .sort((a, b) => a.c - b.c);

  // Headers that look like a year but do not read as one (「R8年」 reads; 「令和八年度」 does not).
  header.forEach((text, c) => {
    if (columns[columnLetter(c)] === 'ignore' && /^(令和|平成|[RHＲＨ][0-9０-９元一二三四五六七八九十])|年度$/.test(text.trim())) {
      problem(main.sheet, at(main.header, c), `見出し「${text}」を年度として読めません（例：R13、令和13年度、H27、2031年度）`);
    }
  });
  if (itemColumn === undefined)
    problem(main.sheet, at(main.header, 0), '「取組項目」の列がありません（見出しを「取組項目」「実施項目」などにするか、列の対応で指定してください）');
  if (measureColumn === undefined && outlineColumn === undefined)
    problem(main.sheet, at(main.header, 0), '「施策」の列がありません（見出しを「施策」にするか、列の対応で指定してください）');
  if (yearColumns.length === 0) problem(main.sheet, at(main.header, 0), '年度の列がありません（見出しを R13、令和13年度、2031 などにしてください）');
  for (let i = 1; i < yearColumns.length; i++) {
    if (yearColumns[i]!.year !== yearColumns[i - 1]!.year + 1) {
      problem(
        main.sheet,
        at(main.header, yearColumns[i]!.c),
        `年度の列は1年ずつ続けてください（${yearColumns[i - 1]!.year}年度の次が${yearColumns[i]!.year}年度です）`,
      );
    }
  }
  if (problems.length > 0) return { columns, kpiColumns: {}, signature, matches, problems, matchProblems: [] };

  const book = new KeyBook(base);
  const firstYear = yearColumns[0]!.year;
  const lastYear = yearColumns.at(-1)!.year;

  // ——— departments: the 課 sheet, else the base plan's, else made from the names the sheet uses ———
  const departments: Department[] = base ? structuredClone(base.plan.departments) : [];
  const departmentSheet = findSheet(located, ['課'], (h) => (['課コード', 'コード', '課名', '名称', '課'].includes(matchText(h)) ? true : undefined), 2);
  if (departmentSheet && departmentSheet.sheet !== main.sheet) {
    const head = departmentSheet.grid[departmentSheet.header]!.map(matchText);
    const codeC = head.findIndex((h) => h === '課コード' || h === 'コード');
    const nameC = head.findIndex((h) => h === '課名' || h === '名称' || h === '課');
    const fromC = head.indexOf('開始年度');
    const untilC = head.indexOf('終了年度');
    departments.length = 0;
    for (let r = departmentSheet.header + 1; r < departmentSheet.grid.length; r++) {
      const row = departmentSheet.grid[r] ?? [];
      const code = row[codeC] ?? '';
      const name = row[nameC] ?? '';
      if (!code && !name) continue;
      const was = base?.plan.departments.find((d) => d.code === code);
      const department: Department = was && matchText(was.name) === matchText(name) ? structuredClone(was) : { code, name };
      const from = fromC >= 0 && row[fromC] ? Number(row[fromC]) : undefined;
      const until = untilC >= 0 && row[untilC] ? Number(row[untilC]) : undefined;
      if (from !== undefined) department.from = from;
      if (until !== undefined) department.until = until;
      departments.push(department);
    }
  }
  const departmentByName = new Map<string, string>();
  for (const department of departments) {
    departmentByName.set(matchText(department.name), department.code);
    for (const old of department.names ?? []) departmentByName.set(matchText(old.name), department.code);
  }
  departmentByName.set(matchText('関係各課'), ASSIGNED_DEPARTMENTS);
  const readDepartments = (cell: string, r: number, c: number): string[] => {
    const codes: string[] = [];
    for (const name of cell
      .split(/[・、,，／/\n]/)
      .map((n) => n.trim())
      .filter(Boolean)) {
      let code = departmentByName.get(matchText(name));
      if (!code && !base && !departmentSheet) {
        code = `d${departments.length + 1}`;
        departments.push({ code, name });
        departmentByName.set(matchText(name), code);
      }
      if (!code) problem(main.sheet, at(r, c), `「${name}」はこの計画の課にありません（課の一覧にある名前で書くか、課のシートに加えてください）`);
      else if (!codes.includes(code)) codes.push(code);
    }
    return codes;
  };

  // ——— schedule words ———
  const vocabulary = base?.plan.scheduleVocabulary ?? DEFAULT_VOCABULARY;
  const phases = new Map<string, Phase>(vocabulary.map((w) => [matchText(w.word), w.phase]));
  // A revision keeps what the plan already says each text means.
  for (const { measure } of base?.measures ?? []) {
    for (const item of measure.actionItems)
      if (!isReference(item)) for (const e of item.schedule) if (!phases.has(matchText(e.activity))) phases.set(matchText(e.activity), e.phase);
  }

  // ——— base entries to match ———
  const baseGroups = matcher(
    (base?.groups ?? []).map(({ group }) => ({ entry: group, key: group.key, place: group.parent, text: matchText(group.title) })),
    book,
  );
  const baseMeasures = matcher(
    (base?.measures ?? []).map(({ measure }) => ({ entry: measure, key: measure.key, place: measure.group, text: matchText(measure.title) })),
    book,
  );
  const baseItems = matcher(
    (base?.measures ?? []).flatMap(({ measure }) =>
      measure.actionItems.map((item) => ({ entry: item, key: item.key, place: measure.key as string | undefined, text: matchText(item.title) })),
    ),
    book,
  );
  const baseByKey = new Map<string, Group | Measure | ActionItem | Kpi>();
  for (const { group } of base?.groups ?? []) baseByKey.set(group.key, group);
  for (const { measure } of base?.measures ?? []) {
    baseByKey.set(measure.key, measure);
    for (const item of measure.actionItems) baseByKey.set(item.key, item);
    for (const kpi of measure.kpis) baseByKey.set(kpi.key, kpi);
  }
  /** The stored title: the base's when only notation differs. */
  const titleOf = (written: string, was: { title: string } | undefined) =>
    was && matchText(was.title) === matchText(written) ? was.title : written.replace(/^[・･]+/, '').trim();

  // ——— rows ———
  const groups: Group[] = [];
  const measures: (Measure & { itemRows: number[] })[] = [];
  const references: { item: { key: string; number: string; title: string; referenceTo: string }; measure: string; r: number; c: number; title: string }[] = [];
  const groupPath: (Group | undefined)[] = [];
  const outlineStyles: OutlineStyle[] = [];
  const previous = new Map<number, string>();
  const measureLevelName = levelNames?.at(-2) ?? '施策';

  // ——— HQ's corrections of the matches: their keys are set aside first, so no row above theirs takes them ———
  const matchProblems: ImportProblem[] = [];
  const matchProblem = (cell: string, message: string) => {
    const bang = cell.lastIndexOf('!');
    matchProblems.push({ sheet: cell.slice(0, bang), cell: cell.slice(bang + 1), message });
  };
  const kindOf = new Map<string, RowMatch['kind']>();
  for (const { measure } of base?.measures ?? []) {
    kindOf.set(measure.key, 'measure');
    for (const item of measure.actionItems) kindOf.set(item.key, 'actionItem');
    for (const kpi of measure.kpis) kindOf.set(kpi.key, 'kpi');
  }
  const kindName = (kind: RowMatch['kind']) => (kind === 'measure' ? measureLevelName : kind === 'actionItem' ? '取組項目' : '指標');
  const chosenFor = new Map<string, string>();
  for (const [cell, key] of Object.entries(options.matches ?? {})) {
    if (key === 'new') continue;
    const other = chosenFor.get(key);
    if (other) matchProblem(cell, `キー「${key}」は ${other} の行にも指定されています。1つのキーは1つの行にだけ対応させてください`);
    else {
      chosenFor.set(key, cell);
      book.take(key);
    }
  }
  const followed = new Set<string>();
  /** HQ's correction for the row whose title is at (r, c): the base entry chosen, 'new', or undefined (none, or a wrong one). */
  const chosen = (
    kind: RowMatch['kind'],
    sheet: string,
    r: number,
    c: number,
  ): { entry: Group | Measure | ActionItem | Kpi; how: 'chosen' } | 'new' | undefined => {
    const cell = `${sheet}!${address(r, c)}`;
    const key = options.matches?.[cell];
    if (key === undefined) return undefined;
    followed.add(cell);
    if (key === 'new') return 'new';
    const actual = kindOf.get(key);
    if (actual === kind) return { entry: baseByKey.get(key)!, how: 'chosen' };
    matchProblem(
      cell,
      actual
        ? `キー「${key}」は${kindName(actual)}のキーです。${kindName(kind)}の行には${kindName(kind)}のキーか「新規」を選んでください`
        : `キー「${key}」は見直す計画にありません。見直す計画の${kindName(kind)}のキーか「新規」を選んでください`,
    );
    return undefined;
  };

  const openGroup = (depth: number, text: string, r: number, c: number) => {
    const { number: token, title } = readOutline(text);
    const parent = depth > 0 ? groupPath[depth - 1] : undefined;
    const number = parent
      ? `${parent.number}-${token || String(groups.filter((g) => g.parent === parent.key).length + 1)}`
      : token || String(groups.filter((g) => !g.parent).length + 1);
    if (!title) problem(main.sheet, at(r, c), `${number} の名称がありません`);
    const found = baseGroups(parent?.key, title);
    const key = found ? (found.entry as Group).key : book.fresh('g');
    const group: Group = { key, number, title: titleOf(title, found?.entry as Group | undefined), ...(parent && { parent: parent.key }) };
    matches.push({ kind: 'group', cell: `${main.sheet}!${address(r, c)}`, key, number, title: group.title, how: found ? found.how : 'new' });
    groups.push(group);
    groupPath[depth] = group;
    groupPath.length = depth + 1;
  };
  const openMeasure = (text: string, r: number, c: number, written: string) => {
    const { number: token, title } = readOutline(text, measureLevelName);
    const number = token || String(measures.length + 1);
    const parent = groupPath.at(-1);
    const choice = chosen('measure', main.sheet, r, c);
    // A correction wins over the キー column.
    const keyCell = choice ? '' : written;
    const byKey = keyCell ? baseByKey.get(keyCell) : undefined;
    const found = choice === 'new' ? undefined : (choice ?? (byKey ? { entry: byKey, how: 'key' as const } : baseMeasures(parent?.key, title)));
    if (byKey) book.take(keyCell);
    const was = found?.entry as Measure | undefined;
    const key = keyCell && !byKey ? keyCell : (was?.key ?? book.fresh('m'));
    if (keyCell && !byKey) book.take(keyCell);
    const measure: Measure & { itemRows: number[] } = {
      key,
      number,
      title: titleOf(title, was),
      ...(parent && { group: parent.key }),
      owners: [],
      direction: was?.direction ?? [],
      footnotes: was?.footnotes ?? [],
      actionItems: [],
      kpis: [],
      itemRows: [],
    };
    if (!title) problem(main.sheet, at(r, c), `${measureLevelName}${number} の名称がありません`);
    matches.push({ kind: 'measure', cell: `${main.sheet}!${address(r, c)}`, key, number, title: measure.title, how: found ? found.how : 'new' });
    measures.push(measure);
  };

  // Outline numbering: each style (I, 1, (1), ①, イ) is a level, in the order the sheet first uses them;
  // without a 施策 column the deepest one is the 施策.
  if (outlineColumn !== undefined) {
    for (let r = main.header + 1; r < main.grid.length; r++) {
      const text = main.grid[r]?.[outlineColumn] ?? '';
      const { style } = readOutline(text, measureLevelName);
      if (text && style !== 'none' && !outlineStyles.includes(style)) outlineStyles.push(style);
    }
  }
  const outlineGroupLevels = outlineColumn === undefined ? 0 : measureColumn === undefined ? outlineStyles.length - 1 : outlineStyles.length;

  let lastMeasureCell = '';
  for (let r = main.header + 1; r < main.grid.length; r++) {
    const row = main.grid[r] ?? [];
    if (row.every((cell) => cell === '')) continue;
    // The hierarchy: a group or measure cell opens a new one when it differs from the row above.
    if (outlineColumn !== undefined && row[outlineColumn]) {
      const text = row[outlineColumn]!;
      if (text !== previous.get(outlineColumn)) {
        const depth = outlineStyles.indexOf(readOutline(text, measureLevelName).style);
        if (depth < 0 || (measureColumn === undefined && depth === outlineStyles.length - 1)) {
          openMeasure(text, r, outlineColumn, measureKeyColumn !== undefined ? (row[measureKeyColumn] ?? '') : '');
        } else openGroup(depth, text, r, outlineColumn);
      }
      previous.set(outlineColumn, text);
    }
    for (const { c } of levelColumns) {
      const text = row[c] ?? '';
      if (text && text !== previous.get(c)) {
        openGroup(
          levelColumns.findIndex((l) => l.c === c),
          text,
          r,
          c,
        );
        for (const deeper of levelColumns.filter((l) => l.c > c)) previous.delete(deeper.c);
        lastMeasureCell = '';
      }
      if (text) previous.set(c, text);
    }
    const measureCell = measureColumn !== undefined ? (row[measureColumn] ?? '') : '';
    const measureKeyCell = measureKeyColumn !== undefined ? (row[measureKeyColumn] ?? '') : '';
    if (measureCell && (measureCell !== lastMeasureCell || (measureKeyCell && measureKeyCell !== measures.at(-1)?.key))) {
      openMeasure(measureCell, r, measureColumn!, measureKeyCell);
      lastMeasureCell = measureCell;
    }
    const measure = measures.at(-1);
    const itemText = row[itemColumn!] ?? '';
    if (!measure) {
      if (itemText) problem(main.sheet, at(r, itemColumn!), '取組項目の前に施策がありません（施策の列に施策を書いてください）');
      continue;
    }
    if (departmentColumn !== undefined && row[departmentColumn]) {
      for (const code of readDepartments(row[departmentColumn]!, r, departmentColumn)) if (!measure.owners.includes(code)) measure.owners.push(code);
    }
    if (!itemText) continue;

    // 取組項目: a reference 〈施策5に記載〉 or a scheduled row.
    const reference = /[〈<＜(（]\s*(?:施策)?\s*([0-9０-９]+)\s*に記載\s*[〉>＞)）]\s*$/.exec(itemText);
    const itemTitle = reference ? itemText.slice(0, reference.index).trim() : itemText;
    const choice = chosen('actionItem', main.sheet, r, itemColumn!);
    const keyCell = keyColumn !== undefined && !choice ? (row[keyColumn] ?? '') : '';
    const byKey = keyCell ? baseByKey.get(keyCell) : undefined;
    if (keyCell) book.take(keyCell);
    const found = choice === 'new' ? undefined : (choice ?? (byKey ? { entry: byKey, how: 'key' as const } : baseItems(measure.key, itemTitle)));
    const was = found?.entry as ActionItem | undefined;
    const key = keyCell || was?.key || book.fresh('a');
    const number = `${measure.number}-${measure.actionItems.length + 1}`;
    const title = titleOf(itemTitle, was);
    matches.push({ kind: 'actionItem', cell: `${main.sheet}!${address(r, itemColumn!)}`, key, number, title, how: found ? found.how : 'new' });
    if (reference) {
      const item = { key, number, title, referenceTo: '' };
      measure.actionItems.push(item);
      references.push({ item, measure: reference[1]!.normalize('NFKC'), r, c: itemColumn!, title: itemTitle });
      continue;
    }
    const schedule: { fiscalYear: number; activity: string; phase: Phase }[] = [];
    for (const { c, year } of yearColumns) {
      let activity = row[c] ?? '';
      if (SAME_AS_BEFORE.has(activity.normalize('NFKC'))) {
        const before = schedule.at(-1);
        if (!before || before.activity === '') {
          problem(main.sheet, at(r, c), '「→」（前年度と同じ）の前の年度に予定がありません');
          continue;
        }
        activity = before.activity;
      }
      const phase = phases.get(matchText(activity)) ?? phaseByWords(activity);
      schedule.push({ fiscalYear: year, activity, phase });
    }
    // Same schedule text as the base, notation aside: keep the base's text.
    if (was && !isReference(was)) {
      for (const entry of schedule) {
        const old = was.schedule.find((e) => e.fiscalYear === entry.fiscalYear);
        if (old && matchText(old.activity) === matchText(entry.activity)) Object.assign(entry, { activity: old.activity, phase: old.phase });
      }
    }
    measure.actionItems.push({ key, number, title, schedule, ...(was && !isReference(was) && was.effect && { effect: was.effect }) });
    measure.itemRows.push(r);
  }
  for (const ref of references) {
    const target = measures.find((m) => m.number === ref.measure);
    const item = target?.actionItems.find((i) => matchText(i.title) === matchText(ref.title)) ?? target?.actionItems[0];
    if (!item) problem(main.sheet, at(ref.r, ref.c), `参照先の${measureLevelName}${ref.measure}がありません`);
    else ref.item.referenceTo = item.key;
  }
  for (const measure of measures) {
    if (measure.owners.length === 0) {
      const was = baseByKey.get(measure.key) as Measure | undefined;
      if (was?.owners) measure.owners = [...was.owners];
      else if (departmentColumn !== undefined) problem(main.sheet, '', `${measureLevelName}${measure.number}「${measure.title}」の担当課がありません`);
      else measure.owners = [ASSIGNED_DEPARTMENTS];
    }
    if (measure.actionItems.length === 0) problem(main.sheet, '', `${measureLevelName}${measure.number}「${measure.title}」に取組項目がありません`);
  }

  // ——— KPI sheet ———
  const kpiSheet = findSheet(
    located.filter((s) => s.sheet !== main.sheet),
    ['KPI', '指標'],
    guessKpiField,
    3,
  );
  let kpiColumns: ColumnMapping<KpiField> = {};
  if (kpiSheet) {
    kpiColumns = mappingOf(kpiSheet.grid[kpiSheet.header]!, guessKpiField, options.kpiColumns);
    const col = (field: KpiField) => {
      const letter = Object.entries(kpiColumns).find(([, f]) => f === field)?.[0];
      return letter === undefined ? undefined : columnIndex(letter);
    };
    const [measureC, nameC, unitC, baselineC, targetC, targetYearC, noteC, keyC] = (
      ['measure', 'name', 'unit', 'baseline', 'target', 'targetYear', 'note', 'key'] as const
    ).map(col);
    for (const [field, c] of [
      ['指標', nameC],
      ['現在値', baselineC],
      ['目標値', targetC],
      ['施策', measureC],
    ] as const) {
      if (c === undefined) problem(kpiSheet.sheet, address(kpiSheet.header, 0), `「${field}」の列がありません`);
    }
    const baseKpis = (base?.measures ?? []).flatMap(({ measure: m }) => m.kpis.map((kpi) => ({ kpi, measure: m.key })));
    let measure: (typeof measures)[number] | undefined;
    for (
      let r = kpiSheet.header + 1;
      r < kpiSheet.grid.length && nameC !== undefined && baselineC !== undefined && targetC !== undefined && measureC !== undefined;
      r++
    ) {
      const row = kpiSheet.grid[r] ?? [];
      if (row.every((cell) => cell === '')) continue;
      const measureText = row[measureC] ?? '';
      if (measureText) {
        const { number } = readOutline(measureText, measureLevelName);
        measure = measures.find((m) => m.number === (number || measureText.normalize('NFKC')));
        if (!measure) {
          problem(kpiSheet.sheet, address(r, measureC), `${measureLevelName}「${measureText}」が実施計画のシートにありません`);
          continue;
        }
      }
      if (!measure) {
        problem(kpiSheet.sheet, address(r, measureC), `どの${measureLevelName}の指標か書いてください`);
        continue;
      }
      const name = row[nameC] ?? '';
      if (!name) {
        problem(kpiSheet.sheet, address(r, nameC), '指標の名前がありません');
        continue;
      }
      const choice = chosen('kpi', kpiSheet.sheet, r, nameC);
      const keyCell = keyC !== undefined && !choice ? (row[keyC] ?? '') : '';
      const byKey = keyCell ? (baseByKey.get(keyCell) as Kpi | undefined) : undefined;
      const unmatched = choice !== undefined;
      const here =
        byKey ??
        (unmatched
          ? undefined
          : baseKpis.find((e) => e.measure === measure!.key && matchText(e.kpi.name) === matchText(name) && !book.taken.has(e.kpi.key))?.kpi);
      const moved = here || unmatched ? undefined : baseKpis.filter((e) => matchText(e.kpi.name) === matchText(name) && !book.taken.has(e.kpi.key));
      const was = choice && choice !== 'new' ? (choice.entry as Kpi) : (here ?? (moved?.length === 1 ? moved[0]!.kpi : undefined));
      if (was) book.take(was.key);
      else if (keyCell) book.take(keyCell);
      const key = keyCell || was?.key || book.fresh('k');
      const number = `${measure.number}-K${measure.kpis.length + 1}`;
      const unitCell = unitC !== undefined ? (row[unitC] ?? '') : '';
      const baselineText = row[baselineC] ?? '';
      const targetText = row[targetC] ?? '';
      const baselineCell = readKpiCell(baselineText, unitCell || was?.unit);
      const targetCell = readKpiCell(targetText, unitCell || was?.unit);
      if (typeof baselineCell === 'string') problem(kpiSheet.sheet, address(r, baselineC), baselineCell);
      if (typeof targetCell === 'string') problem(kpiSheet.sheet, address(r, targetC), targetCell);
      if (typeof baselineCell === 'string' || typeof targetCell === 'string') continue;
      const targetYearText = targetYearC !== undefined ? (row[targetYearC] ?? '') : '';
      let targetLast = lastYear;
      if (targetYearText) {
        const year = /^\d{4}$/.test(targetYearText) ? Number(targetYearText) : undefined;
        const parsed = year ?? (readKpiCell(`0 (${targetYearText})`) as { when?: { period: number } }).when?.period;
        if (parsed === undefined) problem(kpiSheet.sheet, address(r, targetYearC!), `目標年度「${targetYearText}」を年度として読めません`);
        else targetLast = parsed;
      }
      // Unchanged labels, notation aside, keep the base's reading: only real changes are changes.
      const baseline = was && matchText(was.baseline.label) === matchText(baselineText) ? was.baseline : toBaseline(baselineCell, baselineText);
      const target = was && matchText(was.target.label) === matchText(targetText) ? was.target : toTarget(targetCell, targetText, targetLast);
      if (typeof baseline === 'string') problem(kpiSheet.sheet, address(r, baselineC), baseline);
      if (typeof target === 'string') problem(kpiSheet.sheet, address(r, targetC), target);
      if (typeof baseline === 'string' || typeof target === 'string') continue;
      const unit = unitCell || (was && (baselineCell.unit === '' || baselineCell.unit === was.unit) ? was.unit : baselineCell.unit || targetCell.unit);
      if (!unit) problem(kpiSheet.sheet, address(r, baselineC), '単位がありません（「83件」のように数値の後に書くか、単位の列を設けてください）');
      const noteText = noteC !== undefined ? (row[noteC] ?? '') : undefined;
      const kpi: Kpi = {
        ...(was ?? {}),
        key,
        number,
        name: was && matchText(was.name) === matchText(name) ? was.name : name,
        unit: was && matchText(was.unit) === matchText(unit) ? was.unit : unit,
        direction: was?.direction ?? (targetCell.comparison === 'at_most' ? 'decrease' : 'increase'),
        kind: was?.kind ?? 'quantitative',
        basis: was && baseline === was.baseline && target === was.target ? was.basis : basisOf(baselineCell, targetCell),
        baseline,
        target,
      };
      if (noteText !== undefined && !(was?.note && matchText(was.note) === matchText(noteText))) {
        if (noteText) kpi.note = noteText;
        else delete kpi.note;
      }
      const how = choice && choice !== 'new' ? 'chosen' : byKey ? 'key' : here ? 'same_place' : was ? 'moved' : 'new';
      matches.push({ kind: 'kpi', cell: `${kpiSheet.sheet}!${address(r, nameC)}`, key, number, title: kpi.name, how });
      measure.kpis.push(kpi);
    }
  }
  for (const cell of Object.keys(options.matches ?? {})) {
    if (!followed.has(cell)) matchProblem(cell, `このセルは${measureLevelName}・取組項目・指標の行の名称のセルではありません`);
  }
  if (measures.length === 0 && problems.length === 0) problem(main.sheet, '', '施策と取組項目の行がありません');
  if (problems.length > 0) return { columns, kpiColumns, signature, matches, problems, matchProblems };

  // Numbering that restarts under each heading ((1), (2) under 1, again (1) under 2) is made unique the way
  // group numbers are: prefixed with the group's number (I-1-(1)); action items and KPIs follow their measure.
  const numbers = measures.map((m) => m.number);
  if (new Set(numbers).size !== numbers.length) {
    for (const measure of measures) {
      const group = groups.find((g) => g.key === measure.group);
      if (group) measure.number = `${group.number}-${measure.number}`;
      measure.actionItems.forEach((item, i) => {
        item.number = `${measure.number}-${i + 1}`;
      });
      measure.kpis.forEach((kpi, i) => {
        kpi.number = `${measure.number}-K${i + 1}`;
      });
    }
    for (const match of matches) {
      const entry = match.kind === 'measure' ? measures.find((m) => m.key === match.key) : undefined;
      const item = measures.flatMap((m) => [...m.actionItems, ...m.kpis]).find((e) => e.key === match.key);
      if (entry) match.number = entry.number;
      else if (item && match.kind !== 'group') match.number = item.number;
    }
  }

  const depth = levelColumns.length + outlineGroupLevels;
  const levels =
    base && base.plan.levels.length === depth + 2
      ? base.plan.levels
      : [
          ...levelColumns.map(({ c }) => ({ name: header[c]! })),
          ...Array.from({ length: outlineGroupLevels }, (_, i) => ({ name: `第${i + 1}階層` })),
          { name: measureColumn !== undefined ? header[measureColumn]! : measureLevelName },
          { name: header[itemColumn!]! },
        ];
  const plan: PlanInput = {
    ...(base
      ? (({ groups: _g, measures: _m, departments: _d, levels: _l, period: _p, ...rest }) => rest)(structuredClone(base.plan))
      : {
          id: 'new-plan',
          title: '新しい計画',
          city: { name: '未設定', prefecture: '未設定', code: '000000' },
          hq: { name: '推進本部', department: departments[0]?.code ?? 'd1' },
          scheduleVocabulary: DEFAULT_VOCABULARY,
        }),
    period: { firstFiscalYear: base?.plan.period.firstFiscalYear ?? firstYear, lastFiscalYear: base?.plan.period.lastFiscalYear ?? lastYear },
    levels,
    departments,
    groups,
    measures: measures.map(({ itemRows: _rows, ...measure }) => measure),
  };
  if (base && (base.plan.period.firstFiscalYear !== firstYear || base.plan.period.lastFiscalYear !== lastYear)) {
    plan.period = { firstFiscalYear: firstYear, lastFiscalYear: lastYear };
  }
  return { plan, columns, kpiColumns, signature, matches, problems, matchProblems };
}
