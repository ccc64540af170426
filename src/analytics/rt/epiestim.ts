/**
 * The effective reproduction number Rt (有效再生数) by the method of Cori et al. (2013), computed as
 * the R package EpiEstim's estimate_R does it for a known serial interval ("non_parametric_si" and
 * "parametric_si"). Pure: no I/O.
 *
 * For each window t_start…t_end (1-based days, inclusive) the posterior of R is a gamma distribution
 * with shape = prior shape + Σ local cases, scale = 1 / (1 / prior scale + Σ Λ_t), where the total
 * infectiousness Λ_t = Σ_{s=1}^{t−1} w_s (local_{t−s} + imported_{t−s}). All cases of day 1 are
 * imported. Windows ending on or before the mean serial interval give no estimate (EpiEstim drops
 * them); a window whose Σ Λ_t is 0 gets the prior updated by its local cases alone, as in EpiEstim.
 */
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { RtInputError } from './input-error.ts';
import { serialIntervalFor, serialIntervalMean, type SerialIntervalSpec } from './serial-interval.ts';

export interface RtWindow { tStart: number; tEnd: number }

export interface RtInput {
  /** Locally acquired cases per day, day 1 first (consecutive days). */
  local: readonly number[];
  /** Imported cases per day, aligned with `local` (default none). */
  imported?: readonly number[];
  serialInterval: SerialIntervalSpec;
  /** Length of the weekly-style sliding windows: t_start = 2…T−N+1, t_end = t_start+N−1 (default 7). */
  windowDays?: number;
  /** Explicit windows instead (EpiEstim's config t_start / t_end). */
  windows?: readonly RtWindow[];
  /** Gamma prior of R by mean and sd (default mean 5, sd 5: shape 1, scale 5). */
  prior?: { mean: number; sd: number };
}

export interface RtRow extends RtWindow {
  mean: number;
  sd: number;
  q025: number;
  median: number;
  q975: number;
  /** The posterior gamma distribution (shape, scale). */
  shape: number;
  scale: number;
  /** Σ Λ_t over the window. */
  totalInfectiousness: number;
}

export interface RtEstimate {
  rows: RtRow[];
  /** w_0…w_T as used (EpiEstim's si_distr), and its mean. */
  serialInterval: number[];
  serialIntervalMean: number;
  /** Things a reader of the numbers should know (a window too early, a window without Λ). */
  warnings: string[];
}

export const DEFAULT_WINDOW_DAYS = 7;
export const DEFAULT_PRIOR = { mean: 5, sd: 5 } as const;
/** EpiEstim's default aimed posterior coefficient of variation (config$cv_posterior), for its warning. */
const CV_POSTERIOR = 0.3;

/** Gamma quantile by shape and SCALE (as R's qgamma); stdlib's takes the rate, 1 / scale. */
function quantileByScale(p: number, shape: number, scale: number): number {
  return gammaQuantile(p, shape, 1 / scale);
}

function checkCounts(counts: readonly number[], what: string): void {
  counts.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 0) throw new RtInputError(`${what} on day ${i + 1} must be a whole number ≥ 0, got ${n}`);
  });
}

/** Local and imported series as EpiEstim's process_I leaves them: day 1's local cases move to imported. */
export function splitFirstDay(local: readonly number[], imported?: readonly number[]): { local: number[]; imported: number[] } {
  checkCounts(local, 'local cases');
  const imp = imported ? [...imported] : local.map(() => 0);
  if (imp.length !== local.length) {
    throw new RtInputError(`imported cases cover ${imp.length} days but incidence ${local.length} days`);
  }
  checkCounts(imp, 'imported cases');
  const loc = [...local];
  if (loc.length > 0) {
    imp[0] = imp[0]! + loc[0]!;
    loc[0] = 0;
  }
  return { local: loc, imported: imp };
}

/**
 * Λ_t for t = 1…T (index t−1): Σ_{s=1}^{t−1} w_s (local_{t−s} + imported_{t−s}). Λ_1 is undefined
 * (NaN). w must start with w_0 = 0 and may be shorter than T (missing w_s count 0).
 */
export function totalInfectiousness(local: readonly number[], imported: readonly number[], w: readonly number[]): number[] {
  const lambda: number[] = [Number.NaN];
  for (let t = 2; t <= local.length; t += 1) {
    let sum = 0;
    for (let s = 1; s <= t - 1 && s < w.length; s += 1) sum += w[s]! * (local[t - s - 1]! + imported[t - s - 1]!);
    lambda.push(sum);
  }
  return lambda;
}

/** Sliding windows of N days: t_start = 2…T−N+1, t_end = t_start + N − 1 (EpiEstim's default for N = 7). */
export function slidingWindows(days: number, windowDays: number): RtWindow[] {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RtInputError(`window must be a whole number of days ≥ 1, got ${windowDays}`);
  if (days < windowDays + 1) {
    throw new RtInputError(`a window of ${windowDays} days needs at least ${windowDays + 1} days of incidence (day 1 only seeds), got ${days}`);
  }
  return Array.from({ length: days - windowDays }, (_, i) => ({ tStart: i + 2, tEnd: i + 1 + windowDays }));
}

/** EpiEstim's check_times: whole days, 2 ≤ t_start ≤ t_end ≤ T. */
function checkWindows(windows: readonly RtWindow[], days: number): void {
  if (windows.length === 0) throw new RtInputError('no window to estimate R on');
  for (const { tStart, tEnd } of windows) {
    if (!Number.isInteger(tStart) || !Number.isInteger(tEnd)) throw new RtInputError(`window ${tStart}–${tEnd}: days must be whole numbers`);
    if (tStart > tEnd) throw new RtInputError(`window ${tStart}–${tEnd}: t_start must be ≤ t_end`);
    if (tStart < 2 || tEnd > days) throw new RtInputError(`window ${tStart}–${tEnd}: days must lie between 2 and ${days} (day 1 only seeds)`);
  }
}

function checkPrior(prior: { mean: number; sd: number }): void {
  if (!Number.isFinite(prior.mean) || prior.mean <= 0) throw new RtInputError(`prior mean must be > 0, got ${prior.mean}`);
  if (!Number.isFinite(prior.sd) || prior.sd <= 0) throw new RtInputError(`prior sd must be > 0, got ${prior.sd}`);
}

const sumOver = (values: readonly number[], { tStart, tEnd }: RtWindow) => {
  let sum = 0;
  for (let t = tStart; t <= tEnd; t += 1) sum += values[t - 1]!;
  return sum;
};

const listDays = (windows: readonly RtWindow[]) => windows.map((w) => `${w.tStart}–${w.tEnd}`).join(', ');

export function estimateRt(input: RtInput): RtEstimate {
  const { local, imported } = splitFirstDay(input.local, input.imported);
  const days = local.length;
  if (days < 2) throw new RtInputError(`incidence must cover at least 2 days, got ${days}`);
  const prior = input.prior ?? DEFAULT_PRIOR;
  checkPrior(prior);
  const windows = input.windows ?? slidingWindows(days, input.windowDays ?? DEFAULT_WINDOW_DAYS);
  checkWindows(windows, days);

  const w = serialIntervalFor(input.serialInterval, days);
  const siMean = serialIntervalMean(w);
  const lambda = totalInfectiousness(local, imported, w);
  const priorShape = (prior.mean / prior.sd) ** 2;
  const priorScale = prior.sd ** 2 / prior.mean;

  const warnings: string[] = [];
  const needed = Math.ceil(1 / CV_POSTERIOR ** 2 - priorShape);
  const firstCases = sumOver(local, windows[0]!) + sumOver(imported, windows[0]!);
  if (firstCases < needed) {
    warnings.push(`the first window (days ${listDays([windows[0]!])}) has ${firstCases} case${firstCases === 1 ? '' : 's'}, fewer than the ${needed} that give a posterior coefficient of variation of ${CV_POSTERIOR}: R is estimated too early in the epidemic`);
  }
  const tooEarly = windows.filter((win) => !(win.tEnd > siMean));
  if (tooEarly.length > 0) {
    warnings.push(`no estimate for windows ending on or before the mean serial interval (${siMean.toPrecision(4)} days): ${listDays(tooEarly)}`);
  }

  const rows: RtRow[] = [];
  const withoutLambda: RtWindow[] = [];
  for (const win of windows) {
    if (!(win.tEnd > siMean)) continue;
    const lambdaSum = sumOver(lambda, win);
    if (lambdaSum === 0) withoutLambda.push(win);
    const shape = priorShape + sumOver(local, win);
    const scale = 1 / (1 / priorScale + lambdaSum);
    rows.push({
      ...win,
      mean: shape * scale,
      sd: Math.sqrt(shape) * scale,
      q025: quantileByScale(0.025, shape, scale),
      median: quantileByScale(0.5, shape, scale),
      q975: quantileByScale(0.975, shape, scale),
      shape,
      scale,
      totalInfectiousness: lambdaSum,
    });
  }
  if (withoutLambda.length > 0) {
    warnings.push(`no earlier cases to infect those of windows ${listDays(withoutLambda)} (total infectiousness 0): their estimate is the prior updated by their local cases only`);
  }
  return { rows, serialInterval: w, serialIntervalMean: siMean, warnings };
}
