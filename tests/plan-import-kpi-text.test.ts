import { describe, expect, it } from 'vitest';
import { readKpiCell, toBaseline, toTarget } from '../functions/domain/plan-import/index.ts';
import { seedCatalogue } from '../seeds/plans.ts';

describe('KPI cells written as text', () => {
  it.each([
    ['83件 (R7.12月末)', { value: 83, unit: '件', comparison: 'reach', when: { asOf: 'point_in_time', date: '2025-12-31', period: 2025 } }],
    ['約12% (令和7年1月末)', { value: 12, unit: '%', approximate: true, when: { asOf: 'point_in_time', date: '2025-01-31', period: 2024 } }],
    ['現状より向上', { value: null, comparison: 'improve_on_baseline' }],
    ['現状より向上 (R11年度)', { value: null, comparison: 'improve_on_baseline', when: { asOf: 'fiscal_year', period: 2029 } }],
    [
      '8件/年 (R7～11年度)',
      { value: 8, unit: '件', comparison: 'window_mean', when: { asOf: 'fiscal_year_window', period: 2029, window: { from: 2025, to: 2029 } } },
    ],
    ['1,176人（H31.4.1）', { value: 1176, unit: '人', when: { asOf: 'point_in_time', date: '2019-04-01', period: 2019 } }],
    ['511億円以下', { value: 51_100_000_000, unit: '円', comparison: 'at_most' }],
    ['26億3,000万円以上', { value: 2_630_000_000, unit: '円', comparison: 'at_least' }],
    ['１１．２日 (R7年)', { value: 11.2, unit: '日', when: { asOf: 'calendar_year', period: 2025 } }],
    ['5団体 (R7年12月)', { value: 5, unit: '団体', when: { asOf: 'point_in_time', date: '2025-12-31', period: 2025 } }],
    ['90% (平成30年度)', { value: 90, unit: '%', when: { asOf: 'fiscal_year', period: 2018 } }],
    ['未設定', { value: null, comparison: 'unset' }],
  ])('%s', (text, expected) => {
    expect(readKpiCell(text)).toMatchObject(expected);
  });

  it.each([
    ['たくさん', '「たくさん」を数値として読めません'],
    ['83件 (そのうち)', '括弧内の「そのうち」を時点・年度・年として読めません'],
    ['', '空欄です'],
  ])('refuses %j with a reason', (text, reason) => {
    expect(readKpiCell(text)).toEqual(expect.stringContaining(reason));
  });

  it('reads every baseline and target label of the 8th plan as the plan stores it', () => {
    const kpis = seedCatalogue().measures.flatMap(({ measure }) => measure.kpis);
    expect(kpis).toHaveLength(17);
    for (const kpi of kpis) {
      const baseline = readKpiCell(kpi.baseline.label);
      const target = readKpiCell(kpi.target.label);
      if (typeof baseline === 'string' || typeof target === 'string') throw new Error(`${kpi.key}: ${baseline} ${target}`);
      expect({ key: kpi.key, baseline: toBaseline(baseline, kpi.baseline.label) }).toEqual({ key: kpi.key, baseline: kpi.baseline });
      expect({ key: kpi.key, target: toTarget(target, kpi.target.label, 2030) }).toEqual({ key: kpi.key, target: kpi.target });
    }
  });
});
