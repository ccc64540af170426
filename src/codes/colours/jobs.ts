/**
 * The colour-review job: every minute, re-evaluate persons whose colour's time has come and
 * persons whose facts changed without a recomputation. Safe with several server processes: the
 * work is claimed with SKIP LOCKED (see reviewDueColours), and the queue's 'stately' policy keeps
 * at most one run queued behind an active one.
 */
import type { FastifyBaseLogger } from 'fastify';
import { DAY_MS } from '../../kernel/time.ts';
import { purgeProcessedFacts } from './outbox/service.ts';
import { reviewDueColours, type ColourDeps } from './service.ts';

export const COLOUR_REVIEW_QUEUE = 'colour-review';
export const COLOUR_REVIEW_CRON = '* * * * *';

export async function runColourReview(deps: ColourDeps, log: FastifyBaseLogger): Promise<void> {
  const { reviewed, failed } = await reviewDueColours(deps);
  const purged = await purgeProcessedFacts(deps.db, new Date(deps.clock.now().getTime() - 7 * DAY_MS));
  if (failed > 0) log.error({ failed }, 'colours could not be evaluated: a rule fails for these persons');
  if (reviewed > 0 || purged > 0) log.info({ reviewed, purged }, 'colours re-evaluated');
}
