/**
 * `npm run --silent attainment -- --fy <年度> --actuals FILE [--reports FILE]`
 * Rates the plan's KPIs (and, with --reports, its action items) for a fiscal year and prints the
 * assessment as JSON on stdout.
 *   --actuals FILE: [{"kpi": "<KPIのキー>", "period": <年度>, "value": 90}, ...]
 *   --reports FILE: [{"actionItem": "<取組項目のキー>", "fiscalYear": <年度>, "status": "implementing", "rating": "B"}, ...]
 * Bad input: one Japanese line on stderr naming the problem, exit code 2, no stack trace.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type * as z from '../../functions/domain/zod.ts';
import { AttainmentInputError, actionReportInputSchema, assessFiscalYear, kpiActualSchema } from '../../functions/domain/attainment/index.ts';
import { isReference } from '../../functions/domain/catalogue/schema.ts';
import { seedCatalogue } from '../../seeds/plans.ts';

const USAGE = '使い方：--fy <年度> --actuals 実績.json [--reports 報告.json]';

class UsageError extends Error {}

/** The file's entries, each validated; a problem names the file and the entry (1-based). */
function readEntries<S extends z.ZodMiniType>(path: string, schema: S): { entries: z.output<S>[]; at: (i: number) => string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${path} を読めません（ファイルがないか、読み取り権限がありません）`);
  }
  const name = basename(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} は正しい JSON ではありません`);
  }
  if (!Array.isArray(data)) throw new UsageError(`${name} は配列（[...]）で書いてください`);
  const at = (i: number) => `${name} の ${i + 1} 件目`;
  const entries = data.map((entry, i) => {
    const result = schema.safeParse(entry);
    if (!result.success) throw new UsageError(`${at(i)}：${result.error.issues[0]!.message}`);
    return result.data;
  });
  return { entries, at };
}

/** The CLI's work: JSON on `out`, or a UsageError / AttainmentInputError for the caller to print. */
function assess(argv: string[], out: (text: string) => void): void {
  let values: { fy?: string; actuals?: string; reports?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { fy: { type: 'string' }, actuals: { type: 'string' }, reports: { type: 'string' } },
      strict: true,
    }));
  } catch {
    throw new UsageError(`オプションが正しくありません：${argv.join(' ')}（${USAGE}）`);
  }
  if (!values.fy || !/^\d{4}$/.test(values.fy)) throw new UsageError('--fy に年度を西暦4桁で指定してください');
  if (!values.actuals) throw new UsageError(`--actuals に実績のJSONファイルを指定してください（${USAGE}）`);
  const catalogue = seedCatalogue();

  // The engine checks the same things; checking here too lets the message point at the entry.
  const actuals = readEntries(values.actuals, kpiActualSchema);
  const actualKeys = new Set<string>();
  actuals.entries.forEach((actual, i) => {
    if (!catalogue.kpi(actual.kpi)) throw new UsageError(`${actuals.at(i)}：kpi「${actual.kpi}」は計画にありません`);
    const key = `${actual.kpi}@${actual.period}`;
    if (actualKeys.has(key)) throw new UsageError(`${actuals.at(i)}：kpi「${actual.kpi}」の ${actual.period} の実績が2件以上あります`);
    actualKeys.add(key);
  });

  const reports = values.reports ? readEntries(values.reports, actionReportInputSchema) : undefined;
  const reportKeys = new Set<string>();
  reports?.entries.forEach((report, i) => {
    const found = catalogue.actionItem(report.actionItem);
    if (!found) throw new UsageError(`${reports.at(i)}：actionItem「${report.actionItem}」は計画にありません`);
    if (isReference(found.item)) {
      throw new UsageError(
        `${reports.at(i)}：actionItem「${report.actionItem}」は「${found.item.referenceTo}」を参照する行です。「${found.item.referenceTo}」で報告してください`,
      );
    }
    const key = `${report.actionItem}@${report.fiscalYear}`;
    if (reportKeys.has(key)) throw new UsageError(`${reports.at(i)}：actionItem「${report.actionItem}」の${report.fiscalYear}年度の報告が2件以上あります`);
    reportKeys.add(key);
  });

  const assessment = assessFiscalYear({ catalogue, fiscalYear: Number(values.fy), actuals: actuals.entries, actionReports: reports?.entries ?? [] });
  out(`${JSON.stringify(assessment, null, 2)}\n`);
}

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs `attainment` with `argv` (the arguments after `--`) and answers the exit code: 0 with the JSON
 * on stdout, 2 with one Japanese line on stderr for bad input. Anything else is a bug and is thrown.
 */
export function runAttainmentCli(argv: string[], output: CliOutput): number {
  try {
    assess(argv, output.stdout);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof AttainmentInputError) {
      output.stderr(`エラー：${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
