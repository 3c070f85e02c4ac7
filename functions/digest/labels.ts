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
