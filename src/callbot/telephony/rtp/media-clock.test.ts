import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaClock } from './media-clock.ts';

const clocks: MediaClock[] = [];
function clockOf(o?: ConstructorParameters<typeof MediaClock>[0]): MediaClock {
  const clock = new MediaClock(o);
  clocks.push(clock);
  return clock;
}
afterEach(() => clocks.splice(0).forEach((clock) => clock.close()));

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Records when each frame of a stream was sent. */
function recorder() {
  const frames: { index: number; at: number }[] = [];
  return {
    frames,
    onFrame: (index: number): void => {
      frames.push({ index, at: performance.now() });
    },
  };
}

describe('MediaClock', () => {
  it('paces frames on an absolute 20 ms schedule and measures their lateness', async () => {
    const clock = clockOf();
    const a = recorder();
    const b = recorder();
    clock.addStream(a.onFrame);
    clock.addStream(b.onFrame);
    await sleep(600);
    for (const { frames } of [a, b]) {
      expect(frames.length).toBeGreaterThanOrEqual(20);
      expect(frames.map((f) => f.index)).toEqual([...frames.keys()]);
      // Frame n goes out at start + n·20 ms: a clock that slept 20 ms after each tick would
      // drift by its lateness (≥ 1 ms) every frame, so the offsets of the second half would all
      // be 10+ ms above the first half's. The least late frame of each half shows the schedule.
      const offsets = frames.map(({ index, at }) => at - index * 20);
      const half = Math.floor(offsets.length / 2);
      expect(Math.abs(Math.min(...offsets.slice(half)) - Math.min(...offsets.slice(0, half)))).toBeLessThan(8);
    }
    const stats = clock.latenessStats();
    expect(stats.count).toBe(a.frames.length + b.frames.length);
    expect(stats.p50Ms).toBeLessThanOrEqual(stats.p99Ms);
    expect(stats.p99Ms).toBeLessThanOrEqual(stats.maxMs);
    clock.resetStats();
    expect(clock.latenessStats()).toMatchObject({ count: 0, p99Ms: 0, maxMs: 0 });
  });

  it('after a stall sends the frames that came due at once and keeps the original schedule', async () => {
    const clock = clockOf();
    const stream = recorder();
    let stalled = false;
    clock.addStream((index) => {
      stream.onFrame(index);
      if (index === 3 && !stalled) {
        stalled = true;
        busyWait(75);
      }
    });
    await sleep(300);
    const { frames } = stream;
    expect(frames.map((f) => f.index)).toEqual([...frames.keys()]); // nothing skipped or repeated
    // Frames 4-6 came due during the stall and go out together right after it.
    expect(frames[6]!.at - frames[4]!.at).toBeLessThan(5);
    expect(clock.latenessStats().maxMs).toBeGreaterThan(30);
    // Later frames are back on start + n·20, not shifted by the stall.
    const offsets = frames.map(({ index, at }) => at - index * 20);
    expect(frames.length).toBeGreaterThan(10);
    expect(Math.abs(Math.min(...offsets.slice(7)) - Math.min(...offsets.slice(0, 4)))).toBeLessThan(8);
  });

  it('skips frames beyond maxCatchUpFrames after a long stall, keeping frame indices on time', async () => {
    const clock = clockOf({ maxCatchUpFrames: 3 });
    const stream = recorder();
    clock.addStream((index) => {
      stream.onFrame(index);
      if (index === 1) busyWait(200);
    });
    await sleep(350);
    const indices = stream.frames.map((f) => f.index);
    const jump = indices.findIndex((index, i) => i > 0 && index !== indices[i - 1]! + 1);
    expect(jump).toBeGreaterThan(0);
    expect(clock.latenessStats().skipped).toBe(indices[jump]! - indices[jump - 1]! - 1);
    expect(clock.latenessStats().skipped).toBeGreaterThanOrEqual(5);
  });

  it('counts lateness only for frames that sent a packet', async () => {
    const clock = clockOf();
    const sending = recorder();
    clock.addStream(sending.onFrame);
    clock.addStream(() => false); // a call not answered yet: paced, but silent
    await sleep(150);
    clock.close();
    expect(sending.frames.length).toBeGreaterThan(3);
    expect(clock.latenessStats().count).toBe(sending.frames.length);
  });

  it('spreads streams over phase slots so one tick does not send every packet', () => {
    const clock = clockOf({ slotMs: 2 });
    const phases = Array.from({ length: 20 }, () => clock.addStream(() => undefined).phaseMs);
    const perPhase = new Map<number, number>();
    for (const phase of phases) perPhase.set(phase, (perPhase.get(phase) ?? 0) + 1);
    expect(perPhase.size).toBe(10);
    expect([...perPhase.values()].every((count) => count === 2)).toBe(true);
    expect(clock.streamCount).toBe(20);
  });

  it('runs no callback after stop(), even a stop from inside a callback', async () => {
    const clock = clockOf();
    let calls = 0;
    const stream = clock.addStream(() => {
      calls += 1;
      if (calls === 2) stream.stop();
    });
    const other = recorder();
    clock.addStream(other.onFrame);
    await sleep(120);
    expect(calls).toBe(2);
    expect(other.frames.length).toBeGreaterThan(3);
    expect(clock.streamCount).toBe(1);
    clock.close();
    const sent = other.frames.length;
    await sleep(60);
    expect(other.frames.length).toBe(sent);
    expect(() => clock.addStream(() => undefined)).toThrow();
  });
});
