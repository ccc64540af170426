import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('group-commit batcher', () => {
  it('hands concurrent items to one flush and answers each caller with its own result, in order', async () => {
    const flushes: number[][] = [];
    const batcher = createBatcher(async (items: number[]) => {
      flushes.push(items);
      return items.map((i) => i * 10);
    }, { maxWaitMs: 1, maxBatch: 100, maxInFlight: 1 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.submit(i)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(flushes).toEqual([[1, 2, 3, 4, 5]]);
    expect(batcher.stats).toMatchObject({ flushes: 1, items: 5, largestBatch: 5 });
  });

  it('never puts more than maxBatch items in a flush and keeps arrival order across flushes', async () => {
    const flushes: number[][] = [];
    const batcher = createBatcher(async (items: number[]) => {
      flushes.push(items);
      await tick();
      return items;
    }, { maxWaitMs: 0, maxBatch: 3, maxInFlight: 1 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(flushes.every((f) => f.length <= 3)).toBe(true);
    expect(flushes.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('collects what arrives while a flush runs into the next flush (bigger batches under load)', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const batcher = createBatcher(async (items: number[]) => {
      flushes.push(items);
      if (flushes.length === 1) await gate;
      return items;
    }, { maxWaitMs: 0, maxBatch: 100, maxInFlight: 1 });
    const first = batcher.submit(1);
    await tick();
    const later = [2, 3, 4].map((i) => batcher.submit(i));
    await tick();
    expect(flushes).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('answers a caller only after its flush has finished (durable before the reply)', async () => {
    const committed: number[] = [];
    const batcher = createBatcher(async (items: number[]) => {
      await tick();
      committed.push(...items);
      return items;
    }, { maxWaitMs: 0 });
    const answered = await batcher.submit(7);
    expect(committed).toContain(answered);
  });

  it('fails every item of a failing flush with its error, and goes on with the next batch', async () => {
    let calls = 0;
    const batcher = createBatcher(async (items: string[]) => {
      calls++;
      if (items.includes('bad')) throw new Error('database down');
      return items.map((i) => i.toUpperCase());
    }, { maxWaitMs: 1, maxInFlight: 1 });
    const failing = await Promise.allSettled(['a', 'bad', 'c'].map((i) => batcher.submit(i)));
    expect(failing.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(failing.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(['database down', 'database down', 'database down']);
    expect(await batcher.submit('d')).toBe('D');
    expect(calls).toBe(2);
    expect(batcher.stats.failedFlushes).toBe(1);
  });

  it('treats a flush that returns the wrong number of results as failed for all its items', async () => {
    const batcher = createBatcher(async (items: number[]) => items.slice(1), { maxWaitMs: 1 });
    const settled = await Promise.allSettled([1, 2].map((i) => batcher.submit(i)));
    expect(settled.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('runs at most maxInFlight flushes at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = createBatcher(async (items: number[]) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      return items;
    }, { maxWaitMs: 0, maxBatch: 1, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => batcher.submit(i)));
    expect(most).toBe(2);
  });

  it('drains: resolves once everything submitted has been flushed', async () => {
    const done: number[] = [];
    const batcher = createBatcher(async (items: number[]) => {
      await tick();
      done.push(...items);
      return items;
    }, { maxWaitMs: 1 });
    void batcher.submit(1);
    void batcher.submit(2);
    await batcher.drain();
    expect(done).toEqual([1, 2]);
    await batcher.drain();
  });
});
