/**
 * What `cdk synth` reads from the plans' seeds (infra/plan-data.ts): the city, the active plan, every
 * department ever named; and the message an operator gets when a seeds folder is not usable.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanSeedsError, planSeedsFolder, readPlanSeeds } from '../../infra/plan-data.ts';

const root = resolve(import.meta.dirname, '../..');
const SADO = join(root, 'tests/fixtures/plans-sado');
const sado3 = JSON.parse(readFileSync(join(SADO, 'sado-3/plan.json'), 'utf8')) as Record<string, unknown>;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A seeds folder with these plan.json contents, one folder per key. */
function seeds(plans: Record<string, unknown>): string {
  const folder = mkdtempSync(join(tmpdir(), 'shinchoku-plans-'));
  folders.push(folder);
  for (const [id, plan] of Object.entries(plans)) {
    mkdirSync(join(folder, id));
    writeFileSync(join(folder, id, 'plan.json'), typeof plan === 'string' ? plan : JSON.stringify(plan));
  }
  return folder;
}

function failure(folder: string): string {
  try {
    readPlanSeeds(folder);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanSeedsError);
    return (error as Error).message;
  }
  throw new Error('readPlanSeeds accepted the folder');
}

describe('reading the plans of a deployment', () => {
  it('answers the active plan’s city and HQ, and every department of every plan, ended ones too', () => {
    const plans = readPlanSeeds(SADO);
    expect(plans.city).toEqual({ name: '佐渡市', prefecture: '新潟県', code: '152242' });
    expect(plans.active.id).toBe('sado-3');
    expect(plans.active.period).toEqual({ firstFiscalYear: 2015, lastFiscalYear: 2019 });
    expect(plans.plans.map((plan) => [plan.id, plan.status])).toEqual([
      ['sado-2', 'archived'],
      ['sado-3', 'active'],
    ]);
    expect(plans.hqDepartment).toEqual({ code: 'somu', name: '総務課' });
    // 行政改革推進室 exists only in the archived plan; 企画課 ended in FY2016 (機構改革 → 政策企画課).
    expect(plans.departments).toEqual([
      { code: 'somu', name: '総務課' },
      { code: 'zaisei', name: '財政課' },
      { code: 'gyosei-kaikaku', name: '行政改革推進室', until: 2014 },
      { code: 'kikaku', name: '企画課', until: 2016 },
      { code: 'seisaku-kikaku', name: '政策企画課' },
      { code: 'kanko-shinko', name: '観光振興課' },
    ]);
  });

  it('keeps one group per department code, under the name in force latest', () => {
    const renamed = {
      ...sado3,
      departments: [
        { code: 'somu', name: '総務課', until: 2016 },
        { code: 'somu', name: '総務管理課', from: 2017 },
      ],
    };
    expect(readPlanSeeds(seeds({ 'sado-3': renamed })).departments).toEqual([{ code: 'somu', name: '総務管理課' }]);
  });

  it('reads -c planSeeds from the project root, and seeds/plans without it', () => {
    expect(planSeedsFolder(new App({ context: { planSeeds: 'tests/fixtures/plans-sado' } }))).toBe(SADO);
    expect(planSeedsFolder(new App())).toBe(join(root, 'seeds/plans'));
    expect(planSeedsFolder(new App({ context: { planSeeds: 'elsewhere' } }), SADO)).toBe(SADO);
  });
});

describe('a seeds folder that cannot be used stops synth with a message naming the file and the field', () => {
  it('a missing folder, or one without plans', () => {
    expect(failure(join(tmpdir(), 'shinchoku-no-such-plans'))).toMatch(
      /^計画データのフォルダー .*shinchoku-no-such-plans がありません（-c planSeeds=<フォルダー> で指定できます。既定は seeds\/plans）$/,
    );
    expect(failure(seeds({}))).toMatch(/に計画がありません（<計画ID>\/plan\.json を置いてください）$/);
  });

  it('a plan folder without plan.json, or with a file that is not JSON', () => {
    const folder = seeds({ 'sado-3': sado3 });
    mkdirSync(join(folder, 'sado-4'));
    expect(failure(folder)).toBe(`${join(folder, 'sado-4/plan.json')} がありません`);
    expect(failure(seeds({ 'sado-3': '{ "id": "sado-3", ' }))).toMatch(/sado-3\/plan\.json を JSON として読めません: /);
  });

  it('a missing or malformed field infra needs, by its path', () => {
    const { city: _city, ...withoutCity } = sado3;
    const file = (folder: string) => join(folder, 'sado-3/plan.json');
    let folder = seeds({ 'sado-3': withoutCity });
    expect(failure(folder)).toBe(`${file(folder)} の項目が正しくありません:\n  - city: がありません`);
    folder = seeds({
      'sado-3': { ...sado3, city: { name: '佐渡市', prefecture: '新潟県', code: '15224' }, period: { firstFiscalYear: 2019, lastFiscalYear: 2015 } },
    });
    expect(failure(folder)).toBe(
      [
        `${file(folder)} の項目が正しくありません:`,
        '  - city.code: 6桁の数字の全国地方公共団体コードにしてください',
        '  - period.lastFiscalYear: 最終年度が初年度より前です',
      ].join('\n'),
    );
    // 佐渡市's plan is dated 平成27〜31年度: the era years are refused, not read as FY27.
    folder = seeds({ 'sado-3': { ...sado3, period: { firstFiscalYear: 27, lastFiscalYear: 31 } } });
    expect(failure(folder)).toBe(
      [
        `${file(folder)} の項目が正しくありません:`,
        '  - period.firstFiscalYear: 西暦の年度にしてください（和暦の年ではなく）',
        '  - period.lastFiscalYear: 西暦の年度にしてください（和暦の年ではなく）',
      ].join('\n'),
    );
    folder = seeds({ 'sado-3': { ...sado3, status: 'current', departments: [{ code: 'Somu', name: '総務課' }] } });
    expect(failure(folder)).toBe(
      [
        `${file(folder)} の項目が正しくありません:`,
        '  - status: active・upcoming・archived のどれかにしてください',
        '  - departments.0.code: 英小文字・数字・ハイフン（64文字まで）のコードにしてください',
      ].join('\n'),
    );
  });

  it('an HQ department the plan does not list, and an id that is not the folder’s name', () => {
    let folder = seeds({ 'sado-3': { ...sado3, hq: { name: '佐渡市行政改革推進本部', department: 'hisho' } } });
    expect(failure(folder)).toBe(`${join(folder, 'sado-3/plan.json')} の項目が正しくありません:\n  - hq.department: departments にない課コード hisho です`);
    folder = seeds({ 'sado-3': { ...sado3, id: 'sado-03' } });
    expect(failure(folder)).toBe(`${join(folder, 'sado-3/plan.json')} の id: フォルダー名と同じ sado-3 にしてください（sado-03 になっています）`);
  });

  it('no active plan, or more than one', () => {
    let folder = seeds({ 'sado-3': { ...sado3, status: 'archived' } });
    expect(failure(folder)).toBe(`${folder} に status が "active" の計画がちょうど1つ必要ですが、ありません`);
    folder = seeds({ 'sado-3': sado3, 'sado-4': { ...sado3, id: 'sado-4' } });
    expect(failure(folder)).toBe(`${folder} に status が "active" の計画がちょうど1つ必要ですが、2つあります（sado-3、sado-4）`);
  });
});
