/**
 * Send lateness of RTP packets (how far behind its schedule each one went out), kept in fixed
 * 0.05 ms buckets up to 200 ms so recording a packet allocates nothing. Percentiles are read at
 * bucket resolution, which is finer than anything the 5 ms p99 target needs.
 */

const BUCKET_MS = 0.05;
const BUCKETS = 4000;

export class LatenessHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private total = 0;
  private max = 0;

  get count(): number {
    return this.total;
  }

  get maxMs(): number {
    return round2(this.max);
  }

  /** Early packets count as on time. */
  record(lateMs: number): void {
    const late = lateMs > 0 ? lateMs : 0;
    this.total += 1;
    if (late > this.max) this.max = late;
    const bucket = Math.min(BUCKETS, Math.floor(late / BUCKET_MS));
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
  }

  /** The lateness that `quantile` of packets stayed within (upper bucket edge, at most the max). */
  percentileMs(quantile: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(quantile * this.total));
    let seen = 0;
    // The last bucket gathers everything past 200 ms: its only known bound is the maximum.
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += this.counts[bucket] as number;
      if (seen >= rank) return round2(Math.min(this.max, (bucket + 1) * BUCKET_MS));
    }
    return round2(this.max);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
