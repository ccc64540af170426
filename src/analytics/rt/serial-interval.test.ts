/** The serial interval: EpiEstim's discr_si and the checks on a given distribution. */
import { describe, expect, it } from 'vitest';
import { readFlu2009Reference } from './reference-testing.ts';
import { checkDistribution, discrSi, serialIntervalFor, serialIntervalMean } from './serial-interval.ts';

describe('discrSi', () => {
  it('gives the listed parametric discretised SI for mean 2.6, sd 1.5 (7 decimals)', () => {
    const { parametricSi } = readFlu2009Reference();
    const w = discrSi(parametricSi.map((_, k) => k), 2.6, 1.5);
    parametricSi.forEach((expected, k) => expect(Math.abs(w[k]! - expected), `w_${k}`).toBeLessThanOrEqual(5e-8));
  });

  it('is a distribution with the given mean (over enough days), w_0 = 0, never negative', () => {
    const w = discrSi(Array.from({ length: 200 }, (_, k) => k), 4.7, 2.9);
    expect(w[0]).toBe(0);
    expect(w.every((wk) => wk >= 0)).toBe(true);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(serialIntervalMean(w)).toBeCloseTo(4.7, 8);
  });

  it('rejects a mean ≤ 1, an sd ≤ 0 and negative days', () => {
    expect(() => discrSi([0, 1], 0.5, 1)).toThrow(/mean must be a number > 1 \(day\), got 0\.5/);
    expect(() => discrSi([0, 1], Number.NaN, 1)).toThrow(/mean must be a number > 1/);
    expect(() => discrSi([0, 1], 2, -1)).toThrow(/sd must be a number > 0/);
    expect(() => discrSi([-1], 2, 1)).toThrow(/day -1 must be ≥ 0/);
  });
});

describe('serialIntervalFor', () => {
  it('pads a short distribution with zeros to T + 1 values and keeps a long one whole', () => {
    expect(serialIntervalFor({ kind: 'nonParametric', distribution: [0, 0.5, 0.5] }, 4)).toEqual([0, 0.5, 0.5, 0, 0]);
    expect(serialIntervalFor({ kind: 'nonParametric', distribution: [0, 0.25, 0.25, 0.25, 0.25] }, 2)).toHaveLength(5);
    expect(serialIntervalFor({ kind: 'parametric', mean: 2.6, sd: 1.5 }, 4)).toHaveLength(5);
  });

  it('checks a given distribution as EpiEstim (w_0 = 0, no negative, sum 1 ± 0.01)', () => {
    expect(() => checkDistribution([])).toThrow(/empty/);
    expect(() => checkDistribution([0, Number.NaN])).toThrow(/value 2 \("NaN"\) is not a number/);
    expect(() => checkDistribution([0, 1.02])).toThrow(/sums to 1\.02/);
    expect(() => checkDistribution([0, 1.009])).not.toThrow();
    expect(() => checkDistribution([0, 0.991])).not.toThrow();
  });
});
