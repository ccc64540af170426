/** Daily check-ins as health-code rule facts (read by codes/colours). */
import type { DbOrTrx } from '../../db/transaction.ts';
import { DAY_MS, shanghaiDay } from '../../kernel/time.ts';
import { dailyFacts } from './model.ts';
import { findDailyFactRows } from './store.ts';

/** How far back the colour rules look (declarations' look-back: 14-day windows plus release periods). */
const FACT_LOOKBACK_DAYS = 35;

/**
 * For the health code (codes/colours): each person's daily check-ins as rule facts, one per
 * Shanghai day, normal only when every check-in that day (as corrected) was normal.
 */
export async function dailyCheckinFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, { day: string; normal: boolean }[]>> {
  const fromDay = shanghaiDay(new Date(at.getTime() - FACT_LOOKBACK_DAYS * DAY_MS));
  const today = shanghaiDay(at);
  const rows = (await findDailyFactRows(db, personIds, fromDay)).filter((r) => r.day <= today);
  const grouped = new Map<string, { day: string; abnormal: boolean }[]>();
  for (const r of rows) grouped.set(r.personId, [...(grouped.get(r.personId) ?? []), r]);
  return new Map([...grouped].map(([personId, list]) => [personId, dailyFacts(list)]));
}
