import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'attainment-cli-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/attainment.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run attainment', () => {
  it('prints the year’s assessment as JSON', () => {
    const actuals = file('actuals.json', JSON.stringify([{ kpi: '1-K1', period: 2027, value: 90 }]));
    const reports = file('reports.json', JSON.stringify([{ actionItem: '28-3', fiscalYear: 2027, status: 'implementing', rating: 'A' }]));
    const result = run('--fy', '2027', '--actuals', actuals, '--reports', reports);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.fiscalYear).toBe(2027);
    expect(output.kpis[0]).toMatchObject({ id: '1-K1', rating: 'B', measured: 90, progress: 0.4118, expected: 0.4 });
    expect(output.kpis.filter((k: { rating: string }) => k.rating === 'N')).toHaveLength(16);
    expect(output.actionItems.find((a: { id: string }) => a.id === '28-3').schedule).toBe('ahead');
  });

  it.each([
    ['an unknown KPI id', () => ['--fy', '2027', '--actuals', file('unknown.json', '[{"kpi":"1-K1","period":2027,"value":1},{"kpi":"9-K9","period":2027,"value":90}]')], 'エラー: unknown.json の 2 件目: kpi「9-K9」は計画にありません'],
    ['a non-numeric value', () => ['--fy', '2027', '--actuals', file('text.json', '[{"kpi":"1-K1","period":2027,"value":"九十"}]')], 'エラー: text.json の 1 件目: value（実績値）は数値で指定してください'],
    ['a file that is not JSON', () => ['--fy', '2027', '--actuals', file('broken.json', '[{"kpi":')], 'エラー: broken.json は正しい JSON ではありません'],
    ['a file that does not exist', () => ['--fy', '2027', '--actuals', join(dir, 'missing.json')], `エラー: ${join(dir, 'missing.json')} を読めません（ファイルがないか、読み取り権限がありません）`],
    ['a fiscal year outside the plan', () => ['--fy', '2031', '--actuals', file('empty.json', '[]')], 'エラー: 2031年度は計画期間（2026〜2030年度）の外です'],
    ['a missing --fy', () => ['--actuals', file('empty2.json', '[]')], 'エラー: --fy に年度を西暦4桁で指定してください（例: --fy 2027）'],
    ['an unknown option', () => ['--fy', '2027', '--actual', 'x'], 'エラー: オプションが正しくありません: --fy 2027 --actual x（使い方: --fy 2027 --actuals 実績.json [--reports 報告.json]）'],
  ])('answers %s with one line on stderr and exit code 2', (_case, args, message) => {
    const result = run(...args());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });
});
