import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttainmentCli } from '../scripts/cli/attainment.ts';

// The cases run the CLI's own function in-process on temporary files (what scripts/attainment.ts
// calls with the process's streams); one case spawns `npm run` itself, where the wiring is the point.
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'attainment-cli-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}
async function run(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = runAttainmentCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}
function spawnNpm(...args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile('npm', ['run', '--silent', 'attainment', '--', ...args], { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('npm run attainment -- --fy FY --actuals FILE [--reports FILE]', () => {
  it('prints the year’s assessment as JSON', async () => {
    const actuals = file('actuals.json', [
      { kpi: '1-K1', period: 2027, value: 90 },
      { kpi: '1-K1', period: 2026, value: 85 },
      { kpi: '1-K1', period: 2028, value: 99 },
      { kpi: '33-K1', period: 2026, value: 9 },
      { kpi: '33-K1', period: 2027, value: 6 },
    ]);
    const reports = file('reports.json', [
      { actionItem: '28-3', fiscalYear: 2027, status: 'implementing', rating: 'A' },
      { actionItem: '5-1', fiscalYear: 2027, status: 'studying', rating: 'C' },
      { actionItem: '12-1', fiscalYear: 2026, status: 'done', rating: 'A' },
    ]);
    const result = await run('--fy', '2027', '--actuals', actuals, '--reports', reports);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(['fiscalYear', 'kpis', 'actionItems', 'total', 'measures', 'groups', 'departments']);
    expect(output.fiscalYear).toBe(2027);
    expect(output.kpis[0]).toMatchObject({
      id: '1-K1',
      rating: 'B',
      measured: 90,
      progress: 0.4118,
      expected: 0.4,
      baseline: { value: 83, period: 2025 },
      target: { value: 100, period: 2030, comparison: 'reach' },
      series: [
        { period: 2026, value: 85 },
        { period: 2027, value: 90 },
      ],
    });
    expect(output.kpis.find((k: { id: string }) => k.id === '33-K1')).toMatchObject({ rating: 'C', measured: 7.5, progress: 0.9167, expected: 0.6 });
    expect(output.kpis.filter((k: { rating: string }) => k.rating === 'N')).toHaveLength(15);
    expect(output.actionItems).toHaveLength(103);
    expect(output.actionItems.find((a: { id: string }) => a.id === '28-3')).toMatchObject({ schedule: 'ahead', rating: 'A' });
    expect(output.actionItems.find((a: { id: string }) => a.id === '5-1')).toMatchObject({ schedule: 'behind', rating: 'C' });
    expect(output.actionItems.find((a: { id: string }) => a.id === '12-1')).toMatchObject({ status: null, schedule: 'unreported' });
    expect(output.total.scheduleFlags).toEqual({ ahead: 1, on_plan: 0, behind: 1, unreported: 101 });
  });

  it('works without --reports, every item unreported', async () => {
    const result = await run('--fy', '2030', '--actuals', file('empty-ok.json', []));
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.total.kpiRatings.N).toBe(17);
    expect(output.total.scheduleFlags.unreported).toBe(103);
  });

  it.each([
    ['a missing --fy', () => ['--actuals', file('empty2.json', [])], 'エラー：--fy に年度を西暦4桁で指定してください'],
    ['a --fy that is not a year', () => ['--fy', '令和9', '--actuals', file('empty3.json', [])], 'エラー：--fy に年度を西暦4桁で指定してください'],
    ['a --fy without its value', () => ['--actuals', file('empty4.json', []), '--fy'], 'エラー：オプションが正しくありません'],
    ['a fiscal year outside the plan', () => ['--fy', '2031', '--actuals', file('empty.json', [])], 'エラー：令和13年度は計画期間（令和8〜12年度）の外です'],
    ['a missing --actuals', () => ['--fy', '2027'], 'エラー：--actuals に実績のJSONファイルを指定してください'],
    [
      'an unknown option',
      () => ['--fy', '2027', '--actual', 'x'],
      'エラー：オプションが正しくありません：--fy 2027 --actual x（使い方：--fy <年度> --actuals 実績.json [--reports 報告.json]）',
    ],
    ['a stray argument', () => ['--fy', '2027', '--actuals', file('empty5.json', []), 'extra'], 'エラー：オプションが正しくありません'],
    [
      'a file that does not exist',
      () => ['--fy', '2027', '--actuals', join(dir, 'missing.json')],
      `エラー：${join(dir, 'missing.json')} を読めません（ファイルがないか、読み取り権限がありません）`,
    ],
    ['a directory instead of a file', () => ['--fy', '2027', '--actuals', dir], `エラー：${dir} を読めません（ファイルがないか、読み取り権限がありません）`],
    ['a file that is not JSON', () => ['--fy', '2027', '--actuals', file('broken.json', '[{"kpi":')], 'エラー：broken.json は正しい JSON ではありません'],
    [
      'JSON that is not an array',
      () => ['--fy', '2027', '--actuals', file('object.json', { kpi: '1-K1', period: 2027, value: 90 })],
      'エラー：object.json は配列（[...]）で書いてください',
    ],
    [
      'an unknown KPI id',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('unknown.json', [
          { kpi: '1-K1', period: 2027, value: 1 },
          { kpi: '9-K9', period: 2027, value: 90 },
        ]),
      ],
      'エラー：unknown.json の 2 件目：kpi「9-K9」は計画にありません',
    ],
    [
      'a non-numeric value',
      () => ['--fy', '2027', '--actuals', file('text.json', [{ kpi: '1-K1', period: 2027, value: '九十' }])],
      'エラー：text.json の 1 件目：value（実績値）は数値で指定してください',
    ],
    [
      'a null value',
      () => ['--fy', '2027', '--actuals', file('null.json', [{ kpi: '1-K1', period: 2027, value: null }])],
      'エラー：null.json の 1 件目：value（実績値）は数値で指定してください',
    ],
    [
      'a period that is not a whole year',
      () => ['--fy', '2027', '--actuals', file('period.json', [{ kpi: '1-K1', period: '2027年', value: 1 }])],
      'エラー：period.json の 1 件目：period（年度）は整数で指定してください',
    ],
    [
      'an entry without kpi',
      () => ['--fy', '2027', '--actuals', file('nokpi.json', [{ period: 2027, value: 1 }])],
      'エラー：nokpi.json の 1 件目：kpi（KPIのID）がありません',
    ],
    [
      'two actuals for one KPI and period',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('twice.json', [
          { kpi: '1-K1', period: 2027, value: 90 },
          { kpi: '1-K1', period: 2027, value: 91 },
        ]),
      ],
      'エラー：twice.json の 2 件目：kpi「1-K1」の 2027 の実績が2件以上あります',
    ],
    [
      'an unknown action item',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('empty6.json', []),
        '--reports',
        file('r-unknown.json', [{ actionItem: '99-1', fiscalYear: 2027, status: 'done', rating: 'A' }]),
      ],
      'エラー：r-unknown.json の 1 件目：actionItem「99-1」は計画にありません',
    ],
    [
      'a report on the 施策11 reference row',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('empty7.json', []),
        '--reports',
        file('r-ref.json', [{ actionItem: '11-2', fiscalYear: 2027, status: 'done', rating: 'A' }]),
      ],
      'エラー：r-ref.json の 1 件目：actionItem「11-2」は「5-1」を参照する行です。「5-1」で報告してください',
    ],
    [
      'an unknown status',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('empty8.json', []),
        '--reports',
        file('r-status.json', [{ actionItem: '5-1', fiscalYear: 2027, status: 'finished', rating: 'A' }]),
      ],
      'エラー：r-status.json の 1 件目：進捗状況を選んでください',
    ],
    [
      'a rating outside A–D',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('empty9.json', []),
        '--reports',
        file('r-rating.json', [{ actionItem: '5-1', fiscalYear: 2027, status: 'done', rating: 'E' }]),
      ],
      'エラー：r-rating.json の 1 件目：自己評価をA〜Dから選んでください',
    ],
    [
      'two reports of one item for one year',
      () => [
        '--fy',
        '2027',
        '--actuals',
        file('empty10.json', []),
        '--reports',
        file('r-twice.json', [
          { actionItem: '5-1', fiscalYear: 2027, status: 'done', rating: 'A' },
          { actionItem: '5-1', fiscalYear: 2027, status: 'done', rating: 'B' },
        ]),
      ],
      'エラー：r-twice.json の 2 件目：actionItem「5-1」の2027年度の報告が2件以上あります',
    ],
  ])('answers %s with one line on stderr and exit code 2', async (_case, args, message) => {
    const result = await run(...args());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
  it('is what `npm run --silent attainment` runs: JSON on stdout with exit 0, one line and exit 2 for bad input', async () => {
    const [ok, bad] = await Promise.all([
      spawnNpm('--fy', '2027', '--actuals', file('spawn-ok.json', [{ kpi: '1-K1', period: 2027, value: 90 }])),
      spawnNpm('--fy', '令和9', '--actuals', file('spawn-bad.json', [])),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).kpis[0]).toMatchObject({ id: '1-K1', measured: 90 });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('エラー：--fy に年度を西暦4桁で指定してください\n');
  });
});
