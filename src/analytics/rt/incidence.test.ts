/** Incidence CSV: by date or by day, consecutive days only, imported cases aligned by date or day. */
import { describe, expect, it } from 'vitest';
import { alignImported, parseIncidenceCsv } from './incidence.ts';

describe('parseIncidenceCsv', () => {
  it('reads rows by date, with a BOM, CRLF, quotes, blank lines and extra columns', () => {
    const text = '\uFEFFregion,"date",cases\r\nx,2020-02-28,1\r\n\r\nx,2020-02-29,0\r\nx,"2020-03-01", 4 \r\n';
    expect(parseIncidenceCsv(text)).toEqual({ key: 'date', days: ['2020-02-28', '2020-02-29', '2020-03-01'], cases: [1, 0, 4], first: 18320 });
  });

  it('reads rows by day number, from day 1', () => {
    expect(parseIncidenceCsv('cases,day\n3,1\n0,2\n').cases).toEqual([3, 0]);
    expect(() => parseIncidenceCsv('day,cases\n2,3\n')).toThrow(/days are numbered from 1, the first row is day 2/);
    expect(parseIncidenceCsv('day,cases\n2,3\n', 'imported', { anyFirstDay: true }).first).toBe(2);
  });

  it.each([
    ['', /empty file/],
    ['date,count\n2020-01-01,1\n', /must name a "cases" column and one of "date" or "day"/],
    ['date,day,cases\n2020-01-01,1,1\n', /one of "date" or "day"/],
    ['date,cases\n', /no rows after the header/],
    ['date,cases\n2020-02-30,1\n', /line 2: date "2020-02-30" is not a date YYYY-MM-DD/],
    ['date,cases\n2020/01/01,1\n', /is not a date YYYY-MM-DD/],
    ['day,cases\n1,1\nx,2\n', /line 3: day "x" is not a day number/],
    ['date,cases\n2020-01-01,-1\n', /cases "-1" is not a whole number ≥ 0/],
    ['date,cases\n2020-01-01,1.5\n', /cases "1.5" is not a whole number/],
    ['date,cases\n2020-01-01\n', /cases "" is not a whole number/],
    ['date,cases\n2020-01-01,1\n2020-01-04,2\n', /line 3: date 2020-01-04 follows 2020-01-01: 2 day\(s\) missing; days must be consecutive \(write a row with 0 cases/],
    ['date,cases\n2020-01-02,1\n2020-01-01,2\n', /ascending order, each once/],
    ['day,cases\n1,1\n1,2\n', /day 1 follows 1: days must be in ascending order, each once/],
  ])('rejects %j', (text, message) => {
    expect(() => parseIncidenceCsv(text, 'cases.csv')).toThrow(message);
  });
});

describe('alignImported', () => {
  const incidence = parseIncidenceCsv('date,cases\n2020-01-30,1\n2020-01-31,2\n2020-02-01,3\n2020-02-02,4\n');

  it('puts imported cases on their dates, 0 elsewhere', () => {
    expect(alignImported(incidence, parseIncidenceCsv('date,cases\n2020-01-31,5\n2020-02-01,6\n'))).toEqual([0, 5, 6, 0]);
  });

  it('rejects dates outside the incidence and a different day column', () => {
    expect(() => alignImported(incidence, parseIncidenceCsv('date,cases\n2020-02-02,1\n2020-02-03,1\n'), 'imp.csv'))
      .toThrow(/imp\.csv: covers 2020-02-02 to 2020-02-03, outside the incidence's 2020-01-30 to 2020-02-02/);
    expect(() => alignImported(incidence, parseIncidenceCsv('day,cases\n1,1\n'))).toThrow(/named by day but the incidence's by date/);
  });
});
