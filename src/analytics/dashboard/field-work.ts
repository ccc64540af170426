/**
 * How the field work goes (随访与外呼), for the dashboard: follow-up completion of the monitoring
 * plans (recorded / due per day, and reached) and the screening robot's call results per day —
 * both from the rollups their tables' triggers keep (migration 0800).
 */
import { CALL_RESULTS, type CallResult } from '../../callbot/dialogue/model.ts';
import type { Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { callResultMeasure, FOLLOW_UP_MEASURES, seriesByMeasure } from '../rollups/model.ts';
import { readRollups } from '../rollups/store.ts';
import { checkDashboardQuery, type DashboardDeps, type DashboardQuery } from './service.ts';

export interface FollowUpCompletion {
  regionCode: string;
  days: string[];
  due: number[];
  done: number[];
  reached: number[];
  /** Recorded / due per day; null on a day nothing was due. */
  completion: (number | null)[];
}

export async function followUpCompletion(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): Promise<FollowUpCompletion> {
  const days = checkDashboardQuery(deps, actor, q);
  const measures = Object.values(FOLLOW_UP_MEASURES);
  const series = seriesByMeasure(await readRollups(deps.db, { prefix: regionPrefix(q.regionCode), measures, from: q.from, to: q.to }), measures, days);
  const due = series.get(FOLLOW_UP_MEASURES.due)!;
  const done = series.get(FOLLOW_UP_MEASURES.done)!;
  return {
    regionCode: q.regionCode, days, due, done, reached: series.get(FOLLOW_UP_MEASURES.reached)!,
    completion: due.map((n, i) => (n === 0 ? null : done[i]! / n)),
  };
}

export interface ScreeningOutcomes {
  regionCode: string;
  days: string[];
  byResult: Record<CallResult, number[]>;
  totals: Record<CallResult, number>;
}

export async function screeningOutcomes(deps: DashboardDeps, actor: Actor | undefined, q: DashboardQuery): Promise<ScreeningOutcomes> {
  const days = checkDashboardQuery(deps, actor, q);
  const measures = CALL_RESULTS.map(callResultMeasure);
  const series = seriesByMeasure(await readRollups(deps.db, { prefix: regionPrefix(q.regionCode), measures, from: q.from, to: q.to }), measures, days);
  const byResult = Object.fromEntries(CALL_RESULTS.map((r) => [r, series.get(callResultMeasure(r))!])) as Record<CallResult, number[]>;
  const totals = Object.fromEntries(CALL_RESULTS.map((r) => [r, byResult[r].reduce((n, x) => n + x, 0)])) as Record<CallResult, number>;
  return { regionCode: q.regionCode, days, byResult, totals };
}
