import { describe, expect, it } from 'vitest';
import { createTrunkLines } from './trunk-lines.ts';

describe('trunk lines', () => {
  it('never carries more calls than the trunk has lines', async () => {
    const lines = createTrunkLines({ maxCalls: 3, callsPerSecond: 1000 });
    const release = await Promise.all([lines.acquire(), lines.acquire(), lines.acquire()]);
    let fourth = false;
    const pending = lines.acquire().then((free) => { fourth = true; return free; });
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    expect(lines).toMatchObject({ inUse: 3, waiting: 1 });
    release[0]!();
    release[0]!(); // freeing twice frees one line
    (await pending)();
    expect(fourth).toBe(true);
    expect(lines.inUse).toBe(2);
  });

  it('spaces call starts by the calls-per-second limit', async () => {
    const lines = createTrunkLines({ maxCalls: 100, callsPerSecond: 50 });
    const started: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => lines.acquire().then((free) => { started.push(performance.now()); free(); })));
    const gaps = started.slice(1).map((t, i) => t - started[i]!);
    // 50 per second = one start every 20 ms; timers may fire late, never early.
    expect(started.at(-1)! - started[0]!).toBeGreaterThanOrEqual(9 * 20 - 2);
    expect(Math.min(...gaps)).toBeGreaterThan(5);
  });
});
