/**
 * `npm run --silent plan -- <command>`: a plan workbook from the command line (issue 21.5).
 *   check FILE [--mapping FILE] [--json]   offline: what the workbook reads as, or every cell it cannot read
 *   apply FILE [--dry-run] [--new] [--plan ID] [--effective-from 年度] [--mapping FILE] [--json]
 *       against the running local system (npm start): the difference {added, retired, changed}, then (without
 *       --dry-run) the revision applied through the service (one conditional write), or with --new the plan
 *       created as version 1 (its 「計画」 sheet names its id, title and city)
 *   export [--plan ID] [--format xlsx|json]   the plan (the active one by default) on stdout
 * Bad input: Japanese lines on stderr naming the cell (シート「実施計画」H14: …), exit code 2, nothing stored.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { currentFiscalYear, formatPeriodLabel } from '../../functions/domain/calendar/index.ts';
import { CatalogueError, type Catalogue, type PlanChange, parseCatalogue } from '../../functions/domain/catalogue/index.ts';
import type { PlanInput } from '../../functions/domain/catalogue/schema.ts';
import {
  type ColumnMapping,
  type KpiField,
  type PlanField,
  type PlanReading,
  problemText,
  readPlanWorkbook,
  type SheetInput,
} from '../../functions/domain/plan-import/index.ts';
import { planWorkbook } from '../../functions/plan-workbook/write.ts';
import { openContext } from '../../functions/service/context.ts';
import { InvalidInputError } from '../../functions/service/errors.ts';
import { applyRevision, previewRevision } from '../../functions/service/plans.ts';
import { SpreadsheetError } from '../../functions/sheets/workbook-read.ts';
import { MAX_PLAN_FILE_BYTES, planSheets } from '../../functions/sheets/plan-file.ts';
import {
  completeNewPlan,
  differenceOf,
  MAPPING_FIELDS_TEXT,
  NEW_PLAN_SHEET_MESSAGE,
  planCounts,
  planMappingSchema,
} from '../../functions/service/plan-import.ts';
import { headOf, OverlappingPlanError, overlapping, planHash } from '../../functions/store/bootstrap.ts';
import { DynamoStore } from '../../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { localDynamoDbClient } from '../local/dynamodb-local.ts';
import { LOCAL } from '../local/settings.ts';

const USAGE =
  '使い方：check ファイル [--json] / apply ファイル [--dry-run] [--new] [--mapping ファイル] [--json] / export [--plan 計画ID] [--format xlsx|json]';

class UsageError extends Error {}

export interface PlanCliIo {
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Where the local system is (DYNAMODB_ENDPOINT, TABLE_NAME); process.env by default. */
  env?: Record<string, string | undefined>;
}

function readBytes(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${path} を読めません（ファイルがないか、読み取り権限がありません）`);
  }
  if (size > MAX_PLAN_FILE_BYTES) throw new UsageError(`${basename(path)} は大きすぎます（${MAX_PLAN_FILE_BYTES / 1024 / 1024}MB まで）`);
  return readFileSync(path);
}

/** The file's sheets, read as HQ's screen reads them (functions/sheets/plan-file.ts). */
function sheetsOf(path: string): SheetInput[] {
  const bytes = readBytes(path);
  try {
    return planSheets(bytes, extname(path).toLowerCase() === '.csv' ? 'csv' : 'workbook');
  } catch (error) {
    if (error instanceof SpreadsheetError) throw new UsageError(`${basename(path)}：${error.message}`);
    throw error;
  }
}

function mappingOf(path: string | undefined): { columns?: ColumnMapping<PlanField>; kpiColumns?: ColumnMapping<KpiField> } {
  if (!path) return {};
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(readBytes(path)));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${basename(path)} は正しい JSON ではありません`);
  }
  const result = planMappingSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const fields = MAPPING_FIELDS_TEXT;
    throw new UsageError(
      `${basename(path)} の ${issue.path.join('.')} が分かりません（列の対応は ${fields} のどれかです。例：{"columns": {"C": "departments", "D": {"year": 2031}}}）`,
    );
  }
  return result.data as { columns?: ColumnMapping<PlanField>; kpiColumns?: ColumnMapping<KpiField> };
}

/** Problems of the reading, as lines naming the cell; a UsageError when there are any. */
function refuseProblems(reading: PlanReading, io: PlanCliIo, json: boolean): asserts reading is PlanReading & { plan: PlanInput } {
  if (reading.problems.length === 0 && reading.plan) return;
  if (json) io.stdout(`${JSON.stringify({ errors: reading.problems.map((p) => ({ ...p, text: problemText(p) })) }, null, 2)}\n`);
  throw new UsageError(reading.problems.map(problemText).join('\n'));
}

function connect(env: Record<string, string | undefined>) {
  const endpoint = env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? LOCAL.dynamoPort}`;
  const store = new DynamoStore({ tableName: env.TABLE_NAME ?? LOCAL.tableName, client: localDynamoDbClient(endpoint) });
  return { store, plans: new PlanRegistry(store), endpoint };
}

async function planOf(plans: PlanRegistry, endpoint: string, id: string | undefined): Promise<Catalogue> {
  try {
    if (!id) return await plans.active();
    const entry = await plans.entry(id);
    if (!entry) throw new UsageError(`計画「${id}」はありません`);
    return await plans.catalogueOf(entry.versions.at(-1)!);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `ローカルのデータを読めません（npm start で起動していますか？ ${endpoint}。別のポートで起動したときは同じ DYNAMODB_PORT を指定してください）：${(error as Error).message}`,
    );
  }
}

async function apply(
  file: string,
  options: { dryRun: boolean; isNew: boolean; plan?: string; effectiveFrom?: number; mapping?: string; json: boolean },
  io: PlanCliIo,
) {
  const sheets = sheetsOf(file);
  const mapping = mappingOf(options.mapping);
  const { store, plans, endpoint } = connect(io.env ?? process.env);
  const now = new Date();
  const by = { sub: 'plan-cli', name: '運用（plan コマンド）' };
  let changes: PlanChange[];
  if (options.isNew) {
    const reading = readPlanWorkbook(sheets, mapping);
    refuseProblems(reading, io, options.json);
    const plan = completeNewPlan(sheets, reading.plan);
    if (!plan) throw new UsageError(NEW_PLAN_SHEET_MESSAGE);
    let catalogue: Catalogue;
    try {
      catalogue = parseCatalogue(plan);
    } catch (error) {
      if (error instanceof CatalogueError) throw new UsageError(error.message);
      throw error;
    }
    const heads = await store.listPlans().catch((error: Error) => {
      throw new UsageError(
        `ローカルのデータを読めません（npm start で起動していますか？ ${endpoint}。別のポートで起動したときは同じ DYNAMODB_PORT を指定してください）：${error.message}`,
      );
    });
    if (heads.some((head) => head.id === catalogue.plan.id))
      throw new UsageError(`計画「${catalogue.plan.id}」はすでにあります（改定は --new なしで実行してください）`);
    const other = overlapping(catalogue.plan, heads);
    if (other) throw new UsageError(new OverlappingPlanError(catalogue.plan, other).message);
    changes = [];
    for (const { measure } of catalogue.measures)
      changes.push({ kind: 'measure', key: measure.key, change: 'added', number: measure.number, title: measure.title });
    if (!options.dryRun) {
      await store.writePlan({
        head: headOf(catalogue.plan),
        content: { plan: catalogue.plan, hash: planHash(catalogue.plan) },
        action: 'load',
        effectiveFrom: catalogue.plan.period.firstFiscalYear,
        changes: [],
        comment: `${basename(file)} から作成`,
        expectedVersion: null,
        at: now.toISOString(),
        by,
      });
    }
  } else {
    const base = await planOf(plans, endpoint, options.plan);
    const reading = readPlanWorkbook(sheets, { base, ...mapping });
    refuseProblems(reading, io, options.json);
    // The service's own revision path, as HQ: the same checks (keys never reused, periods, effectiveFrom) and one conditional write.
    const ctx = openContext({ store, plans, caller: { ...by, hq: true, viewer: false, departments: new Map() }, now, settings: { headConfirmation: true } });
    const input = { plan: reading.plan, effectiveFrom: options.effectiveFrom ?? clamp(currentFiscalYear(now), base), comment: `${basename(file)} から改定` };
    const preview = await previewRevision(ctx, base.plan.id, input);
    if (preview.problems.length > 0) throw new UsageError(preview.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    changes = preview.changes;
    if (!options.dryRun && changes.length > 0) {
      await applyRevision(ctx, base.plan.id, input, { present: true, matches: (version) => version === preview.version });
    }
  }
  const difference = differenceOf(changes);
  if (options.json) io.stdout(`${JSON.stringify(difference, null, 2)}\n`);
  else {
    io.stdout(
      `追加 ${difference.added.length}件、廃止 ${difference.retired.length}件、変更 ${difference.changed.length}件${options.dryRun ? '（確認のみ。保存していません）' : ''}\n`,
    );
    for (const c of difference.added) io.stdout(`  追加 ${c.kind} ${c.key}（${c.number}）${c.title}\n`);
    for (const c of difference.retired) io.stdout(`  廃止 ${c.kind} ${c.key}（${c.number}）${c.title}\n`);
    for (const c of difference.changed) io.stdout(`  変更 ${c.kind} ${c.key}（${c.number}）${c.change}${c.field ? ` ${c.field}` : ''}\n`);
  }
}

/** The current fiscal year, within the plan's period (a revision applied before the plan starts is in force from its first year). */
function clamp(year: number, base: Catalogue): number {
  return Math.min(base.plan.period.lastFiscalYear, Math.max(base.plan.period.firstFiscalYear, year));
}

async function main(argv: string[], io: PlanCliIo): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; strict: true; options: typeof OPTIONS; args: string[] }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch {
    throw new UsageError(`オプションが正しくありません：${argv.join(' ')}（${USAGE}）`);
  }
  const { values, positionals } = parsed;
  const [command, file, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`余分な引数があります：${rest.join(' ')}（${USAGE}）`);
  const json = Boolean(values.json);
  if (command === 'check' || command === 'apply') {
    if (!file) throw new UsageError(`計画のファイル（.xlsx または .csv）を指定してください（${USAGE}）`);
    if (command === 'check') {
      const reading = readPlanWorkbook(sheetsOf(file), mappingOf(values.mapping));
      refuseProblems(reading, io, json);
      const result = planCounts(reading.plan);
      if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        io.stdout(
          `${result.levels.map((l) => `${l.name} ${l.count}`).join('、')}、KPI ${result.kpis}、課 ${result.departments}、${formatPeriodLabel({ kind: 'fiscal_years', from: result.firstYear, to: result.lastYear })}\n`,
        );
      }
      return;
    }
    const effectiveFrom = values['effective-from'] === undefined ? undefined : Number(values['effective-from']);
    if (effectiveFrom !== undefined && !/^\d{4}$/.test(values['effective-from']!)) throw new UsageError('--effective-from には年度を西暦4桁で指定してください');
    await apply(file, { dryRun: Boolean(values['dry-run']), isNew: Boolean(values.new), plan: values.plan, effectiveFrom, mapping: values.mapping, json }, io);
    return;
  }
  if (command === 'export') {
    if (file) throw new UsageError(`export は標準出力に書き出します（plan -- export > ファイル）（${USAGE}）`);
    const format = values.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'json') throw new UsageError('--format は xlsx か json です');
    const { plans, endpoint } = connect(io.env ?? process.env);
    const { plan } = await planOf(plans, endpoint, values.plan);
    io.stdout(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : await planWorkbook(plan));
    return;
  }
  throw new UsageError(command ? `「${command}」というコマンドはありません（${USAGE}）` : USAGE);
}

const OPTIONS = {
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  new: { type: 'boolean' },
  mapping: { type: 'string' },
  plan: { type: 'string' },
  format: { type: 'string' },
  'effective-from': { type: 'string' },
} as const;

/** Runs the CLI: 0 on success, 2 for bad input or usage (every line on stderr), 1 for anything else. */
export async function runPlanCli(argv: string[], io: PlanCliIo): Promise<number> {
  try {
    await main(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof InvalidInputError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    io.stderr(`エラー：${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
