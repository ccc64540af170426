/**
 * estimateRt against EpiEstim: Flu2009 (both tables of data/epiestim/flu2009.md, a copy of shared/data/epiestim-flu2009.md, read at test
 * time), the imported-cases example of EpiEstim's own test suite, and the edge cases EpiEstim decides
 * (windows before the mean serial interval, windows without total infectiousness, day 1 imported).
 */
import { describe, expect, it } from 'vitest';
import { estimateRt, slidingWindows, splitFirstDay, totalInfectiousness, type RtInput, type RtRow } from './epiestim.ts';
import { expectSignificant, readFlu2009Reference, type ReferenceRow } from './reference-testing.ts';

const reference = readFlu2009Reference();
const FLU_WINDOWS = Array.from({ length: 25 }, (_, i) => ({ tStart: i + 2, tEnd: i + 8 }));
const COLUMNS = ['mean', 'sd', 'q025', 'median', 'q975'] as const;

function expectRows(actual: RtRow[], expected: Omit<ReferenceRow, 'kind'>[], digits: number, label: string): void {
  expect(actual.map((r) => [r.tStart, r.tEnd])).toEqual(expected.map((r) => [r.tStart, r.tEnd]));
  expected.forEach((row, i) => {
    for (const column of COLUMNS) expectSignificant(actual[i]![column], row[column], digits, `${label} ${row.tStart}–${row.tEnd} ${column}`);
  });
}

describe('estimateRt on Flu2009 (EpiEstim 2.2-4)', () => {
  it('reads the reference: 32 days, 25 windows of each kind', () => {
    expect(reference.incidence).toHaveLength(32);
    expect(reference.rows.filter((r) => r.kind === 'nonparametric')).toHaveLength(25);
    expect(reference.rows.filter((r) => r.kind === 'parametric')).toHaveLength(25);
  });

  it('matches every nonparametric row to 6 significant digits', () => {
    const result = estimateRt({ local: reference.incidence, serialInterval: { kind: 'nonParametric', distribution: reference.siDistr }, windows: FLU_WINDOWS });
    expectRows(result.rows, reference.rows.filter((r) => r.kind === 'nonparametric'), 6, 'nonparametric');
    expect(result.serialIntervalMean).toBeCloseTo(2.596, 12);
    expect(result.serialInterval).toHaveLength(33);
    expect(result.warnings).toEqual([]);
  });

  it('matches every parametric row to 6 significant digits (mean 2.6, sd 1.5)', () => {
    const result = estimateRt({ local: reference.incidence, serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 }, windows: FLU_WINDOWS });
    expectRows(result.rows, reference.rows.filter((r) => r.kind === 'parametric'), 6, 'parametric');
  });

  it('uses discr_si on days 0…T−1, padded with one 0, as listed', () => {
    const { serialInterval } = estimateRt({ local: reference.incidence, serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 } });
    expect(serialInterval).toHaveLength(33);
    expect(serialInterval[32]).toBe(0);
    reference.parametricSi.forEach((w, k) => expect(Math.abs(serialInterval[k]! - w), `w_${k}`).toBeLessThanOrEqual(5e-8));
  });

  it('defaults to weekly sliding windows 2–8 … 26–32, the reference windows', () => {
    const spec = { kind: 'nonParametric', distribution: reference.siDistr } as const;
    expect(estimateRt({ local: reference.incidence, serialInterval: spec }).rows).toEqual(estimateRt({ local: reference.incidence, serialInterval: spec, windows: FLU_WINDOWS }).rows);
    expect(slidingWindows(32, 7)).toEqual(FLU_WINDOWS);
    expect(slidingWindows(32, 14)[0]).toEqual({ tStart: 2, tEnd: 15 });
    expect(slidingWindows(32, 14).at(-1)).toEqual({ tStart: 19, tEnd: 32 });
  });
});

describe('imported cases (EpiEstim test suite, Example 2: parametric 2.6 / 1.5, windows 2–8 … 21–27)', () => {
  const local = [0, 2, 0, 0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const imported = [1, 1, 1, 1, 2, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  // mean, sd, q0.025, median, q0.975 as EpiEstim prints them (tests/testthat/_snaps/estimate_R.md)
  const expected = [
    [0.6413590, 0.2424109, 0.257859602, 0.6110903, 1.1965445], [0.3999222, 0.1788506, 0.129853640, 0.3736000, 0.8191677],
    [0.3956574, 0.1769434, 0.128468883, 0.3696159, 0.8104321], [0.4170468, 0.1865090, 0.135413957, 0.3895975, 0.8542443],
    [0.3515432, 0.1757716, 0.095783678, 0.3227220, 0.7705187], [0.1976371, 0.1397505, 0.023934764, 0.1658518, 0.5505816],
    [0.2561099, 0.1810970, 0.031016091, 0.2149206, 0.7134764], [0.1854957, 0.1854957, 0.004696345, 0.1285758, 0.6842713],
    [0.2764736, 0.2764736, 0.006999704, 0.1916369, 1.0198776], [0.4085199, 0.4085199, 0.010342829, 0.2831644, 1.5069808],
    [0.6246688, 0.6246688, 0.015815245, 0.4329874, 2.3043280], [1.0775772, 1.0775772, 0.027281893, 0.7469196, 3.9750525],
    [1.7523399, 1.7523399, 0.044365405, 1.2146295, 6.4641707], [2.5831197, 2.5831197, 0.065398929, 1.7904822, 9.5288173],
    [3.4013907, 3.4013907, 0.086115755, 2.3576643, 12.5473201], [4.0476611, 4.0476611, 0.102477905, 2.8056248, 14.9313337],
    [4.4742953, 4.4742953, 0.113279349, 3.1013452, 16.5051359], [4.7233814, 4.7233814, 0.119585664, 3.2739985, 17.4239846],
    [4.8583931, 4.8583931, 0.123003865, 3.3675815, 17.9220266], [9.8571825, 6.9700806, 1.193750537, 8.2718863, 27.4603530],
  ].map(([mean, sd, q025, median, q975], i) => ({ tStart: i + 2, tEnd: i + 8, mean: mean!, sd: sd!, q025: q025!, median: median!, q975: q975! }));

  it('counts imported cases in Λ but not in the numerator, to 6 significant digits', () => {
    const result = estimateRt({ local, imported, serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 } });
    expectRows(result.rows, expected, 6, 'imported');
    // EpiEstim's si_distr for T = 27, w_12 and w_26 printed to 7 digits; w_27 the padding
    expectSignificant(result.serialInterval[12]!, 4.203313e-04, 7, 'w_12');
    expectSignificant(result.serialInterval[26]!, 2.235952e-08, 7, 'w_26');
    expect(result.serialInterval[27]).toBe(0);
    expectSignificant(result.serialIntervalMean, 2.599999, 7, 'mean SI');
  });

  it('takes day 1 cases as imported, whichever series they are in', () => {
    expect(splitFirstDay([3, 1], [2, 4])).toEqual({ local: [0, 1], imported: [5, 4] });
    const moved = estimateRt({ local: [1, ...local.slice(1)], imported: [0, ...imported.slice(1)], serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 } });
    expect(moved.rows).toEqual(estimateRt({ local, imported, serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 } }).rows);
  });
});

describe('total infectiousness Λ', () => {
  it('is Σ_{s≥1} w_s (local + imported)_{t−s}, undefined on day 1', () => {
    const lambda = totalInfectiousness([0, 2, 3], [1, 0, 1], [0, 0.5, 0.5]);
    expect(lambda[0]).toBeNaN();
    expect(lambda.slice(1)).toEqual([0.5, 0.5 * 2 + 0.5 * 1]);
  });
});

describe('windows EpiEstim gives no estimate or only the prior', () => {
  const np = (distribution: number[]) => ({ kind: 'nonParametric', distribution }) as const;
  const flu = (extra: Partial<RtInput> = {}) => estimateRt({ local: reference.incidence, serialInterval: { kind: 'nonParametric', distribution: reference.siDistr }, ...extra });

  it('drops windows ending on or before the mean serial interval (t_end ≤ 2.596 here)', () => {
    const daily = flu({ windowDays: 1 });
    expect(daily.rows[0]).toMatchObject({ tStart: 3, tEnd: 3 });
    expect(daily.rows).toHaveLength(30);
    expect(daily.warnings.join('\n')).toMatch(/on or before the mean serial interval \(2\.596 days\): 2–2/);
    const explicit = flu({ windows: [{ tStart: 2, tEnd: 2 }, { tStart: 2, tEnd: 3 }] });
    expect(explicit.rows.map((r) => [r.tStart, r.tEnd])).toEqual([[2, 3]]);
  });

  it('drops the windows before a long serial interval, and all when none reaches past it', () => {
    const long = flu({ serialInterval: { kind: 'parametric', mean: 9.5, sd: 2 } });
    expect(long.serialIntervalMean).toBeCloseTo(9.5, 6);
    expect(long.rows[0]).toMatchObject({ tStart: 4, tEnd: 10 });
    expect(long.warnings.join('\n')).toMatch(/\(9\.500 days\): 2–8, 3–9$/m);
    const tenDays = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]; // all mass on 10 days, longer than the 9 days of incidence: kept whole
    const none = flu({ local: reference.incidence.slice(0, 9), serialInterval: np(tenDays) });
    expect(none.serialInterval).toHaveLength(11);
    expect(none.rows).toEqual([]);
    expect(none.warnings.join('\n')).toMatch(/\(10\.00 days\): 2–8, 3–9/);
  });

  it('takes the mean of discr_si truncated at T − 1 days, as EpiEstim, so a short series keeps its windows', () => {
    const short = flu({ local: reference.incidence.slice(0, 9), serialInterval: { kind: 'parametric', mean: 10, sd: 2 } });
    expect(short.serialIntervalMean).toBeLessThan(2);
    expect(short.rows.map((r) => r.tStart)).toEqual([2, 3]);
  });

  it('returns the prior updated by local cases alone where Λ sums to 0 (no earlier cases)', () => {
    const local = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, 8, 9, 7, 5, 4, 3];
    const result = estimateRt({ local, serialInterval: { kind: 'nonParametric', distribution: reference.siDistr } });
    const [first] = result.rows;
    // shape 1, scale 5: the exponential prior, mean 5, sd 5
    expect(first).toMatchObject({ tStart: 2, tEnd: 8, shape: 1, scale: 5, mean: 5, sd: 5, totalInfectiousness: 0 });
    expect(first!.q025).toBeCloseTo(-5 * Math.log(0.975), 12);
    expect(first!.median).toBeCloseTo(5 * Math.log(2), 12);
    expect(first!.q975).toBeCloseTo(-5 * Math.log(0.025), 12);
    // window 5–11 ends on the first 4 cases, with nobody before them: shape 1 + 4, scale 5
    expect(result.rows.find((r) => r.tStart === 5)).toMatchObject({ shape: 5, scale: 5, mean: 25 });
    expect(result.rows.find((r) => r.tStart === 6)!.totalInfectiousness).toBeGreaterThan(0);
    expect(result.warnings.join('\n')).toMatch(/windows 2–8, 3–9, 4–10, 5–11 \(total infectiousness 0\)/);
    expect(result.warnings.join('\n')).toMatch(/too early in the epidemic/);
  });
});

describe('input errors', () => {
  const local = reference.incidence;
  const np = (distribution: number[]) => ({ kind: 'nonParametric', distribution }) as const;
  it.each([
    ['SI mean ≤ 1', { local, serialInterval: { kind: 'parametric', mean: 1, sd: 0.5 } }, /mean must be a number > 1/],
    ['SI sd ≤ 0', { local, serialInterval: { kind: 'parametric', mean: 2.6, sd: 0 } }, /sd must be a number > 0/],
    ['w_0 ≠ 0', { local, serialInterval: np([0.1, 0.9]) }, /must start with 0/],
    ['negative w', { local, serialInterval: np([0, 1.2, -0.2]) }, /must not be negative: w_2/],
    ['sum ≠ 1', { local, serialInterval: np([0, 0.5, 0.48]) }, /must sum to 1 \(within 0\.01\), sums to 0\.98/],
    ['window too long', { local: local.slice(0, 7), serialInterval: np([0, 1]) }, /needs at least 8 days/],
    ['window 0', { local, serialInterval: np([0, 1]), windowDays: 0 }, /whole number of days ≥ 1/],
    ['window from day 1', { local, serialInterval: np([0, 1]), windows: [{ tStart: 1, tEnd: 7 }] }, /between 2 and 32/],
    ['fractional cases', { local: [1, 2.5, 3], serialInterval: np([0, 1]), windowDays: 1 }, /day 2 must be a whole number/],
    ['imported length', { local, imported: [1], serialInterval: np([0, 1]) }, /imported cases cover 1 days/],
    ['prior sd', { local, serialInterval: np([0, 1]), prior: { mean: 5, sd: 0 } }, /prior sd must be > 0/],
  ] as const)('rejects %s', (_name, input, message) => {
    expect(() => estimateRt(input as RtInput)).toThrow(message);
  });

  it('accepts a distribution off 1 by at most 0.01, as EpiEstim', () => {
    expect(() => estimateRt({ local, serialInterval: np([0, 0.5, 0.491]) })).not.toThrow();
  });
});
