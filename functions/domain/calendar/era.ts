import { REIWA_FIRST_DAY } from './dates.ts';
import type { CalendarDate } from './dates.ts';

/**
 * 元号 (Japanese eras): which era a year or a day is written in, and reading era years and dates
 * back from what plans and spreadsheets write (令和8年度, R8, H27, 平成25年4月1日, H25.4.1, R7.12月末).
 * Plain string and number arithmetic, no Intl and no dependencies, so the browser and the Lambda agree.
 *
 * Rules (the way the city's documents write them):
 * - a day is written in the era in force that day: 2019-04-30 → 平成31年4月30日, 2019-05-01 → 令和元年5月1日;
 * - a calendar year in the era in force at its end (31 December): 2019 → 令和元年, 2018 → 平成30年;
 * - a 年度 with the number of the calendar year it begins in: FY2019 → 令和元年度 (though April 2019 was
 *   still 平成), FY2018 → 平成30年度. For every year from 1989 on this is also the era in force on the
 *   年度's last day, 31 March;
 * - the first year of an era is 元, never 1;
 * - nothing before 平成 (1989-01-07 and earlier, the calendar year 1988, FY1988 = 昭和63年度) is written:
 *   those throw RangeError, and the parsers return undefined.
 */

/** The eras the calendar writes. */
export type EraName = '平成' | '令和';

/** A year as an era writes it: 令和8 is { era: '令和', letter: 'R', year: 8 }; 元年 is year 1. */
export interface EraYear {
  era: EraName;
  /** The letter of the short form documents use: R8, H27. */
  letter: 'H' | 'R';
  year: number;
}

interface Era {
  name: EraName;
  letter: 'H' | 'R';
  /** ISO date of the era's first day. */
  firstDay: string;
  /** The western year of its 元年. */
  firstYear: number;
}

/** 平成 began on 8 January 1989 (元号を改める政令, 昭和64年政令第1号). */
const HEISEI_FIRST_DAY = '1989-01-08';

/**
 * Newest first, so the first era whose first day is on or before a date is that date's era.
 * 令和's first day (元号を改める政令, 平成31年政令第143号) is kept in dates.ts, where reiwaYear lives.
 */
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', firstDay: REIWA_FIRST_DAY, firstYear: Number(REIWA_FIRST_DAY.slice(0, 4)) },
  { name: '平成', letter: 'H', firstDay: HEISEI_FIRST_DAY, firstYear: Number(HEISEI_FIRST_DAY.slice(0, 4)) },
];

const OLDEST = ERAS[ERAS.length - 1]!;

/** "平成元年（1989年1月8日）", for messages about what the calendar cannot write. */
const OLDEST_TEXT = `${OLDEST.name}元年（${OLDEST.firstYear}年1月${Number(OLDEST.firstDay.slice(8))}日）`;

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function eraOn(iso: string): Era | undefined {
  return ERAS.find((era) => iso >= era.firstDay);
}

function yearIn(era: Era, westernYear: number): EraYear {
  return { era: era.name, letter: era.letter, year: westernYear - era.firstYear + 1 };
}

/**
 * The era year of a western calendar year, in the era in force on its 31 December: 2026 → 令和8,
 * 2019 → 令和元 (year 1), 2018 → 平成30. A 年度 is written with the same number (FY2019 → 令和元年度).
 * Throws RangeError for a fractional year or one before 平成 (1988 and earlier).
 */
export function eraYear(westernYear: number): EraYear {
  if (!Number.isInteger(westernYear)) throw new RangeError(`西暦年は整数で指定してください：${westernYear}`);
  const era = eraOn(isoDate(westernYear, 12, 31));
  if (!era) throw new RangeError(`${westernYear}年は平成より前のため、和暦で書けません（${OLDEST_TEXT}から書けます）`);
  return yearIn(era, westernYear);
}

/**
 * The era year of a day, in the era in force that day: 2019-04-30 → 平成31, 2019-05-01 → 令和元.
 * Throws RangeError for a day before 平成 (1989-01-07 and earlier).
 */
export function eraOfDate({ year, month, day }: CalendarDate): EraYear {
  const iso = isoDate(year, month, day);
  const era = eraOn(iso);
  if (!era) throw new RangeError(`${iso}は平成より前の日付のため、和暦で書けません（${OLDEST_TEXT}から書けます）`);
  return yearIn(era, year);
}

/** The western year of an era's year, or undefined when the era never had it (令和0年, 平成32年). */
function westernYearOf(eraText: string, yearText: string): number | undefined {
  const era = ERAS.find((candidate) => candidate.name === eraText || candidate.letter === eraText.toUpperCase());
  if (!era) return undefined;
  const number = yearText === '元' ? 1 : Number(yearText);
  if (number < 1) return undefined;
  const western = era.firstYear + number - 1;
  // An era ends in the year the next one begins: 平成31年 (January–April 2019) is the last 平成 year.
  const next = ERAS[ERAS.indexOf(era) - 1];
  return next && western > next.firstYear ? undefined : western;
}

/**
 * Full-width letters, digits and signs as ASCII (Ｒ８ → R8, ２０１３／４／１ → 2013/4/1), and no
 * spaces at all: cells and forms carry both.
 */
function normalise(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
}

const ERA = '(平成|令和|H|R)';
const ERA_YEAR = '(\\d{1,2}|元)';
const YEAR_TEXT = new RegExp(`^(?:${ERA}${ERA_YEAR}|(\\d{4}))(?:年度?)?$`, 'i');

/**
 * A fiscal or calendar year as plans and spreadsheets write it → its western year, or undefined:
 * 令和8年度, R8, R8年度, 令和元年度, H27, 平成27年度, 令和7年, 2026, 2026年度 (full-width digits and
 * letters too). Whether it counts 年度 or calendar years is the caller's to know; both read the same.
 * 平成31 reads as 2019 (documents of early 2019 wrote 平成31年度); 平成32 never existed, nor did a
 * year before 平成 as far as this calendar goes, so both are undefined.
 */
export function parseEraYear(text: string): number | undefined {
  const match = YEAR_TEXT.exec(normalise(text));
  if (!match) return undefined;
  if (match[3] !== undefined) {
    const western = Number(match[3]);
    return western >= OLDEST.firstYear ? western : undefined;
  }
  return westernYearOf(match[1]!, match[2]!);
}

/** 年, 月 and 日 or the separators - / . between the parts; 末 (月末, 末日) for the month's last day. */
const DATE_TEXT = new RegExp(`^(?:${ERA}${ERA_YEAR}|(\\d{4}))[-/.年](\\d{1,2})(?:[-/.月](\\d{1,2})日?|月?末日?)$`, 'i');

/**
 * A date as plans and spreadsheets write it → an ISO date ("YYYY-MM-DD"), or undefined when it is
 * no date the calendar writes: 平成25年4月1日, H25.4.1, R7/12/31, 令和元年5月1日, 2013-04-01,
 * 2013年4月1日; a month end (R7.12月末, 令和7年12月末, H25.3末) is the month's last day. A trailing
 * 時点 or 現在 (「令和7年12月末時点」) is read past. A day that does not exist (H25.2.30), one written
 * in an era not in force that day (平成31年5月1日 was 令和元年5月1日) and one before 平成 are undefined.
 */
export function parseEraDate(text: string): string | undefined {
  const match = DATE_TEXT.exec(normalise(text).replace(/(?:時点|現在)$/, ''));
  if (!match) return undefined;
  const [, eraText, eraYearText, westernText, monthText, dayText] = match;
  const year = westernText !== undefined ? Number(westernText) : westernYearOf(eraText!, eraYearText!);
  const month = Number(monthText);
  if (year === undefined || month < 1 || month > 12) return undefined;
  const day = dayText === undefined ? daysInMonth(year, month) : Number(dayText);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const iso = isoDate(year, month, day);
  const era = eraOn(iso);
  if (!era) return undefined;
  if (eraText !== undefined && era.name !== eraText && era.letter !== eraText.toUpperCase()) return undefined;
  return iso;
}
