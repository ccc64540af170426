import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useCountdown } from './use-countdown.ts';

describe('useCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts down whole seconds and stops at zero', () => {
    const countdown = useCountdown();
    countdown.start(60);
    expect(countdown.remaining.value).toBe(60);
    expect(countdown.running.value).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(countdown.remaining.value).toBe(59);
    vi.advanceTimersByTime(59_000);
    expect(countdown.remaining.value).toBe(0);
    expect(countdown.running.value).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the clock even when ticks were skipped (phone asleep in the background)', () => {
    const countdown = useCountdown();
    countdown.start(60);
    vi.setSystemTime(Date.now() + 45_000); // time passes, no timer fires
    vi.advanceTimersByTime(250);
    expect(countdown.remaining.value).toBe(15);
  });

  it('restarting replaces the previous countdown, and a non-positive start does nothing', () => {
    const countdown = useCountdown();
    countdown.start(60);
    countdown.start(5);
    expect(vi.getTimerCount()).toBe(1);
    expect(countdown.remaining.value).toBe(5);
    countdown.start(0);
    expect(countdown.running.value).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops its timer when the owning component goes away', () => {
    const scope = effectScope();
    const countdown = scope.run(() => useCountdown())!;
    countdown.start(30);
    expect(vi.getTimerCount()).toBe(1);
    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
