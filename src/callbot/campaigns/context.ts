/** What the answer understanding needs beyond the words: today's risk areas (src/codes' list, any level). */
import { allRiskAreas } from '../../codes/rulesets/service.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { UnderstandingContext } from '../nlu/model.ts';

export async function understandingContext(db: DbOrTrx): Promise<UnderstandingContext> {
  return { riskRegionCodes: (await allRiskAreas(db)).map((a) => a.regionCode) };
}
