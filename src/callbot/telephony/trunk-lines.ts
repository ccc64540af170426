/**
 * The trunk's lines (中继线路): at most `maxCalls` calls at once and at most `callsPerSecond` new
 * calls started per second, as carriers contract and police them (a burst over the CPS is
 * answered with 503 or gets the trunk blocked). Callers wait their turn in order.
 */
export interface TrunkLines {
  /** Waits for a free line and the next start slot; the returned function frees the line. */
  acquire(): Promise<() => void>;
  readonly inUse: number;
  readonly waiting: number;
}

export function createTrunkLines(options: { maxCalls: number; callsPerSecond: number; now?: () => number }): TrunkLines {
  const now = options.now ?? (() => performance.now());
  const spacingMs = 1000 / options.callsPerSecond;
  const queue: (() => void)[] = [];
  let inUse = 0;
  let nextStartAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const pump = (): void => {
    if (timer) return;
    while (queue.length > 0 && inUse < options.maxCalls) {
      const wait = nextStartAt - now();
      if (wait > 0) {
        timer = setTimeout(() => { timer = undefined; pump(); }, Math.ceil(wait));
        return;
      }
      nextStartAt = Math.max(nextStartAt, now()) + spacingMs;
      inUse += 1;
      queue.shift()!();
    }
  };

  return {
    acquire() {
      return new Promise((resolve) => {
        queue.push(() => {
          let freed = false;
          resolve(() => {
            if (freed) return;
            freed = true;
            inUse -= 1;
            pump();
          });
        });
        pump();
      });
    },
    get inUse() { return inUse; },
    get waiting() { return queue.length; },
  };
}
