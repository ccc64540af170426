/**
 * Screening calls as the colour rules read them (the `screenings` fact, src/codes/rules/LANGUAGE.md):
 * each call of the robot to a matched person that ended normal or abnormal, answered within the
 * look-back, with the reasons and temperature heard. Kept apart from service.ts so that the colour
 * service can import it without the callbot use cases.
 */
import type { DbOrTrx } from '../../db/transaction.ts';
import { DAY_MS } from '../../kernel/time.ts';
import type { ScreeningFact } from '../../codes/rules/model.ts';
import { findScreeningFactRows } from './store.ts';

/** Calls stay facts this long (as other facts' 35-day look-back); the bundled rules read the last 7 days. */
const LOOKBACK_MS = 35 * DAY_MS;

export async function screeningFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, ScreeningFact[]>> {
  const rows = await findScreeningFactRows(db, personIds, new Date(at.getTime() - LOOKBACK_MS));
  const byPerson = new Map<string, ScreeningFact[]>();
  for (const r of rows) {
    const fact: ScreeningFact = { answeredAt: r.answeredAt, abnormal: r.abnormal, reasons: [...r.reasons], temperature: r.temperature };
    byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), fact]);
  }
  return byPerson;
}
