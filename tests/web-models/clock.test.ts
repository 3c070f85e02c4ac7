import { describe, expect, it } from 'vitest';
import { localClock } from '../../functions/api/local-server.ts';
import { tokyoDate } from '../../functions/domain/calendar/index.ts';
import { ServerClock, openingFiscalYear, yearNotBegun } from '../../web/src/models/clock.ts';

const PLAN_YEARS = [2026, 2027, 2028, 2029, 2030];
/** The browser's own clock in these tests: 6 December 2026, 10:00 in Japan. */
const BROWSER = Date.parse('2026-12-06T01:00:00Z');

describe('the web app’s "today" follows the server’s clock, not the computer’s', () => {
  it('reads the server’s time and runs on with the browser’s clock', () => {
    const clock = new ServerClock();
    expect(clock.now(BROWSER).toISOString()).toBe('2026-12-06T01:00:00.000Z');
    // GET /me answered from a local system started with SHINCHOKU_TODAY=2027-05-10.
    clock.set('2027-05-09T15:00:00.000Z', BROWSER);
    expect(clock.now(BROWSER).toISOString()).toBe('2027-05-09T15:00:00.000Z');
    expect(clock.now(BROWSER + 60_000).toISOString()).toBe('2027-05-09T15:01:00.000Z');
    // An answer without a readable time leaves the clock as it was.
    clock.set('いつか', BROWSER);
    expect(clock.now(BROWSER).toISOString()).toBe('2027-05-09T15:00:00.000Z');
  });

  it('has FY2027 begun on 10 May 2027 in Japan, and not yet on the browser’s December 2026', () => {
    const clock = new ServerClock();
    expect(yearNotBegun(2027, clock.now(BROWSER))).toBe(true);
    clock.set('2027-05-09T15:00:00.000Z', BROWSER);
    expect(yearNotBegun(2027, clock.now(BROWSER))).toBe(false);
    expect(yearNotBegun(2028, clock.now(BROWSER))).toBe(true);
    // 1 April begins the year at midnight in Japan, which is still 31 March in UTC.
    expect(yearNotBegun(2027, new Date('2027-03-31T14:59:59Z'))).toBe(true);
    expect(yearNotBegun(2027, new Date('2027-03-31T15:00:00Z'))).toBe(false);
  });

  it('opens on the year departments report on by the server’s date, within the plan, unless the link names a plan year', () => {
    expect(openingFiscalYear(PLAN_YEARS, 0, new Date('2027-05-09T15:00:00Z'))).toBe(2026);
    expect(openingFiscalYear(PLAN_YEARS, 0, new Date('2028-04-01T00:00:00+09:00'))).toBe(2027);
    // Before the plan's first year has ended, and after its last: the plan's first and last years.
    expect(openingFiscalYear(PLAN_YEARS, 0, new Date(BROWSER))).toBe(2026);
    expect(openingFiscalYear(PLAN_YEARS, 0, new Date('2033-06-01T00:00:00+09:00'))).toBe(2030);
    expect(openingFiscalYear(PLAN_YEARS, 2029, new Date('2027-05-09T15:00:00Z'))).toBe(2029);
    expect(openingFiscalYear(PLAN_YEARS, 2031, new Date('2027-05-09T15:00:00Z'))).toBe(2026);
  });
});

describe('the local system’s clock (SHINCHOKU_TODAY for npm start)', () => {
  it('starts at 0:00 in Japan on the day given and runs on in real time', () => {
    const clock = localClock('2027-05-10', Date.now())!;
    const now = clock();
    expect(now.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-05-10T00:00:00+09:00'));
    expect(tokyoDate(now)).toEqual({ year: 2027, month: 5, day: 10 });
    expect(localClock('')).toBeUndefined();
    expect(localClock(undefined)).toBeUndefined();
  });

  it('refuses what is no day of the calendar, in Japanese, naming the setting', () => {
    for (const wrong of ['2027-02-30', '2027/05/10', '令和9年5月10日', '2027-5-10']) {
      expect(() => localClock(wrong)).toThrow(`SHINCHOKU_TODAY は YYYY-MM-DD の形で、実在する日付を指定してください（指定値：${wrong}）`);
    }
  });
});
