import { formatDate, formatPeriod, tokyoDate, westernYearFromReiwa } from '../calendar/index.ts';
import type { PeriodBasis } from '../calendar/index.ts';

/** Full-width digits and punctuation (２０２７／３／３１) read as their ASCII forms. */
const halfWidth = (text: string) => text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).trim();

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as people type it in a form or a spreadsheet cell → "YYYY-MM-DD", or null when it is not
 * a date: 2027-03-31, 2027/3/31, 2027.3.31, 2027年3月31日, 令和9年3月31日 (令和元年 too), R9.3.31,
 * R9/3/31, full-width digits included. A day that does not exist (2027/2/30) is not a date.
 */
export function parseDateText(input: string): string | null {
  const text = halfWidth(input).replace(/\s+/g, '');
  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (western) return isoOf(Number(western[1]), Number(western[2]), Number(western[3]));
  const reiwa = /^(?:令和|R)(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/i.exec(text);
  if (reiwa) {
    const year = westernYearFromReiwa(reiwa[1] === '元' ? 1 : Number(reiwa[1]));
    return isoOf(year, Number(reiwa[2]), Number(reiwa[3]));
  }
  return null;
}

/**
 * The dates a KPI actual for `period` may be measured on: from the period's first day until 31 May
 * after the fiscal year ends, when its accounts close (出納閉鎖). A calendar-year KPI's period starts
 * on 1 January; its figures are final by the same 31 May.
 */
export function asOfWindow(period: number, basis: PeriodBasis): { first: string; last: string } {
  return { first: basis === 'calendar_year' ? `${period}-01-01` : `${period}-04-01`, last: `${period + 1}-05-31` };
}

/** Today in Japan (Asia/Tokyo) as "YYYY-MM-DD", for the instant `now` (the request's clock, or the browser's). */
export function japanToday(now: Date | string): string {
  const { year, month, day } = tokyoDate(typeof now === 'string' ? new Date(now) : now);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Why a 時点 (ISO date) cannot belong to the actual for `period`, in the words the form and the
 * import show next to the field; null when it can. Two rules: the date lies in the period's window
 * (asOfWindow), and it is not after `today` (Japan's date, japanToday), since an actual is measured,
 * not forecast. The one rule the web form, the API's save and submit, and the spreadsheet import share.
 */
export function asOfProblem(asOf: string, period: number, basis: PeriodBasis, today: string): string | null {
  const { first, last } = asOfWindow(period, basis);
  if (asOf < first || asOf > last) {
    return `時点は${formatPeriod(period, basis)}の実績の日付（${formatDate(first)}〜${formatDate(last)}の出納閉鎖まで）で入力してください`;
  }
  if (asOf > today) return `時点に今日（${formatDate(today)}）より後の日付は入力できません。実績を測った日を入力してください`;
  return null;
}
