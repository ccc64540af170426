/**
 * A small reorder buffer for received RTP, ordered by sequence number (RFC 3550 §5.1: "may be
 * used by the receiver to detect packet loss and to restore packet sequence"). Packets in order
 * pass straight through; after a gap it holds at most `depth` later packets (4 × 20 ms = 80 ms by
 * default) waiting for the missing one, then gives it up as lost. Late and duplicate packets are
 * dropped. Sequence numbers wrap at 65,536, so every comparison is a signed 16-bit distance.
 * There is no playout timer: the recogniser downstream wants every frame in order, not a steady
 * clock, so delivery is driven by arrivals alone.
 */

/** RFC 3550 Appendix A.1: jumps beyond these are a restarted source, not loss or reordering. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const RING = 64;

export interface JitterStats {
  delivered: number;
  /** Sequence numbers skipped over: never arrived within the buffer's patience. */
  lost: number;
  /** Arrived after their place was delivered or given up, or twice. */
  late: number;
  duplicates: number;
}

export class JitterBuffer<T> {
  readonly stats: JitterStats = { delivered: 0, lost: 0, late: 0, duplicates: 0 };
  private readonly depth: number;
  private readonly deliver: (item: T) => void;
  private readonly items: (T | undefined)[] = new Array<T | undefined>(RING).fill(undefined);
  private readonly sequences = new Int32Array(RING).fill(-1);
  private expected = -1;

  constructor(o: { deliver: (item: T) => void; depth?: number }) {
    this.deliver = o.deliver;
    this.depth = Math.min(RING / 2, Math.max(1, o.depth ?? 4));
  }

  push(sequence: number, item: T): void {
    if (this.expected < 0) this.expected = sequence;
    let ahead = signedDistance(sequence, this.expected);
    if (ahead > MAX_DROPOUT || ahead < -MAX_MISORDER) {
      this.releaseHeld(false);
      this.expected = sequence;
      ahead = 0;
    }
    if (ahead < 0) {
      this.stats.late += 1;
      return;
    }
    while (ahead >= this.depth) {
      this.releaseOrLose(this.expected);
      this.expected = (this.expected + 1) & 0xffff;
      ahead -= 1;
    }
    const slot = sequence & (RING - 1);
    if (this.sequences[slot] === sequence) {
      this.stats.duplicates += 1;
      return;
    }
    this.items[slot] = item;
    this.sequences[slot] = sequence;
    this.drainInOrder();
  }

  /** Delivers whatever is held, in order, counting the gaps between as lost (end of stream). */
  flush(): void {
    this.releaseHeld(true);
  }

  /** Forgets the stream (a new SSRC): held packets are delivered first. */
  reset(): void {
    this.releaseHeld(false);
    this.expected = -1;
  }

  private drainInOrder(): void {
    for (let slot = this.expected & (RING - 1); this.sequences[slot] === this.expected; slot = this.expected & (RING - 1)) {
      this.take(slot);
      this.expected = (this.expected + 1) & 0xffff;
    }
  }

  private releaseHeld(countGaps: boolean): void {
    if (this.expected < 0) return;
    let lastHeld = -1;
    for (let distance = 0; distance < RING; distance += 1) {
      const sequence = (this.expected + distance) & 0xffff;
      if (this.sequences[sequence & (RING - 1)] === sequence) lastHeld = distance;
    }
    for (let distance = 0; distance <= lastHeld; distance += 1) {
      const sequence = this.expected;
      if (countGaps) this.releaseOrLose(sequence);
      else if (this.sequences[sequence & (RING - 1)] === sequence) this.take(sequence & (RING - 1));
      this.expected = (sequence + 1) & 0xffff;
    }
  }

  private releaseOrLose(sequence: number): void {
    const slot = sequence & (RING - 1);
    if (this.sequences[slot] === sequence) this.take(slot);
    else this.stats.lost += 1;
  }

  private take(slot: number): void {
    const item = this.items[slot] as T;
    this.items[slot] = undefined;
    this.sequences[slot] = -1;
    this.stats.delivered += 1;
    this.deliver(item);
  }
}

/** How far `sequence` is ahead of `reference` (negative: behind), modulo 2^16. */
export function signedDistance(sequence: number, reference: number): number {
  return ((sequence - reference + 32768) & 0xffff) - 32768;
}
