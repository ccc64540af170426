/**
 * Daily incidence from CSV text: a header with `cases` and either `date` (YYYY-MM-DD) or `day`
 * (1, 2, …), one row per day. Days must be consecutive and ascending: a missing day is an error, never
 * silently taken as 0 (a day without a report and a day without cases look alike; write a row with 0).
 * Other columns are ignored. Imported cases come in a second file of the same shape, aligned by
 * date or day. Pure: takes the text, no I/O.
 */
import { RtInputError } from './input-error.ts';

export interface IncidenceSeries {
  /** How the rows name their day. */
  key: 'date' | 'day';
  /** The day of each row: a date YYYY-MM-DD, or a day number. */
  days: string[];
  cases: number[];
  /** Ordinal of the first row: days since 1970-01-01 for dates, the day number for days. */
  first: number;
}

const MS_PER_DAY = 86_400_000;

function dateOrdinal(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

const cellsOf = (line: string) => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());

/**
 * Parses incidence CSV text; `source` names the file in error messages. Rows by day number must start
 * at day 1 unless `anyFirstDay` (an imported series may start later).
 */
export function parseIncidenceCsv(text: string, source = 'incidence', { anyFirstDay = false } = {}): IncidenceSeries {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length === 0) throw new RtInputError(`${source}: empty file; expected a header "date,cases" or "day,cases"`);
  const header = cellsOf(lines[0]!.line).map((name) => name.toLowerCase());
  const casesAt = header.indexOf('cases');
  const dateAt = header.indexOf('date');
  const dayAt = header.indexOf('day');
  if (casesAt < 0 || (dateAt < 0) === (dayAt < 0)) {
    throw new RtInputError(`${source}: the header must name a "cases" column and one of "date" or "day", got "${lines[0]!.line.trim()}"`);
  }
  const key = dateAt >= 0 ? 'date' : 'day';
  const keyAt = dateAt >= 0 ? dateAt : dayAt;
  if (lines.length === 1) throw new RtInputError(`${source}: no rows after the header`);

  const days: string[] = [];
  const cases: number[] = [];
  let first = 0;
  let previous: { ordinal: number; text: string } | undefined;
  for (const { line, number } of lines.slice(1)) {
    const where = `${source} line ${number}`;
    const cells = cellsOf(line);
    const dayText = cells[keyAt] ?? '';
    const casesText = cells[casesAt] ?? '';
    const ordinal = key === 'date' ? dateOrdinal(dayText) : /^\d+$/.test(dayText) ? Number(dayText) : undefined;
    if (ordinal === undefined || (key === 'day' && ordinal < 1)) {
      throw new RtInputError(key === 'date'
        ? `${where}: date "${dayText}" is not a date YYYY-MM-DD`
        : `${where}: day "${dayText}" is not a day number 1, 2, …`);
    }
    if (!/^\d+$/.test(casesText)) throw new RtInputError(`${where}: cases "${casesText}" is not a whole number ≥ 0`);
    if (previous === undefined) {
      if (key === 'day' && ordinal !== 1 && !anyFirstDay) throw new RtInputError(`${where}: days are numbered from 1, the first row is day ${dayText}`);
      first = ordinal;
    } else if (ordinal !== previous.ordinal + 1) {
      const problem = ordinal <= previous.ordinal ? 'days must be in ascending order, each once'
        : `${ordinal - previous.ordinal - 1} day(s) missing; days must be consecutive (write a row with 0 cases for a day without cases)`;
      throw new RtInputError(`${where}: ${key} ${dayText} follows ${previous.text}: ${problem}`);
    }
    previous = { ordinal, text: dayText };
    days.push(dayText);
    cases.push(Number(casesText));
  }
  return { key, days, cases, first };
}

/**
 * Imported cases per day of `incidence`: the imported series is aligned by date or day; days it does
 * not cover count 0 imported; an imported day outside the incidence is an error.
 */
export function alignImported(incidence: IncidenceSeries, imported: IncidenceSeries, source = 'imported'): number[] {
  if (imported.key !== incidence.key) {
    throw new RtInputError(`${source}: rows are named by ${imported.key} but the incidence's by ${incidence.key}; use the same column`);
  }
  const offset = imported.first - incidence.first;
  const last = offset + imported.cases.length - 1;
  if (offset < 0 || last >= incidence.cases.length) {
    throw new RtInputError(`${source}: covers ${imported.days[0]} to ${imported.days.at(-1)}, outside the incidence's ${incidence.days[0]} to ${incidence.days.at(-1)}`);
  }
  const aligned = incidence.cases.map(() => 0);
  imported.cases.forEach((n, i) => { aligned[offset + i] = n; });
  return aligned;
}
