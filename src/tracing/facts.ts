/**
 * Cases and contacts as the colour rules read them (`cases` and `contacts`, src/codes/rules/LANGUAGE.md):
 * each classification event of the person's cases, and one contact fact per case whose contact
 * they are — close at depth 1, secondary deeper — dated by the latest exposure. Only infected cases'
 * contacts count: a case excluded after tracing withdraws its links. Kept apart from the services
 * so that the colour capability can import it without the tracing use cases.
 */
import type { CaseStatus, ContactLink } from '../codes/rules/index.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { CLASSIFICATIONS, INFECTED, type Classification } from './model/case.ts';
import { findCaseFactRows, findContactFactRows } from './store.ts';

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function caseFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, CaseStatus[]>> {
  const byPerson = new Map<string, CaseStatus[]>();
  for (const r of await findCaseFactRows(db, personIds)) {
    if (r.at.getTime() > at.getTime() || !CLASSIFICATIONS.includes(r.classification as Classification)) continue;
    push(byPerson, r.personId, { classification: r.classification as Classification, since: r.at });
  }
  return byPerson;
}

export async function contactFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, ContactLink[]>> {
  const byPerson = new Map<string, ContactLink[]>();
  for (const r of await findContactFactRows(db, personIds, INFECTED)) {
    const exposedAt = r.lastExposureAt.getTime() > at.getTime() ? at : r.lastExposureAt;
    push(byPerson, r.personId, { kind: r.depth === 1 ? 'close' : 'secondary', exposedAt });
  }
  return byPerson;
}
