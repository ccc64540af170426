/**
 * Following a background job (roster import, Excel export) from the page that started it: the
 * job as last answered, asked again every half second until it is finished. `follow` resolves
 * with the finished job (or the last one seen when a newer `follow`, `stop` or leaving the page
 * ends it) and rejects when a poll fails (the page shows the error).
 */
import { getCurrentInstance, onBeforeUnmount, shallowRef } from 'vue';

export const JOB_POLL_MS = 500;

export function useJobPolling<T>(isFinished: (job: T) => boolean, intervalMs = JOB_POLL_MS) {
  const job = shallowRef<T | null>(null);
  let following = 0;

  async function follow(first: T, next: () => Promise<T>): Promise<T> {
    const mine = ++following;
    job.value = first;
    let current = first;
    while (!isFinished(current)) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (mine !== following) return current;
      current = await next();
      if (mine !== following) return current;
      job.value = current;
    }
    return current;
  }

  function stop(): void {
    following++;
  }

  if (getCurrentInstance()) onBeforeUnmount(stop);
  return { job, follow, stop };
}

/** A job's progress as a whole percentage (0 while its total is not known yet). */
export function progressPercent(processed: number, total: number | null): number {
  if (!total) return 0;
  return Math.min(100, Math.floor((processed / total) * 100));
}
