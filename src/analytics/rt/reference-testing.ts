/**
 * For the Rt tests: the EpiEstim reference (data/epiestim/flu2009.md, a copy of the team's
 * ../shared/data/epiestim-flu2009.md kept in the repository so a clone alone runs the tests; read
 * at test time) and a comparison to a number of significant digits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REFERENCE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/epiestim/flu2009.md');

export interface ReferenceRow { kind: 'nonparametric' | 'parametric'; tStart: number; tEnd: number; mean: number; sd: number; q025: number; median: number; q975: number }

export interface Flu2009Reference {
  incidence: number[];
  firstDate: string;
  lastDate: string;
  siDistr: number[];
  parametricSi: number[];
  rows: ReferenceRow[];
}

const numbers = (text: string) => text.split(',').map((cell) => Number(cell.trim()));

export function readFlu2009Reference(): Flu2009Reference {
  const text = readFileSync(REFERENCE_PATH, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:(.*)$`, 'm').exec(text);
    if (!match) throw new Error(`${REFERENCE_PATH}: no "${name}:" line`);
    return match[1]!.trim();
  };
  const [firstDate, lastDate] = field('dates').split(/\s+to\s+/) as [string, string];
  const rows = text.split('\n').filter((line) => /^\|\s*(nonparametric|parametric)\s*\|/.test(line)).map((line): ReferenceRow => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const [tStart, tEnd, mean, sd, q025, median, q975] = cells.slice(1).map(Number) as [number, number, number, number, number, number, number];
    return { kind: cells[0] as ReferenceRow['kind'], tStart, tEnd, mean, sd, q025, median, q975 };
  });
  return {
    incidence: numbers(field('incidence')),
    firstDate,
    lastDate,
    siDistr: numbers(field('si_distr')),
    parametricSi: numbers(field('parametric discretised si')),
    rows,
  };
}

/**
 * `actual` agrees with `expected` to `digits` significant digits: relative error < 5·10^−digits, or
 * the difference within half a unit in the last of those digits.
 */
export function agreesTo(actual: number, expected: number, digits: number): boolean {
  const diff = Math.abs(actual - expected);
  if (expected === 0) return diff === 0;
  const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(expected))) - (digits - 1));
  return diff / Math.abs(expected) < 5 * 10 ** -digits || diff <= halfUnit;
}

export function expectSignificant(actual: number, expected: number, digits: number, label: string): void {
  expect(agreesTo(actual, expected, digits), `${label}: ${actual} vs ${expected} (${digits} significant digits)`).toBe(true);
}
