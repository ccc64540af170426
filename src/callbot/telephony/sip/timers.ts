/**
 * Transaction timer values (RFC 3261 §17.1.1.1, Table 4) and the one place that owns the agent's
 * pending timers, so closing the agent or ending a call leaves nothing scheduled behind.
 */

export interface SipTimerValues {
  /** RTT estimate, 500 ms by default; tests shorten it to run retransmission paths quickly. */
  t1: number;
  /** Longest interval between retransmissions of non-INVITE requests and INVITE 2xx responses. */
  t2: number;
  /** Longest time a message stays in the network (Timer K, Timer I). */
  t4: number;
}

export function resolveTimerValues(o?: { t1Ms?: number; t2Ms?: number; t4Ms?: number }): SipTimerValues {
  const t1 = o?.t1Ms ?? 500;
  return { t1, t2: o?.t2Ms ?? Math.max(t1, 4000), t4: o?.t4Ms ?? 5000 };
}

/** 64·T1: Timer B, F, H, J and the CANCEL give-up interval (§17.1.1.2, §17.1.2.2, §9.1). */
export function transactionTimeout(values: SipTimerValues): number {
  return 64 * values.t1;
}

export type TimerHandle = ReturnType<typeof setTimeout>;

/** Every timer the agent has pending; `size` lets tests prove that finished calls leave none. */
export class TimerSet {
  private readonly pending = new Set<TimerHandle>();

  schedule(ms: number, fire: () => void): TimerHandle {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      fire();
    }, ms);
    this.pending.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | null | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.pending.delete(handle);
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
