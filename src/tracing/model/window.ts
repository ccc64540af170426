/**
 * The infectious window (传染期) of a case, pure: from `preOnsetDays` days before onset — or before
 * the positive test when there were no symptoms, or before the report when neither is known — to
 * isolation (or now, while the case is not isolated). Days are Asia/Shanghai days.
 */
import { DAY_MS, startOfShanghaiDay } from '../../kernel/time.ts';

export interface CaseDates {
  onsetOn: string | null;
  testedPositiveOn: string | null;
  reportedOn: string;
  isolatedAt: Date | null;
}

export interface InfectiousWindow {
  from: Date;
  to: Date;
}

/** The day the window counts back from. */
export function anchorDay(c: CaseDates): string {
  return c.onsetOn ?? c.testedPositiveOn ?? c.reportedOn;
}

export function infectiousWindow(c: CaseDates, preOnsetDays: number, now: Date): InfectiousWindow {
  const from = new Date(startOfShanghaiDay(anchorDay(c)).getTime() - preOnsetDays * DAY_MS);
  const to = c.isolatedAt && c.isolatedAt.getTime() < now.getTime() ? c.isolatedAt : now;
  return { from, to: to.getTime() < from.getTime() ? from : to };
}
