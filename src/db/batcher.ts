/**
 * Group commit: concurrent callers' items are collected for a moment (or until the batch is
 * full) and handed to one `flush`, which writes them all in one transaction and returns one
 * result per item, in order. Each caller's promise settles only when its batch has finished, so
 * an answered item is committed. If `flush` throws, every item of that batch gets the error (the
 * flush is one transaction: nothing of it was written). While `maxInFlight` flushes run, new items
 * wait and go out together as soon as one finishes — the busier the server, the bigger the
 * batches, which is what makes group commit beat one transaction per request.
 */

export interface BatcherOptions {
  /** Most items in one flush. */
  maxBatch: number;
  /** How long the first item of a batch waits for company (0: until the current event-loop turn ends). */
  maxWaitMs: number;
  /** Flushes running at once (database connections used). */
  maxInFlight: number;
}

export interface BatcherStats {
  flushes: number;
  items: number;
  failedFlushes: number;
  largestBatch: number;
  /** Time spent in flushes, summed (ms): with `flushes`, the mean flush time. */
  flushMs: number;
}

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
  /** Resolves when every item submitted so far has been flushed (for shutdown). */
  drain(): Promise<void>;
  readonly stats: BatcherStats;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export const DEFAULT_BATCHER_OPTIONS: BatcherOptions = { maxBatch: 256, maxWaitMs: 1, maxInFlight: 2 };

export function createBatcher<I, O>(flush: (items: I[]) => Promise<O[]>, options: Partial<BatcherOptions> = {}): Batcher<I, O> {
  const { maxBatch, maxWaitMs, maxInFlight } = { ...DEFAULT_BATCHER_OPTIONS, ...options };
  if (maxBatch < 1 || maxInFlight < 1 || maxWaitMs < 0) throw new Error('batcher options out of range');
  let queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  const idle: (() => void)[] = [];
  const stats: BatcherStats = { flushes: 0, items: 0, failedFlushes: 0, largestBatch: 0, flushMs: 0 };

  const clearTimer = () => {
    if (timer === undefined) return;
    if (maxWaitMs === 0) clearImmediate(timer as NodeJS.Immediate);
    else clearTimeout(timer as NodeJS.Timeout);
    timer = undefined;
  };

  function settleIdle(): void {
    if (queue.length === 0 && inFlight === 0) for (const done of idle.splice(0)) done();
  }

  async function run(batch: Waiting<I, O>[]): Promise<void> {
    inFlight++;
    stats.flushes++;
    stats.items += batch.length;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    const started = performance.now();
    try {
      const results = await flush(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      stats.failedFlushes++;
      for (const w of batch) w.reject(error);
    } finally {
      stats.flushMs += performance.now() - started;
      inFlight--;
      // Whatever queued up meanwhile has already waited: send it at once.
      if (queue.length > 0) startFlush();
      settleIdle();
    }
  }

  function startFlush(): void {
    clearTimer();
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      void run(batch);
    }
  }

  function schedule(): void {
    if (inFlight >= maxInFlight) return; // the next finishing flush picks the queue up
    if (queue.length >= maxBatch) return startFlush();
    if (timer !== undefined) return;
    timer = maxWaitMs === 0 ? setImmediate(startFlush) : setTimeout(startFlush, maxWaitMs);
  }

  return {
    stats,
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    drain() {
      if (queue.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
