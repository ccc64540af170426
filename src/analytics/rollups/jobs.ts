/**
 * The rollup job: folds the deltas the triggers appended into the daily totals, every minute and
 * until none is left. Readers add the unfolded deltas themselves, so folding late only costs them
 * a few more rows to add; it never makes a figure wrong.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { DbOrTrx } from '../../db/transaction.ts';
import { foldDeltas } from './store.ts';

export const ROLLUP_FOLD_QUEUE = 'analytics-rollup-fold';
export const ROLLUP_FOLD_CRON = '* * * * *';
const FOLD_BATCH = 50_000;

/** Folds until no delta is left (or another process holds the fold); answers how many were folded. */
export async function foldAllDeltas(deps: { db: DbOrTrx }, maxRounds = 100): Promise<number> {
  let folded = 0;
  for (let round = 0; round < maxRounds; round++) {
    const moved = await foldDeltas(deps.db, FOLD_BATCH);
    folded += moved;
    if (moved < FOLD_BATCH) break;
  }
  return folded;
}

export async function runRollupFold(deps: { db: DbOrTrx }, log: FastifyBaseLogger): Promise<void> {
  const folded = await foldAllDeltas(deps);
  if (folded > 0) log.debug({ folded }, 'rollup deltas folded');
}
