/**
 * `fangyi rt --incidence <csv> (--si-mean M --si-sd S | --si-distr <list>) [--window 7] [--imported <csv>]`:
 * the effective reproduction number Rt over sliding windows (Cori et al. 2013, as EpiEstim's
 * estimate_R), printed as CSV `t_start,t_end,mean,sd,q025,median,q975` (7 significant digits).
 * Notes on the estimate (windows too early, without earlier cases) go to stderr.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_PRIOR, DEFAULT_WINDOW_DAYS, estimateRt, type RtRow } from '../../analytics/rt/epiestim.ts';
import { alignImported, parseIncidenceCsv } from '../../analytics/rt/incidence.ts';
import { RtInputError } from '../../analytics/rt/input-error.ts';
import type { SerialIntervalSpec } from '../../analytics/rt/serial-interval.ts';

export interface RtOptions {
  incidence: string;
  imported?: string;
  siMean?: string;
  siSd?: string;
  siDistr?: string;
  window?: string;
  priorMean?: string;
  priorSd?: string;
}

export const RT_CSV_HEADER = 't_start,t_end,mean,sd,q025,median,q975';

function parseNumber(text: string, option: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new RtInputError(`${option} must be a number, got "${text}"`);
  return value;
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RtInputError(`${option}: cannot read "${file}"${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}`);
  }
}

function serialIntervalOf(options: RtOptions): SerialIntervalSpec {
  const parametric = options.siMean !== undefined || options.siSd !== undefined;
  if (parametric && options.siDistr !== undefined) throw new RtInputError('give either --si-mean with --si-sd, or --si-distr, not both');
  if (options.siDistr !== undefined) {
    return { kind: 'nonParametric', distribution: options.siDistr.split(',').map((cell, k) => parseNumber(cell, `--si-distr value ${k + 1}`)) };
  }
  if (options.siMean === undefined || options.siSd === undefined) {
    throw new RtInputError(parametric ? '--si-mean and --si-sd go together' : 'give the serial interval: --si-mean M --si-sd S, or --si-distr w0,w1,…');
  }
  return { kind: 'parametric', mean: parseNumber(options.siMean, '--si-mean'), sd: parseNumber(options.siSd, '--si-sd') };
}

const format = (value: number) => value.toPrecision(7);

export function formatRtCsv(rows: readonly RtRow[]): string {
  const lines = rows.map((r) => [r.tStart, r.tEnd, format(r.mean), format(r.sd), format(r.q025), format(r.median), format(r.q975)].join(','));
  return `${[RT_CSV_HEADER, ...lines].join('\n')}\n`;
}

/** The command's work without the process around it: reads the files, returns the CSV and the notes. */
export function runRt(options: RtOptions): { csv: string; warnings: string[] } {
  const incidence = parseIncidenceCsv(readText(options.incidence, '--incidence'), options.incidence);
  const imported = options.imported === undefined ? undefined
    : alignImported(incidence, parseIncidenceCsv(readText(options.imported, '--imported'), options.imported, { anyFirstDay: true }), options.imported);
  const windowText = options.window ?? String(DEFAULT_WINDOW_DAYS);
  const windowDays = parseNumber(windowText, '--window');
  if (!Number.isInteger(windowDays)) throw new RtInputError(`--window must be a whole number of days, got "${windowText}"`);
  const result = estimateRt({
    local: incidence.cases,
    imported,
    serialInterval: serialIntervalOf(options),
    windowDays,
    prior: {
      mean: options.priorMean === undefined ? DEFAULT_PRIOR.mean : parseNumber(options.priorMean, '--prior-mean'),
      sd: options.priorSd === undefined ? DEFAULT_PRIOR.sd : parseNumber(options.priorSd, '--prior-sd'),
    },
  });
  return { csv: formatRtCsv(result.rows), warnings: result.warnings };
}

export function registerRt(program: Command): void {
  program
    .command('rt')
    .description('有效再生数 Estimate the effective reproduction number Rt on sliding windows (Cori et al. 2013, as EpiEstim estimate_R); prints CSV t_start,t_end,mean,sd,q025,median,q975')
    .requiredOption('--incidence <csv>', 'daily cases: header "date,cases" (YYYY-MM-DD) or "day,cases" (1, 2, …), every day once, in order; with --imported these are the local cases')
    .option('--imported <csv>', 'imported cases, same shape, aligned by date or day (days it leaves out count 0); cases of day 1 always count as imported')
    .option('--si-mean <days>', 'serial interval mean (> 1): a gamma distribution shifted by one day, discretised as EpiEstim discr_si')
    .option('--si-sd <days>', 'serial interval standard deviation (> 0)')
    .option('--si-distr <list>', 'serial interval as probabilities of 0, 1, 2, … days, comma-separated, starting with 0 and summing to 1')
    .option('--window <days>', 'window length: t_start = 2 … T−N+1, t_end = t_start+N−1', String(DEFAULT_WINDOW_DAYS))
    .option('--prior-mean <r>', `mean of the gamma prior of R (default ${DEFAULT_PRIOR.mean})`)
    .option('--prior-sd <r>', `standard deviation of the gamma prior of R (default ${DEFAULT_PRIOR.sd})`)
    .action((options: RtOptions) => {
      const { csv, warnings } = runRt(options);
      for (const warning of warnings) console.error(`fangyi rt: note: ${warning}`);
      process.stdout.write(csv);
    });
}
