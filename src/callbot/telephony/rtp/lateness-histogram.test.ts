import { describe, expect, it } from 'vitest';
import { LatenessHistogram } from './lateness-histogram.ts';

describe('LatenessHistogram', () => {
  it('reads percentiles at 0.05 ms resolution and keeps the exact maximum', () => {
    const histogram = new LatenessHistogram();
    for (let i = 1; i <= 100; i += 1) histogram.record(i / 10); // 0.1 … 10 ms
    expect(histogram.count).toBe(100);
    expect(histogram.percentileMs(0.5)).toBeCloseTo(5.05, 2); // the 50th value is 5.0, bucket [5.0, 5.05)
    expect(histogram.percentileMs(0.99)).toBeCloseTo(9.95, 2);
    expect(histogram.maxMs).toBe(10);
    expect(histogram.percentileMs(1)).toBe(10);
  });

  it('counts early packets as on time and very late ones in the overflow bucket', () => {
    const histogram = new LatenessHistogram();
    histogram.record(-3);
    histogram.record(0);
    histogram.record(5000);
    expect(histogram.percentileMs(0.5)).toBe(0.05);
    expect(histogram.percentileMs(0.99)).toBe(5000);
    expect(histogram.maxMs).toBe(5000);
  });

  it('is empty after reset', () => {
    const histogram = new LatenessHistogram();
    histogram.record(7);
    histogram.reset();
    expect([histogram.count, histogram.maxMs, histogram.percentileMs(0.99)]).toEqual([0, 0, 0]);
  });
});
