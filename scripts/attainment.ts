/**
 * `npm run --silent attainment -- --fy 2027 --actuals FILE [--reports FILE]`
 * Rates the plan's KPIs (and, with --reports, its action items) for a fiscal year and prints JSON.
 * Bad input: one Japanese line on stderr and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from '../functions/domain/zod.ts';
import { AttainmentInputError, actionReportInputSchema, assessFiscalYear, kpiActualSchema } from '../functions/domain/attainment/index.ts';
import { seedCatalogue } from '../functions/domain/catalogue/seed.ts';

class UsageError extends Error {}

function readJsonArray<S extends z.ZodMiniType>(path: string, schema: S): z.output<S>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${path} を読めません（ファイルがないか、読み取り権限がありません）`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${basename(path)} は正しい JSON ではありません`);
  }
  if (!Array.isArray(data)) throw new UsageError(`${basename(path)} は配列（[...]）で書いてください`);
  return data.map((entry, i) => {
    const result = schema.safeParse(entry);
    if (!result.success) throw new UsageError(`${basename(path)} の ${i + 1} 件目: ${result.error.issues[0]!.message}`);
    return result.data;
  });
}

function main(argv: string[]): void {
  let values: { fy?: string; actuals?: string; reports?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { fy: { type: 'string' }, actuals: { type: 'string' }, reports: { type: 'string' } },
      strict: true,
    }));
  } catch {
    throw new UsageError(`オプションが正しくありません: ${argv.join(' ')}（使い方: --fy 2027 --actuals 実績.json [--reports 報告.json]）`);
  }
  if (!values.fy || !/^\d{4}$/.test(values.fy)) throw new UsageError('--fy に年度を西暦4桁で指定してください（例: --fy 2027）');
  if (!values.actuals) throw new UsageError('--actuals に実績のJSONファイルを指定してください');
  const catalogue = seedCatalogue();
  const actuals = readJsonArray(values.actuals, kpiActualSchema);
  actuals.forEach((actual, i) => {
    if (!catalogue.kpi(actual.kpi)) throw new UsageError(`${basename(values.actuals!)} の ${i + 1} 件目: kpi「${actual.kpi}」は計画にありません`);
  });
  const actionReports = values.reports ? readJsonArray(values.reports, actionReportInputSchema) : [];
  const assessment = assessFiscalYear({ catalogue, fiscalYear: Number(values.fy), actuals, actionReports });
  process.stdout.write(`${JSON.stringify(assessment, null, 2)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof AttainmentInputError) {
    process.stderr.write(`エラー: ${(error as Error).message}\n`);
    process.exit(2);
  }
  throw error;
}
