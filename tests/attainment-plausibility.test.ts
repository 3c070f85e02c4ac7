import { describe, expect, it } from 'vitest';
import { kpiActualWarnings } from '../functions/domain/attainment/index.ts';
import { seedCatalogue } from '../seeds/plans.ts';

const catalogue = seedCatalogue();
const warn = (kpiId: string, period: number, value: number, earlier: [period: number, value: number][] = []) =>
  kpiActualWarnings(
    catalogue.kpi(kpiId)!.kpi,
    period,
    value,
    earlier.map(([p, v]) => ({ period: p, value: v })),
  );

describe('KPI actuals that ask for a second look (warnings, not errors)', () => {
  it('says nothing about an ordinary year', () => {
    expect(warn('16-K1', 2027, 22500, [[2026, 21900]])).toEqual([]);
    expect(warn('5-K1', 2026, 20)).toEqual([]);
  });

  it('asks about a % value over 100', () => {
    expect(warn('38-K1', 2026, 100)).toEqual([]);
    expect(warn('38-K1', 2026, 120, [[2025, 87.5]])).toContain('120%は100%を超えています。割合（%）の値か確認してください。');
  });

  it('asks about a value far from the previous year’s, naming that year in 令和', () => {
    // A dropped digit: 21,900人 → 2,190人.
    expect(warn('16-K1', 2027, 2190, [[2026, 21900]])).toEqual([
      '令和8年度の実績 21,900人から大きく変わっています（△19,710人）。入力に誤りがないか確認してください。',
    ]);
    expect(warn('22-K1', 2027, 26285000000, [[2026, 2628500000]])).toEqual([
      '令和8年度の実績 26億2,850万円から大きく変わっています（+236億5,650万円）。入力に誤りがないか確認してください。',
    ]);
  });

  it('compares with the latest earlier actual, and with the baseline before the first one', () => {
    expect(
      warn('16-K1', 2028, 2200, [
        [2026, 21900],
        [2029, 2200],
      ])[0],
    ).toMatch(/^令和8年度の実績 21,900人から/);
    expect(warn('1-K1', 2026, 830)).toEqual(['基準値 83件（令和7年12月末）から大きく変わっています（+747件）。入力に誤りがないか確認してください。']);
  });

  it('writes a fall with △ and a change of a percentage in ポイント (README 「表記の決まり」)', () => {
    expect(warn('38-K1', 2027, 9, [[2026, 90]])).toEqual(['令和8年度の実績 90%から大きく変わっています（△81ポイント）。入力に誤りがないか確認してください。']);
  });

  it('names a calendar-year KPI’s year as a calendar year', () => {
    expect(warn('36-K1', 2027, 112, [[2026, 11.5]])[0]).toMatch(/^令和8年の実績 11.5日から/);
  });

  it('lets a KPI planned to move a lot move that much in a year (33-K1: 2 → 8件/年)', () => {
    expect(warn('33-K1', 2025, 8)).toEqual([]);
    expect(warn('33-K1', 2026, 2, [[2025, 8]])).toEqual([]);
    expect(warn('33-K1', 2026, 20, [[2025, 8]])).toHaveLength(1);
  });

  it('uses half of the previous value as the margin when the plan names no target number (21-K1)', () => {
    expect(warn('21-K1', 2026, 99.2)).toEqual([]);
    expect(warn('21-K1', 2026, 9.95)).toHaveLength(1);
  });

  it('can raise both questions at once', () => {
    expect(warn('38-K1', 2026, 875, [[2025, 87.5]])).toHaveLength(2);
  });
});
