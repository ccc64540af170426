/** `fangyi rt`: the command's function, and the real binary on a CSV of Flu2009 (data/epiestim/flu2009.md, a copy of shared/data/epiestim-flu2009.md). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFangyi } from '../../../test/support/cli.ts';
import { estimateRt } from '../../analytics/rt/epiestim.ts';
import { expectSignificant, readFlu2009Reference } from '../../analytics/rt/reference-testing.ts';
import { RT_CSV_HEADER, runRt } from './rt.ts';

const reference = readFlu2009Reference();
const dir = mkdtempSync(path.join(tmpdir(), 'fangyi-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const dateOf = (i: number) => new Date(Date.UTC(2009, 3, 27 + i)).toISOString().slice(0, 10);
const fluCsv = `date,cases\n${reference.incidence.map((n, i) => `${dateOf(i)},${n}`).join('\n')}\n`;
const flu = writeCsv('flu2009.csv', fluCsv);
const siDistr = reference.siDistr.join(',');

const parseCsv = (text: string) => text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));

describe('fangyi rt', () => {
  it('builds the Flu2009 CSV from the reference dates', () => {
    expect(dateOf(0)).toBe(reference.firstDate);
    expect(dateOf(reference.incidence.length - 1)).toBe(reference.lastDate);
  });

  it('prints the estimate as CSV with 7 significant digits', () => {
    const { csv, warnings } = runRt({ incidence: flu, siDistr });
    expect(warnings).toEqual([]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(RT_CSV_HEADER);
    expect(lines[1]).toBe('2,8,1.735609,0.4090869,1.028632,1.703576,2.624496');
    expect(lines).toHaveLength(26);
  });

  it('takes imported cases by date, days it leaves out counting 0', () => {
    const local = writeCsv('local.csv', 'day,cases\n1,0\n2,2\n3,0\n4,1\n5,3\n6,0\n7,2\n8,1\n9,0\n');
    const imported = writeCsv('imported.csv', 'day,cases\n1,1\n2,1\n3,2\n');
    const { csv } = runRt({ incidence: local, imported, siMean: '2.6', siSd: '1.5', window: '3' });
    const expected = estimateRt({ local: [0, 2, 0, 1, 3, 0, 2, 1, 0], imported: [1, 1, 2, 0, 0, 0, 0, 0, 0], serialInterval: { kind: 'parametric', mean: 2.6, sd: 1.5 }, windowDays: 3 });
    expect(parseCsv(csv).map((row) => row.slice(0, 2))).toEqual(expected.rows.map((r) => [r.tStart, r.tEnd]));
    parseCsv(csv).forEach((row, i) => expectSignificant(row[2]!, expected.rows[i]!.mean, 7, `mean ${i}`));
  });

  it.each([
    [{ siMean: '2.6' }, /--si-mean and --si-sd go together/],
    [{ siMean: '2.6', siSd: '1.5', siDistr }, /not both/],
    [{}, /give the serial interval/],
    [{ siDistr: '0,0.5,x' }, /--si-distr value 3 must be a number, got "x"/],
    [{ siDistr, window: '2.5' }, /--window must be a whole number/],
    [{ siDistr, window: '40' }, /a window of 40 days needs at least 41 days/],
    [{ siDistr, priorMean: '-1' }, /prior mean must be > 0/],
  ])('rejects bad options %#', (options, message) => {
    expect(() => runRt({ incidence: flu, ...options })).toThrow(message);
  });

  it('rejects imported cases outside the incidence, or named by another column', () => {
    const late = writeCsv('late.csv', `date,cases\n${dateOf(40)},1\n`);
    expect(() => runRt({ incidence: flu, imported: late, siDistr })).toThrow(/outside the incidence's 2009-04-27 to 2009-05-28/);
    const byDay = writeCsv('by-day.csv', 'day,cases\n1,1\n');
    expect(() => runRt({ incidence: flu, imported: byDay, siDistr })).toThrow(/named by day but the incidence's by date/);
  });

  it('runs as the real binary: Flu2009 both ways, and exits 1 on bad input', async () => {
    const nonParametric = await runFangyi(['rt', '--incidence', flu, '--si-distr', siDistr], {});
    expect(nonParametric.stderr).toBe('');
    expect(nonParametric.code).toBe(0);
    const parametric = await runFangyi(['rt', '--incidence', flu, '--si-mean', '2.6', '--si-sd', '1.5', '--window', '7'], {});
    expect(parametric.code).toBe(0);
    for (const [run, kind] of [[nonParametric, 'nonparametric'], [parametric, 'parametric']] as const) {
      expect(run.stdout.split('\n')[0]).toBe(RT_CSV_HEADER);
      const rows = parseCsv(run.stdout);
      const expected = reference.rows.filter((r) => r.kind === kind);
      expect(rows.map((row) => row.slice(0, 2))).toEqual(expected.map((r) => [r.tStart, r.tEnd]));
      rows.forEach((row, i) => {
        const { mean, sd, q025, median, q975 } = expected[i]!;
        [mean, sd, q025, median, q975].forEach((value, j) => expectSignificant(row[j + 2]!, value, 6, `${kind} ${expected[i]!.tStart}–${expected[i]!.tEnd} column ${j + 3}`));
      });
    }

    const badSi = await runFangyi(['rt', '--incidence', flu, '--si-mean', '0.9', '--si-sd', '1'], {});
    expect(badSi.code).toBe(1);
    expect(badSi.stdout).toBe('');
    expect(badSi.stderr).toMatch(/^fangyi: serial interval mean must be a number > 1/);

    const gap = writeCsv('gap.csv', fluCsv.replace(/^2009-05-03,3\n/m, ''));
    const missingDay = await runFangyi(['rt', '--incidence', gap, '--si-distr', siDistr], {});
    expect(missingDay.code).toBe(1);
    expect(missingDay.stderr).toMatch(/gap\.csv line 8: date 2009-05-04 follows 2009-05-02: 1 day\(s\) missing/);
  }, 60_000);
});
