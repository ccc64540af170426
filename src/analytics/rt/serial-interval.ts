/**
 * The serial interval (序列间隔) as the discrete distribution w_0, w_1, … that weighs past cases in
 * the total infectiousness: either given as it is (EpiEstim's "non_parametric_si") or derived from a
 * mean and standard deviation (its "parametric_si", discr_si). Pure: no I/O.
 */
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import { RtInputError } from './input-error.ts';

/** How the serial interval is given. */
export type SerialIntervalSpec =
  | { kind: 'parametric'; mean: number; sd: number }
  | { kind: 'nonParametric'; distribution: readonly number[] };

/** EpiEstim's tolerance on the sum of a given distribution (check_si_distr: |sum − 1| ≤ 0.01). */
export const SUM_TOLERANCE = 0.01;

/** Gamma CDF by shape and SCALE (as R's pgamma); stdlib's takes the rate, 1 / scale. */
function gammaCdfByScale(x: number, shape: number, scale: number): number {
  return gammaCdf(x, shape, 1 / scale);
}

/**
 * EpiEstim's discr_si: the probability that the serial interval is k days, for a gamma distribution
 * with the given mean and sd shifted by one day (the serial interval is at least one day), discretised
 * by the closed formula of Cori et al. 2013 (web appendix 11), negatives clamped to 0. k ≥ 0.
 */
export function discrSi(k: readonly number[], mean: number, sd: number): number[] {
  checkParametric(mean, sd);
  const shape = ((mean - 1) / sd) ** 2;
  const scale = sd ** 2 / (mean - 1);
  return k.map((day) => {
    if (!Number.isFinite(day) || day < 0) throw new RtInputError(`serial interval day ${day} must be ≥ 0`);
    const cdf = (x: number, a: number) => gammaCdfByScale(x, a, scale);
    const w = day * cdf(day, shape) + (day - 2) * cdf(day - 2, shape) - 2 * (day - 1) * cdf(day - 1, shape)
      + shape * scale * (2 * cdf(day - 1, shape + 1) - cdf(day - 2, shape + 1) - cdf(day, shape + 1));
    return Math.max(0, w);
  });
}

/** EpiEstim's check_config for "parametric_si": mean > 1 (the shift of one day), sd > 0. */
export function checkParametric(mean: number, sd: number): void {
  if (!Number.isFinite(mean) || mean <= 1) {
    throw new RtInputError(`serial interval mean must be a number > 1 (day), got ${mean}: the parametric serial interval is a gamma distribution shifted by one day`);
  }
  if (!Number.isFinite(sd) || sd <= 0) throw new RtInputError(`serial interval sd must be a number > 0, got ${sd}`);
}

/**
 * EpiEstim's check_si_distr: w_0 (a serial interval of 0 days) must be 0, no probability negative, and
 * the probabilities must sum to 1 within 0.01.
 */
export function checkDistribution(distribution: readonly number[]): void {
  if (distribution.length === 0) throw new RtInputError('serial interval distribution is empty');
  distribution.forEach((w, k) => {
    if (!Number.isFinite(w)) throw new RtInputError(`serial interval distribution: value ${k + 1} ("${w}") is not a number`);
  });
  if (distribution[0] !== 0) {
    throw new RtInputError(`serial interval distribution must start with 0 (the probability of a serial interval of 0 days), got ${distribution[0]}`);
  }
  const negative = distribution.findIndex((w) => w < 0);
  if (negative >= 0) throw new RtInputError(`serial interval distribution must not be negative: w_${negative} = ${distribution[negative]}`);
  const sum = distribution.reduce((total, w) => total + w, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new RtInputError(`serial interval distribution must sum to 1 (within ${SUM_TOLERANCE}), sums to ${sum}`);
  }
}

/**
 * The distribution the estimate uses for T days of incidence, as EpiEstim builds it: discr_si on days
 * 0…T−1 (parametric) or the given one, then padded with zeros to T + 1 values (w_0…w_T); a given one
 * longer than that is kept whole.
 */
export function serialIntervalFor(spec: SerialIntervalSpec, days: number): number[] {
  let w: number[];
  if (spec.kind === 'parametric') {
    w = discrSi(Array.from({ length: days }, (_, k) => k), spec.mean, spec.sd);
  } else {
    checkDistribution(spec.distribution);
    w = [...spec.distribution];
  }
  while (w.length < days + 1) w.push(0);
  return w;
}

/** The mean of a discrete distribution w_0, w_1, …: Σ k·w_k (not renormalised, as EpiEstim). */
export function serialIntervalMean(w: readonly number[]): number {
  return w.reduce((total, wk, k) => total + k * wk, 0);
}
