/**
 * `npm run bench:scale [-- --factors 1,10,100] [--runs 3] [--json] [--cases overview,import]`: the system at 1×, 10× and 100× today's data
 * (bench/scale-data.ts: at 100× the plan copied 100×, 4,400 measures, ~12,000 items a year, ~60,000 reports
 * over FY2026–FY2030, text of realistic length), on DynamoDB Local in memory, a fresh one per factor.
 *
 * Each case is one request answered in its own Node process (its peak RSS is its own), as its Lambda would:
 * the plan read from the table first, then the request timed. The process's heap is capped as Lambda caps it
 * for the function's memory, so a case that needs more than its function has crashes here as it would there.
 * Each case is judged on:
 * - its answer: the route's success status (200; 303 for an export handed over through S3 by design); any other
 *   answer, or a crash, is a failure;
 * - its size against Lambda's 6 MB response limit (binary bodies count base64-encoded);
 * - its peak RSS against its function's memory (infra/constructs/memory.ts);
 * - time, every case at every factor, its target printed beside it (issue 22):
 *   - a page (the overview, the first page of the reports list): ≤ 3 s (issue 22's target for the overview at 100×);
 *   - the import and the one-department exports: at 10× and 100× ≤ 2× their 1× time (the median of the 1× runs,
 *     judged when 1× ran), and within API Gateway's 29 s at 1× (and when 1× did not run). They are of 庶務課, whose
 *     share of the plan is the same at every factor (bench/scale-data.ts STEADY_DEPARTMENT): the same work, as the
 *     import's 120 rows are;
 *   - report.docx: ≤ 30 s (issue 22);
 *   - the whole-year exports and the publication: API Gateway's 29 s (infra/stacks/api.ts), after which the user gets 504;
 *   - the digest: its function's timeout, 2 minutes (infra/stacks/digest.ts).
 * - the digest is sent as the digest function sends it (sendDigest: the claim, the mail through SES, here
 *   aws-ses-v2-local, and the archive written to the table, whose items DynamoDB caps at 400 KB), not only rendered.
 * With --runs N each case runs N times per factor (each in a fresh process), one line a run. The machine's load
 * (os.loadavg: 1, 5 and 15 minutes) is printed at the start and the end, and each run's 1-minute load beside it.
 * With --json the output ends with one line {"cases":[{name,factor,ms,cpuMs,peakMB,bytes,limitMB,targetMs}]} (ms, cpuMs
 * and peakMB are null for a case that crashed; targetMs is the time target the case was judged on). Time is judged on `ms`, the wall time a user waits; `cpuMs` and,
 * where a target is set by the 1× time, the CPU ratio to 1× are printed beside it, as the machine's load moves
 * the wall time far more than the work does. The exit code is 0 whatever the verdicts: it reports, it does not gate.
 */
import { execFile } from 'node:child_process';
import { heapCapMB, MEMORY_MB } from '../infra/constructs/memory.ts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createApp } from '../functions/api/app.ts';
import { SesMailer } from '../functions/digest/mailer.ts';
import type { Mail } from '../functions/digest/mailer.ts';
import { sendDigest } from '../functions/digest/run.ts';
import { headerRowIndex } from '../functions/domain/progress-reports/progress-import.ts';
import { PROGRESS_COLUMNS } from '../functions/domain/progress-reports/progress-sheet.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import type { AppDeps } from '../functions/http/deps.ts';
import { LocalLargeFiles } from '../functions/http/files.ts';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { createSheetsApp } from '../functions/sheets/app.ts';
import { readCsv, writeCsv } from '../functions/sheets/csv.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { startSesLocal } from '../scripts/local/ses-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { loadScaledTable, STEADY_DEPARTMENT } from './scale-data.ts';

const TABLE = 'scale-bench';
const LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
/** The functions' memory (infra/stacks/api.ts, infra/constructs/function.ts' default). */
const API_MB = MEMORY_MB.api;
const SHEETS_MB = MEMORY_MB.sheets;
const DIGEST_MB = MEMORY_MB.digest;
/** The seed plan's last year: every report of the plan is in by then. */
const FISCAL_YEAR = seedCatalogue().plan.period.lastFiscalYear;
const YEAR = `/api/fiscal-years/${FISCAL_YEAR}`;
/** Rows of the imported file at every factor: the same work, so its time should not grow with the table. */
const IMPORT_ROWS = 120;
/** API Gateway gives up on a Lambda integration after 29 s (infra/stacks/api.ts): the user gets 504. */
const GATEWAY_MS = 29_000;
/** The digest function's timeout (infra/stacks/digest.ts). */
const DIGEST_TIMEOUT_MS = 120_000;
/** States whose report its department may no longer save (the import refuses a change to them). */
const CLOSED_STATES = new Set(['承認済', '提出済', '課内確認待ち']);

/** What one case's request answered. */
interface Answer {
  status: number;
  bytes: number;
  note?: string;
  /** Why a success status still left out the work the case names (an import that changed nothing, a publication that wrote no file). */
  incomplete?: string;
}

/** A case's process: the apps on the table, signed in as HQ through the local verifier (its cost is not what is measured). */
interface CaseContext {
  deps: AppDeps & { largeFiles: LocalLargeFiles; publicationFiles: LocalPublicationFiles };
  api: { request: (path: string, init?: RequestInit) => Response | Promise<Response> };
  sheets: { request: (path: string, init?: RequestInit) => Response | Promise<Response> };
  hq: Record<string, string>;
}

interface Case {
  name: string;
  label: string;
  limitMB: number;
  /** Statuses that are the route's success. */
  ok: number[];
  /** Lambda base64-encodes a binary body. */
  binary?: boolean;
  /** Untimed preparation in the case's process (e.g. the file to import). */
  prepare?: (ctx: CaseContext) => Promise<unknown>;
  run: (ctx: CaseContext, prepared: unknown) => Promise<Answer>;
  /** The time target at `factor`, given the 1× time when it ran: its limit in ms and how it was set. */
  target?: (factor: number, onefold: number | undefined) => { ms: number; rule: string } | undefined;
}

async function answered(response: Response, ctx: CaseContext): Promise<Answer> {
  const body = new Uint8Array(await response.arrayBuffer());
  const location = response.headers.get('location');
  if (response.status === 303 && location) {
    const size = statSync(join(ctx.deps.largeFiles.root, location.replace(/^\/exports\//, ''))).size;
    return { status: 303, bytes: size, note: `S3 経由で受け渡し（${(size / 1024 / 1024).toFixed(2)} MB）` };
  }
  return {
    status: response.status,
    bytes: body.length,
    ...(response.ok ? {} : { note: new TextDecoder().decode(body).slice(0, Number(process.env.SCALE_BENCH_NOTE ?? 160)) }),
  };
}

/** The middle value (the lower of the two middle ones for an even count); undefined for none. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

const get = (app: 'api' | 'sheets', path: string) => async (ctx: CaseContext) => answered(await ctx[app].request(path, { headers: ctx.hq }), ctx);
/** Work that stays the same at every factor: at 10× and 100× within twice its 1× time, at 1× within the gateway's time. */
const growth = (factor: number, onefold: number | undefined) =>
  factor > 1 && onefold !== undefined ? { ms: 2 * onefold, rule: `1× の ${onefold.toFixed(0)} ms の2倍` } : gateway();
const gateway = () => ({ ms: GATEWAY_MS, rule: 'API Gateway の 29 s' });
const page = () => ({ ms: 3000, rule: '1ページ 3 s' });

export const CASES: Case[] = [
  {
    name: 'overview',
    label: `GET overview FY${FISCAL_YEAR}（推進本部）`,
    limitMB: API_MB,
    ok: [200],
    run: get('api', `${YEAR}/overview`),
    target: page,
  },
  { name: 'reports', label: `GET reports FY${FISCAL_YEAR}（1ページ目）`, limitMB: API_MB, ok: [200], run: get('api', `${YEAR}/reports`), target: page },
  {
    name: 'export-csv',
    label: 'GET export.csv（全課）',
    limitMB: SHEETS_MB,
    ok: [200, 303],
    run: get('sheets', `${YEAR}/export.csv`),
    target: gateway,
  },
  {
    name: 'export-csv-dept',
    label: `GET export.csv?department=${STEADY_DEPARTMENT}`,
    limitMB: SHEETS_MB,
    ok: [200],
    run: get('sheets', `${YEAR}/export.csv?department=${STEADY_DEPARTMENT}`),
    target: growth,
  },
  {
    name: 'export-xlsx',
    label: 'GET export.xlsx（全課）',
    limitMB: SHEETS_MB,
    ok: [200, 303],
    binary: true,
    run: get('sheets', `${YEAR}/export.xlsx`),
    target: gateway,
  },
  {
    name: 'export-xlsx-dept',
    label: `GET export.xlsx?department=${STEADY_DEPARTMENT}`,
    limitMB: SHEETS_MB,
    ok: [200],
    binary: true,
    run: get('sheets', `${YEAR}/export.xlsx?department=${STEADY_DEPARTMENT}`),
    target: growth,
  },
  {
    name: 'report-docx',
    label: `GET report.docx FY${FISCAL_YEAR}`,
    limitMB: SHEETS_MB,
    ok: [200],
    binary: true,
    run: get('sheets', `${YEAR}/report.docx`),
    target: () => ({ ms: 30_000, rule: '30 s' }),
  },
  {
    name: 'digest',
    label: `digest FY${FISCAL_YEAR}（送信と保存）`,
    limitMB: DIGEST_MB,
    ok: [200],
    // As the digest function sends it: claimed, mailed through SES (aws-ses-v2-local), archived in the table.
    run: async ({ deps }) => {
      const ses = process.env.SCALE_BENCH_SES;
      if (!ses) throw new Error('ローカル SES の場所（SCALE_BENCH_SES）がありません');
      const sent: Mail[] = [];
      const sesMailer = new SesMailer({ endpoint: ses, region: LOCAL.region, credentials: LOCAL.credentials });
      // The real SES client; the mail is kept only to weigh it.
      const mailer = {
        send: (mail: Mail) => {
          sent.push(mail);
          return sesMailer.send(mail);
        },
      };
      const outcome = await sendDigest(
        { store: deps.store, plans: deps.plans, mailer },
        { from: 'shinchoku@example.jp', hqRecipients: ['hq@example.jp'], webAppUrl: 'https://shinchoku.example' },
        { fiscalYear: FISCAL_YEAR, force: true },
      );
      const [mail] = sent;
      if (!outcome.sent || !mail) return { status: 500, bytes: 0, note: `送信されませんでした: ${JSON.stringify(outcome)}` };
      const html = Buffer.byteLength(mail.html);
      const text = Buffer.byteLength(mail.text);
      return { status: 200, bytes: html + text, note: `HTML ${(html / 1024).toFixed(0)} KB、text ${(text / 1024).toFixed(0)} KB を送信し、控えを保存` };
    },
    target: () => ({ ms: DIGEST_TIMEOUT_MS, rule: '関数の 2 分' }),
  },
  {
    name: 'import',
    label: `POST import（${IMPORT_ROWS}行の CSV）`,
    limitMB: SHEETS_MB,
    ok: [200],
    // The year's first rows as exported, the 実績 of each action row still open to its department (下書き, 差戻し) added
    // to: the same file at every factor, read in whole, checked against the stored versions, partly written.
    prepare: async (ctx) => {
      const exported = await ctx.sheets.request(`${YEAR}/export.csv`, { headers: ctx.hq });
      const location = exported.headers.get('location');
      // Past a Lambda response (at 100×) the export is handed over as a file (303), as the browser would follow it.
      const bytes =
        exported.status === 303 && location
          ? new Uint8Array(readFileSync(join(ctx.deps.largeFiles.root, location.replace(/^\/exports\//, ''))))
          : exported.status === 200
            ? new Uint8Array(await exported.arrayBuffer())
            : undefined;
      if (!bytes) throw new Error(`取り込むファイルを出力できませんでした: ${exported.status}`);
      const rows = readCsv(bytes, { maxRows: 100_000 });
      const headerAt = headerRowIndex(rows);
      const header = rows[headerAt]!;
      const column = (key: string) => header.indexOf(PROGRESS_COLUMNS.find((c) => c.key === key)!.header);
      const [kind, state, achievements] = [column('kind'), column('state'), column('achievements')];
      const body = rows.slice(headerAt + 1, headerAt + 1 + IMPORT_ROWS).map((row) => {
        if (row[kind] !== '取組項目' || CLOSED_STATES.has(String(row[state]))) return row;
        const copy = [...row];
        copy[achievements] = `${copy[achievements] ?? ''}追記しました。`;
        return copy;
      });
      return writeCsv([...rows.slice(0, headerAt + 1), ...body], 'utf-8');
    },
    run: async (ctx, file) => {
      const response = await ctx.sheets.request(`${YEAR}/import`, {
        method: 'POST',
        headers: { ...ctx.hq, 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': randomUUID() },
        body: file as Uint8Array<ArrayBuffer>,
      });
      const result = response.ok ? ((await response.clone().json()) as { applied?: number }) : undefined;
      const summary = result && JSON.stringify(result).slice(0, 120);
      const answer = await answered(response, ctx);
      return {
        ...answer,
        note: answer.note ?? `${(file as Uint8Array).length} バイトの CSV: ${summary}`,
        // The file adds to the 実績 of every row still open to its department: a 200 that applied none did not import.
        ...(result && !result.applied ? { incomplete: '取り込んで変わった報告が0件' } : {}),
      };
    },
    target: growth,
  },
  {
    name: 'publication',
    label: `POST publication FY${FISCAL_YEAR}（公表）`,
    limitMB: API_MB,
    ok: [200, 201],
    // With --runs N the year is published once, then republished: a republication needs the ETag of the state HQ
    // saw (If-Match), as the web app sends it; it writes the same snapshot again.
    prepare: async (ctx) => (await ctx.api.request(`${YEAR}/publication`, { headers: ctx.hq })).headers.get('etag'),
    run: async (ctx, etag) => {
      const headers = { ...ctx.hq, ...(typeof etag === 'string' ? { 'If-Match': etag } : {}) };
      const answer = await answered(await ctx.api.request(`${YEAR}/publication`, { method: 'POST', headers }), ctx);
      const files = readdirSync(ctx.deps.publicationFiles.root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      const bytes = files.reduce((sum, file) => sum + statSync(join(file.parentPath, file.name)).size, 0);
      return {
        ...answer,
        note: answer.note ?? `公表データ ${files.length} ファイル、${(bytes / 1024).toFixed(0)} KB`,
        ...(files.length === 0 ? { incomplete: '公表データのファイルが0件' } : {}),
      };
    },
    target: gateway,
  },
];

interface CaseResult extends Answer {
  name: string;
  ms: number | null;
  /** CPU time (user + system) of the case's process during the request: the part of `ms` the machine's load does not add. */
  cpuMs: number | null;
  peakMB: number | null;
  crashed?: string;
}

/** One case in this process: read the plan as a Lambda would on its first request, then answer the one request. */
async function runCase(name: string, endpoint: string): Promise<CaseResult> {
  const spec = CASES.find((c) => c.name === name)!;
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const store = new DynamoStore({ tableName: TABLE, client });
  const plans = new PlanRegistry(store);
  const tokens = new LocalTokens('bench');
  const dir = mkdtempSync(join(tmpdir(), 'scale-bench-'));
  const deps = {
    store,
    verifier: tokens,
    plans,
    largeFiles: new LocalLargeFiles(join(dir, 'exports')),
    publicationFiles: new LocalPublicationFiles(join(dir, 'published')),
  };
  const token = await tokens.issue({ sub: 'bench', name: '推進本部 太郎', 'cognito:groups': ['hq'] });
  const ctx: CaseContext = { deps, api: createApp(deps), sheets: createSheetsApp(deps), hq: { authorization: `Bearer ${token}` } };
  try {
    await plans.active();
    const prepared = await spec.prepare?.(ctx);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const answer = await spec.run(ctx, prepared);
    const ms = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    return { name, ...answer, ms, cpuMs: (user + system) / 1000, peakMB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a case in a child process whose heap Lambda's way caps (7/8 of the function's memory). */
function spawnCase(spec: Case, endpoint: string, ses: string): Promise<CaseResult> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${heapCapMB(spec.limitMB)}`, import.meta.filename],
      {
        env: { ...process.env, SCALE_BENCH_CASE: spec.name, SCALE_BENCH_ENDPOINT: endpoint, SCALE_BENCH_SES: ses, NODE_NO_WARNINGS: '1' },
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        if (!error && last.startsWith('{')) return resolve(JSON.parse(last) as CaseResult);
        const why = /heap out of memory/i.test(stderr)
          ? 'ヒープ不足で停止（V8 out of memory）'
          : (stderr.split('\n').find((line) => /Error/.test(line)) ?? stderr.trim().split('\n').at(-1) ?? String(error));
        resolve({
          name: spec.name,
          status: 0,
          bytes: 0,
          ms: null,
          cpuMs: null,
          peakMB: null,
          crashed: `${why}（${((performance.now() - start) / 1000).toFixed(0)} s 後）`,
        });
      },
    );
  });
}

if (process.env.SCALE_BENCH_CASE) {
  console.log(JSON.stringify(await runCase(process.env.SCALE_BENCH_CASE, process.env.SCALE_BENCH_ENDPOINT!)));
} else {
  const { values } = parseArgs({
    options: {
      factors: { type: 'string', default: '1,10,100' },
      runs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      cases: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs は正の整数で指定してください: ${values.runs}`);
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ');
  console.log(`負荷（loadavg 1 / 5 / 15 分、${availableParallelism()} コア）開始時: ${load()}`);
  const chosen = values.cases ? CASES.filter((c) => values.cases!.split(',').includes(c.name)) : CASES;
  const factors = values.factors.split(',').map(Number);
  if (factors.some((f) => !Number.isInteger(f) || f < 1))
    throw new Error(`--factors は 1,10,100 のように正の整数をカンマ区切りで指定してください: ${values.factors}`);
  ensureDynamoDbLocal();
  // One local SES for the run: the digest case sends through it.
  const ses = await startSesLocal({ port: await findFreePort() });
  const all: (CaseResult & { factor: number; limitMB: number; targetMs: number | null })[] = [];
  const failures: string[] = [];
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  for (const factor of factors) {
    const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
    try {
      const start = performance.now();
      const { catalogue, reports, plan } = await loadScaledTable(dynamo.endpoint, TABLE, factor, (n) =>
        process.stderr.write(`\r${factor}×: loading… ${n.toLocaleString('en')} reports`),
      );
      process.stderr.write('\n');
      console.log(
        `\n${factor}×: plan of ${catalogue.measures.length.toLocaleString('en')} measures, ${catalogue.scheduledActionItems.length.toLocaleString('en')} action items, ` +
          `${catalogue.kpis.length.toLocaleString('en')} KPIs (${(Buffer.byteLength(JSON.stringify(plan)) / 1024 / 1024).toFixed(1)} MB of JSON); ` +
          `${reports.toLocaleString('en')} reports over FY${catalogue.years[0]}–FY${FISCAL_YEAR}; loaded in ${((performance.now() - start) / 1000).toFixed(0)} s`,
      );
      console.log(
        'case'.padEnd(34),
        'status'.padStart(6),
        'answer'.padStart(10),
        'ms'.padStart(8),
        'CPU ms'.padStart(7),
        'target'.padStart(9),
        'peak RSS'.padStart(9),
        'limit'.padStart(8),
        'load'.padStart(6),
        ' verdict',
      );
      for (const spec of chosen)
        for (let run = 1; run <= runs; run++) {
          const r = await spawnCase(spec, dynamo.endpoint, ses.endpoint);
          // The 1× reference is the 1× runs that did the work: a refused answer is quick and would set the bar low.
          const onefolds = all.filter((o) => o.factor === 1 && o.name === spec.name && o.ms !== null && spec.ok.includes(o.status) && !o.incomplete);
          const onefold = median(onefolds.map((o) => o.ms!));
          const onefoldCpu = median(onefolds.map((o) => o.cpuMs!));
          const target = spec.target?.(factor, onefold);
          const payload = spec.binary ? Math.ceil(r.bytes / 3) * 4 : r.bytes;
          const faults = [
            r.crashed ?? (spec.ok.includes(r.status) ? r.incomplete : `応答 ${r.status}`),
            r.status !== 303 && payload > LAMBDA_RESPONSE_BYTES ? `応答 ${mb(payload)} > 6 MB` : undefined,
            r.peakMB !== null && r.peakMB > spec.limitMB ? `メモリ ${r.peakMB.toFixed(0)} MB > ${spec.limitMB} MB` : undefined,
            target && r.ms !== null && r.ms > target.ms ? `時間 ${r.ms.toFixed(0)} ms > ${target.rule}` : undefined,
          ].filter((fault) => fault !== undefined);
          if (faults.length > 0) failures.push(`${factor}× ${spec.label}: ${faults.join('、')}`);
          all.push({ ...r, factor, limitMB: spec.limitMB, targetMs: target?.ms ?? null });
          console.log(
            (runs > 1 ? `${spec.label} #${run}` : spec.label).padEnd(34),
            String(r.status || '—').padStart(6),
            mb(r.bytes).padStart(10),
            (r.ms === null ? '—' : r.ms.toFixed(0)).padStart(8),
            (r.cpuMs === null ? '—' : r.cpuMs.toFixed(0)).padStart(7),
            (target ? `≤ ${target.ms.toFixed(0)}` : '').padStart(9),
            (r.peakMB === null ? '—' : `${r.peakMB.toFixed(0)} MB`).padStart(9),
            `${spec.limitMB} MB`.padStart(8),
            loadavg()[0]!.toFixed(2).padStart(6),
            faults.length === 0 ? ' OK' : ' FAILED',
            [
              factor > 1 && onefoldCpu && r.cpuMs !== null ? `CPU は 1× の ${(r.cpuMs / onefoldCpu).toFixed(2)} 倍。` : '',
              r.crashed ?? [r.incomplete, r.note].filter(Boolean).join('。'),
            ].join(''),
          );
        }
    } finally {
      await dynamo.stop();
    }
  }
  await ses.stop();
  console.log(`\n負荷（loadavg 1 / 5 / 15 分）終了時: ${load()}`);
  console.log(
    failures.length === 0
      ? `\n判定: すべての場合が目標内（${all.length} 件）`
      : `\n判定: ${all.length} 件中 ${failures.length} 件が目標を満たしません\n${failures.map((f) => `  ${f}`).join('\n')}`,
  );
  if (values.json) {
    const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));
    const cases = all.map(({ name, factor, ms, cpuMs, peakMB, bytes, limitMB, targetMs }) => ({
      name,
      factor,
      ms: round(ms, 1),
      cpuMs: round(cpuMs, 1),
      peakMB: round(peakMB, 1),
      bytes,
      limitMB,
      targetMs: round(targetMs, 0),
    }));
    console.log(JSON.stringify({ cases }));
  }
}
