import { describe, expect, it } from 'vitest';
import type { DialogueEnd } from '../dialogue/model.ts';
import { checkWindows, isInWindow, nextWindowStart, verdictAfterAttempt, type RetryPolicy } from './schedule.ts';

/** An instant on the Asia/Shanghai clock. */
const at = (local: string) => new Date(`${local}:00+08:00`);
const windows = [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:30' }];
const policy: RetryPolicy = { windows, attemptsPerDay: 3, retryIntervalMinutes: 30, endsOn: '2026-12-03' };
const end = (over: Partial<DialogueEnd>): DialogueEnd => ({ result: 'normal', reasons: [], slots: {}, unresolved: [], intent: null, retry: false, ...over });

describe('calling windows', () => {
  it('accepts 1–4 ordered, non-overlapping HH:MM windows and sorts them', () => {
    expect(checkWindows([{ start: '14:00', end: '20:30' }, { start: '09:00', end: '12:00' }])).toEqual(windows);
    expect(checkWindows([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '13:00' }])).toHaveLength(2);
  });

  it.each([
    [[]],
    [[{ start: '9:00', end: '12:00' }]],
    [[{ start: '12:00', end: '12:00' }]],
    [[{ start: '13:00', end: '12:00' }]],
    [[{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }]],
    [[{ start: '24:00', end: '24:00' }]],
    [Array.from({ length: 5 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` }))],
  ])('refuses %j', (w) => {
    expect(checkWindows(w)).toBeUndefined();
  });

  it('is inside a window from its start until just before its end (Shanghai time)', () => {
    expect(isInWindow(windows, at('2026-12-01T09:00'))).toBe(true);
    expect(isInWindow(windows, at('2026-12-01T11:59'))).toBe(true);
    expect(isInWindow(windows, at('2026-12-01T12:00'))).toBe(false);
    expect(isInWindow(windows, at('2026-12-01T20:29'))).toBe(true);
    expect(isInWindow(windows, at('2026-12-01T20:30'))).toBe(false);
    expect(isInWindow(windows, at('2026-12-01T08:59'))).toBe(false);
  });

  it('at 20:30 the next call is at 09:00 the next day', () => {
    expect(nextWindowStart(windows, at('2026-12-01T20:30'))).toEqual(at('2026-12-02T09:00'));
  });

  it('between windows the next call is at the next window, inside one it is now', () => {
    expect(nextWindowStart(windows, at('2026-12-01T12:10'))).toEqual(at('2026-12-01T14:00'));
    expect(nextWindowStart(windows, at('2026-12-01T07:00'))).toEqual(at('2026-12-01T09:00'));
    expect(nextWindowStart(windows, at('2026-12-01T10:17'))).toEqual(at('2026-12-01T10:17'));
  });
});

describe('retry policy', () => {
  it('a completed dialogue is final', () => {
    for (const result of ['normal', 'abnormal', 'needs_checking', 'refused'] as const) {
      expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 1, 'connected', end({ result }))).toEqual({ final: true, result });
    }
  });

  it('a failed dial is retried after the interval, inside a window', () => {
    expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 1, 'busy', null)).toEqual({ final: false, nextAttemptAt: at('2026-12-01T10:30') });
    expect(verdictAfterAttempt(policy, at('2026-12-01T11:45'), 1, 'no_answer', null)).toEqual({ final: false, nextAttemptAt: at('2026-12-01T14:00') });
    expect(verdictAfterAttempt(policy, at('2026-12-01T20:20'), 2, 'powered_off', null)).toEqual({ final: false, nextAttemptAt: at('2026-12-02T09:00') });
  });

  it('a busy person or a hang-up is called again', () => {
    const busy = end({ result: 'not_reached', intent: 'busy', retry: true });
    expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 1, 'connected', busy)).toEqual({ final: false, nextAttemptAt: at('2026-12-01T10:30') });
  });

  it('after attemptsPerDay attempts the next is the next day\'s first window', () => {
    expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 3, 'no_answer', null)).toEqual({ final: false, nextAttemptAt: at('2026-12-02T09:00') });
  });

  it('nothing after the end date: not reached, or what a cut-short dialogue heard', () => {
    expect(verdictAfterAttempt(policy, at('2026-12-03T20:10'), 1, 'no_answer', null)).toEqual({ final: true, result: 'not_reached' });
    expect(verdictAfterAttempt(policy, at('2026-12-03T15:00'), 3, 'busy', null)).toEqual({ final: true, result: 'not_reached' });
    const hungUp = end({ result: 'needs_checking', retry: true });
    expect(verdictAfterAttempt(policy, at('2026-12-03T20:10'), 1, 'connected', hungUp)).toEqual({ final: true, result: 'needs_checking' });
  });

  it('an empty or suspended number is not retried', () => {
    expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 1, 'empty_number', null)).toEqual({ final: true, result: 'not_reached' });
    expect(verdictAfterAttempt(policy, at('2026-12-01T10:00'), 1, 'suspended', null)).toEqual({ final: true, result: 'not_reached' });
  });
});
