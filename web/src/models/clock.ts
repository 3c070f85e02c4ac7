/**
 * "Today" as the server sees it. The API answers GET /me with its clock (`now`); the app keeps the
 * difference from the browser's clock and reads the time through it, so the year that has begun, the
 * reporting year and the days to 提出期限 agree with what the API allows, whatever the computer's own
 * date says (a wrong PC clock, or a local system started with SHINCHOKU_TODAY=YYYY-MM-DD).
 */
import { currentFiscalYear, lastEndedFiscalYear } from '../../../functions/domain/calendar/index.ts';

export class ServerClock {
  /** Server time minus browser time, in ms; 0 until the server has been heard. */
  private offset = 0;

  /** Takes the server's reading `serverNow` (ISO 8601), received when the browser's clock read `receivedAt` (ms). */
  set(serverNow: string, receivedAt: number = Date.now()): void {
    const server = Date.parse(serverNow);
    if (!Number.isNaN(server)) this.offset = server - receivedAt;
  }

  /** The server's time now (the browser's own until set), running on with the browser's clock. */
  now(browserNow: number = Date.now()): Date {
    return new Date(browserNow + this.offset);
  }
}

/** The app's one clock, set from each GET /me (state.ts getMe). */
export const serverClock = new ServerClock();

/** Whether fiscal year `fy` has not begun yet at `now` (its 1 April in Japan is still to come): nothing to report then. */
export function yearNotBegun(fy: number, now: Date): boolean {
  return fy > currentFiscalYear(now);
}

/**
 * The year a screen opens on: `requested` (?fy=) when the plan has it, else the year departments report on
 * at `now` (the last 年度 that has ended), kept within the plan's years (`planYears`, first to last).
 */
export function openingFiscalYear(planYears: readonly number[], requested: number, now: Date): number {
  if (planYears.includes(requested)) return requested;
  return Math.min(planYears.at(-1)!, Math.max(planYears[0]!, lastEndedFiscalYear(now)));
}
