/**
 * Monitoring plans as the colour rules read them (the `monitoring` fact, src/codes/rules/LANGUAGE.md):
 * each active plan, and each plan closed within the look-back, from its first day's start to the
 * start of the day after its last day, with its status now. Kept apart from service.ts so that
 * the colour service can import it without the monitoring use cases.
 */
import type { DbOrTrx } from '../db/transaction.ts';
import { DAY_MS, startOfShanghaiDay } from '../kernel/time.ts';
import type { MonitoringFact } from '../codes/rules/model.ts';
import { addDays } from './model.ts';
import { findMonitoringFactRows } from './store.ts';

/** Closed plans stay facts this long (as other facts' 35-day look-back), so rules may read recent outcomes. */
const CLOSED_LOOKBACK_MS = 35 * DAY_MS;

export async function monitoringFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, MonitoringFact[]>> {
  const rows = await findMonitoringFactRows(db, personIds, new Date(at.getTime() - CLOSED_LOOKBACK_MS));
  const byPerson = new Map<string, MonitoringFact[]>();
  for (const r of rows) {
    const fact: MonitoringFact = {
      reason: r.reason, status: r.status, createdAt: r.createdAt,
      startsAt: startOfShanghaiDay(r.startOn), endsAt: startOfShanghaiDay(addDays(r.endOn, 1)), closedAt: r.closedAt,
    };
    byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), fact]);
  }
  return byPerson;
}
