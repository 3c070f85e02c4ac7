import { formatCalendarYear, formatFiscalYear } from '../domain/calendar/index.ts';

/**
 * How the digest and the reminders write periods: 令和6年度, or 令和7年 for a calendar-year KPI. A KPI's
 * baseline and target are written by the shared formatBaseline/formatTarget (catalogue/kpi-periods.ts), as
 * the report and the screens write them, so the notation is decided in one place.
 */
export const periodLabel = {
  fiscalYear: formatFiscalYear,
  calendarYear: formatCalendarYear,
};

/**
 * Where HQ assigns a 関係各課 measure's departments, and the one sentence that sends it there: the digest mail
 * links the screen's name, `npm run reminders` prints it in 「」. `#/hq/assign` is the web app's route (web/src/main.ts).
 */
export const ASSIGN_SCREEN = { name: '関係各課の割当て', path: '#/hq/assign' } as const;
export const assignRequest = <T>(screen: T): [T, string] => [screen, 'で担当課を割り当ててください'];
