/**
 * Part of `npm run bench:api`: the spreadsheet function's bundle next to the API's (which must carry
 * no spreadsheet library); p50 time and peak memory of parsing a filled 120-row year's sheet (the parse alone,
 * labelled so) and of refusing the zip bombs; then the function's real routes on a table at today's size,
 * timed through the sheets app: the 120-row import (read, checked against the stored versions, written), the
 * exports (xlsx and CSV, whole year and one department) and report.docx. Those are bench:scale's cases
 * (SHEETS_ROUTE_CASES below names them), run at 1× with its targets, so the two benches time the same thing.
 * Each case runs in its own process so its peak RSS is its own. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleSize } from './bundle-size.ts';
import { readProgressSheet } from '../functions/domain/progress-reports/progress-import.ts';
import { PROGRESS_COLUMNS } from '../functions/domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../functions/domain/progress-reports/progress-sheet.ts';
import { readWorkbook } from '../functions/sheets/workbook-read.ts';
import { writeProgressWorkbook } from '../functions/sheets/workbook-write.ts';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_ITERATIONS ?? 30);
/** bench:scale's cases (bench/scale.bench.ts CASES) that are the spreadsheet function's routes; a new case there joins by name here. */
const SHEETS_ROUTE_CASES = ['import', 'export-xlsx', 'export-xlsx-dept', 'export-csv', 'export-csv-dept', 'report-docx'];
const SPREADSHEET_LIBRARIES = ['node_modules/@e965/xlsx', 'node_modules/exceljs', 'node_modules/fflate'];

async function bundle(entry: string): Promise<{ bytes: number; spreadsheetInputs: string[] }> {
  const { coldStart, metafile } = await bundleSize(entry);
  const inputs = Object.keys(metafile.inputs);
  return {
    bytes: coldStart,
    spreadsheetInputs: SPREADSHEET_LIBRARIES.filter((library) => inputs.some((input) => input.includes(library))),
  };
}

/** A year's sheet with all 120 rows filled in, as a department returns it. */
async function filledYearSheet(): Promise<Uint8Array> {
  const blank = Object.fromEntries(PROGRESS_COLUMNS.map((column) => [column.key, null])) as ProgressRow;
  const rows: ProgressRow[] = Array.from({ length: 120 }, (_, i) =>
    i < 103
      ? {
          ...blank,
          kind: '取組項目',
          id: `${1 + (i % 44)}-${1 + Math.floor(i / 44)}`,
          status: '実施中',
          rating: 'B 計画どおり',
          achievements: '実績の記述。'.repeat(40),
          challenges: '課題の記述。'.repeat(20),
          nextSteps: '今後の取組。'.repeat(20),
          state: '下書き',
          version: 1,
        }
      : { ...blank, kind: 'KPI', id: `${i - 102}-K1`, value: 1234.5, unit: '%', asOf: '2027-03-31', note: '出典', state: '下書き', version: 1 },
  );
  return writeProgressWorkbook(2026, rows);
}

async function runCase(name: string): Promise<void> {
  const bytes = name === 'parse-120-rows' ? await filledYearSheet() : new Uint8Array(readFileSync(resolve(root, `tests/fixtures/xlsx/${name}.xlsx`)));
  const times: number[] = [];
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    try {
      const sheet = readWorkbook(bytes, { maxRows: 2000 })[1]!;
      outcome = `${readProgressSheet(sheet.rows).rows.length} rows read`;
    } catch (error) {
      outcome = `refused: ${(error as Error).message.slice(0, 30)}…`;
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(30)} ${(bytes.length / 1024).toFixed(0).padStart(6)} KB  p50 ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(7)} ms  peak RSS ${peakMb.toFixed(0).padStart(4)} MB  ${outcome}`,
  );
}

if (process.env.SHEETS_BENCH_CASE) {
  await runCase(process.env.SHEETS_BENCH_CASE);
} else {
  console.log('\nspreadsheet function (functions/sheets)');
  for (const [name, entry] of [
    ['api', 'functions/api/lambda.ts'],
    ['sheets', 'functions/sheets/lambda.ts'],
  ] as const) {
    const { bytes, spreadsheetInputs } = await bundle(entry);
    console.log(`${name.padEnd(8)} bundle ${(bytes / 1024).toFixed(1).padStart(7)} KB  spreadsheet libraries: ${spreadsheetInputs.join(', ') || 'none'}`);
  }
  console.log(`parsing only, no table (${RUNS} runs each, one process per case; peak RSS includes Node itself)`);
  for (const name of ['parse-120-rows', 'bomb-100mb', 'bomb-100mb-understated']) {
    execFileSync(process.execPath, [...process.execArgv, import.meta.filename], { stdio: 'inherit', env: { ...process.env, SHEETS_BENCH_CASE: name } });
  }
  console.log("\nthe routes on a table at today's size (bench:scale at 1×; one process and one request per case)");
  execFileSync(
    process.execPath,
    [...process.execArgv, resolve(import.meta.dirname, 'scale.bench.ts'), '--factors', '1', '--cases', SHEETS_ROUTE_CASES.join(',')],
    {
      stdio: 'inherit',
    },
  );
}
