/**
 * 解除条件：满 N 天且连续 M 天打卡正常。When a colour with a release condition ends.
 *
 * A check-in carries only its Shanghai day, not its hour, so:
 * - the day the colour started does not count (the check-in may have come before it);
 * - a check-in counts from the start of its day;
 * - a day without a check-in breaks the run only once that day is over (today is not missed yet);
 * - an abnormal check-in breaks the run at once.
 * Once both the duration and the run are met the colour is over for good; a later missed day
 * does not bring it back.
 */
import { DAY_MS } from '../../kernel/time.ts';
import type { DailyCheckin } from './model.ts';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Days since 1970-01-01 in Asia/Shanghai. */
export function shanghaiDayNumber(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
}

export function startOfDayNumber(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function dayNumberOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

/** Day → normal, up to and including the day of `at`. Two check-ins on one day: any abnormal wins. */
export function indexCheckins(checkins: readonly DailyCheckin[], at: number): Map<number, boolean> {
  const today = shanghaiDayNumber(at);
  const index = new Map<number, boolean>();
  for (const c of checkins) {
    const day = dayNumberOf(c.day);
    if (day > today) continue;
    index.set(day, (index.get(day) ?? true) && c.normal);
  }
  return index;
}

/** Consecutive normal check-ins after the day of `start`, as of `at`. */
export function consecutiveNormalCheckins(index: Map<number, boolean>, start: number, at: number): number {
  let run = 0;
  const today = shanghaiDayNumber(at);
  for (let day = shanghaiDayNumber(start) + 1; day <= today; day++) {
    const c = index.get(day);
    if (c === true) run++;
    else if (c === false || day < today) run = 0;
  }
  return run;
}

/**
 * The instant the colour that started at `start` was released, or null if not by `at`:
 * the first instant ≥ start + days at which the run of normal check-ins reaches `needed`.
 */
export function releaseInstant(index: Map<number, boolean>, start: number, days: number, needed: number, at: number): number | null {
  const minRelease = start + days * DAY_MS;
  if (needed <= 0) return minRelease <= at ? minRelease : null;
  const today = shanghaiDayNumber(at);
  let run = 0;
  for (let day = shanghaiDayNumber(start) + 1; day <= today; day++) {
    const c = index.get(day);
    const dayStart = startOfDayNumber(day);
    const candidate = Math.max(dayStart, minRelease);
    const runDuringDay = c === true ? run + 1 : c === false ? 0 : run;
    if (candidate < dayStart + DAY_MS && candidate <= at && runDuringDay >= needed) return candidate;
    run = c === true ? run + 1 : 0;
  }
  return null;
}
