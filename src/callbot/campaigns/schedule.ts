/**
 * When to call (pure; every instant is judged on the Asia/Shanghai clock, UTC+8 all year): calling
 * windows (呼叫时段) 'HH:MM'–'HH:MM', start inclusive and end exclusive; the retry policy after an
 * attempt (interval, attempts per Shanghai day, then the next day's first window, never after the
 * end date); and which attempts end a callee for good.
 */
import { DAY_MS, MINUTE_MS, shanghaiDay, startOfShanghaiDay } from '../../kernel/time.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { CallResult, DialogueEnd } from '../dialogue/model.ts';

export interface CallingWindow {
  start: string;
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MAX_WINDOWS = 4;

/** Minutes after midnight of 'HH:MM' ('24:00' allowed as an end), or undefined. */
export function minutesOf(hhmm: string, asEnd = false): number | undefined {
  if (asEnd && hhmm === '24:00') return 24 * 60;
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The windows sorted by start, or undefined when one is malformed, empty, overlapping, or there are not 1–4. */
export function checkWindows(windows: readonly CallingWindow[]): CallingWindow[] | undefined {
  if (windows.length < 1 || windows.length > MAX_WINDOWS) return undefined;
  const spans = windows.map((w) => ({ w, s: minutesOf(w.start), e: minutesOf(w.end, true) }));
  if (spans.some((x) => x.s === undefined || x.e === undefined || x.s >= x.e)) return undefined;
  spans.sort((a, b) => a.s! - b.s!);
  for (let i = 1; i < spans.length; i++) if (spans[i]!.s! < spans[i - 1]!.e!) return undefined;
  return spans.map((x) => ({ start: x.w.start, end: x.w.end }));
}

function minuteOfShanghaiDay(at: Date): number {
  return Math.floor((at.getTime() - startOfShanghaiDay(shanghaiDay(at)).getTime()) / MINUTE_MS);
}

export function isInWindow(windows: readonly CallingWindow[], at: Date): boolean {
  const m = minuteOfShanghaiDay(at);
  return windows.some((w) => minutesOf(w.start)! <= m && m < minutesOf(w.end, true)!);
}

/** `at` itself when inside a window, else the start of the next window (later today or on a following day). */
export function nextWindowStart(windows: readonly CallingWindow[], at: Date): Date {
  if (isInWindow(windows, at)) return at;
  const m = minuteOfShanghaiDay(at);
  const dayStart = startOfShanghaiDay(shanghaiDay(at));
  const starts = windows.map((w) => minutesOf(w.start)!).sort((a, b) => a - b);
  const later = starts.find((s) => s > m);
  if (later !== undefined) return new Date(dayStart.getTime() + later * MINUTE_MS);
  return new Date(dayStart.getTime() + DAY_MS + starts[0]! * MINUTE_MS);
}

/** The first instant after the campaign's last day (its end date is inclusive). */
export function campaignDeadline(endsOn: string): Date {
  return new Date(startOfShanghaiDay(endsOn).getTime() + DAY_MS);
}

export interface RetryPolicy {
  windows: readonly CallingWindow[];
  attemptsPerDay: number;
  retryIntervalMinutes: number;
  endsOn: string;
}

/** What an attempt left: a final result, or the time of the next attempt. */
export type AttemptVerdict =
  | { final: true; result: CallResult }
  | { final: false; nextAttemptAt: Date };

/** Outcomes after which the number is not worth another try: it does not exist or is cut off. */
export const NO_RETRY_OUTCOMES: readonly DialOutcome[] = ['empty_number', 'suspended'];

/**
 * The verdict after an attempt that ended at `now`. `attemptsToday` counts this attempt (on the
 * Shanghai day of `now`). A completed dialogue (normal / abnormal / needs checking / refused) is
 * final; a failed dial or a dialogue that ended asking for another try (busy, hung up) is retried
 * after the interval, at most attemptsPerDay a day, inside a window and before the end date — else
 * it ends as the dialogue's result when one was heard, or not reached.
 */
export function verdictAfterAttempt(
  policy: RetryPolicy, now: Date, attemptsToday: number, outcome: DialOutcome, end: DialogueEnd | null,
): AttemptVerdict {
  if (outcome === 'connected' && end && !end.retry) return { final: true, result: end.result };
  const exhausted: AttemptVerdict = { final: true, result: end && end.result !== 'not_reached' ? end.result : 'not_reached' };
  if (NO_RETRY_OUTCOMES.includes(outcome)) return exhausted;
  const candidate = attemptsToday < policy.attemptsPerDay
    ? new Date(now.getTime() + policy.retryIntervalMinutes * MINUTE_MS)
    : new Date(startOfShanghaiDay(shanghaiDay(now)).getTime() + DAY_MS);
  const next = nextWindowStart(policy.windows, candidate);
  if (next.getTime() >= campaignDeadline(policy.endsOn).getTime()) return exhausted;
  return { final: false, nextAttemptAt: next };
}

/** Attempts made so far on the Shanghai day of `now` (the stored counter belongs to `attemptsDay`). */
export function attemptsOnDay(stored: { attemptsToday: number; attemptsDay: string | null }, now: Date): number {
  return stored.attemptsDay === shanghaiDay(now) ? stored.attemptsToday : 0;
}
