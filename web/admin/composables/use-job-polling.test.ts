import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressPercent, useJobPolling } from './use-job-polling.ts';

interface Job { step: number; done: boolean }

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('useJobPolling', () => {
  it('asks again every interval until the job is finished, showing each answer', async () => {
    const answers: Job[] = [{ step: 1, done: false }, { step: 2, done: false }, { step: 3, done: true }];
    const next = vi.fn(async () => answers.shift()!);
    const polling = useJobPolling<Job>((j) => j.done, 500);
    const finished = polling.follow({ step: 0, done: false }, next);
    expect(polling.job.value).toEqual({ step: 0, done: false });
    await vi.advanceTimersByTimeAsync(499);
    expect(next).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(polling.job.value).toEqual({ step: 1, done: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await finished).toEqual({ step: 3, done: true });
    expect(polling.job.value).toEqual({ step: 3, done: true });
    expect(next).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(next).toHaveBeenCalledTimes(3);
  });

  it('does not ask at all for a job that is finished when started', async () => {
    const next = vi.fn(async () => ({ step: 9, done: true }));
    expect(await useJobPolling<Job>((j) => j.done).follow({ step: 1, done: true }, next)).toEqual({ step: 1, done: true });
    expect(next).not.toHaveBeenCalled();
  });

  it('stops asking when stopped, and a newer job replaces the one followed', async () => {
    const next = vi.fn(async () => ({ step: 1, done: false }));
    const polling = useJobPolling<Job>((j) => j.done, 500);
    const first = polling.follow({ step: 0, done: false }, next);
    const second = polling.follow({ step: 100, done: false }, async () => ({ step: 101, done: true }));
    await vi.advanceTimersByTimeAsync(500);
    expect(await first).toEqual({ step: 0, done: false });
    expect(await second).toEqual({ step: 101, done: true });
    expect(next).not.toHaveBeenCalled();
    const third = polling.follow({ step: 200, done: false }, next);
    polling.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await third).toEqual({ step: 200, done: false });
    expect(next).not.toHaveBeenCalled();
  });

  it('rejects when a poll fails', async () => {
    const polling = useJobPolling<Job>((j) => j.done, 500);
    const failing = polling.follow({ step: 0, done: false }, async () => { throw new Error('network'); });
    const caught = failing.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(500);
    expect(await caught).toBe('network');
  });
});

describe('progressPercent', () => {
  it('is 0 until the total is known, whole percent after, never above 100', () => {
    expect(progressPercent(0, null)).toBe(0);
    expect(progressPercent(5, 0)).toBe(0);
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(2999, 2999)).toBe(100);
    expect(progressPercent(12, 10)).toBe(100);
  });
});
