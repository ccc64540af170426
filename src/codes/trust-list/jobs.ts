/**
 * Keeping imported trust lists current: every hour, each list imported from an http(s) URL is
 * fetched and imported again, so another city's key rotations and printed-code revocations reach
 * this installation's checkpoints without anyone running `fangyi trust import` by hand. The same
 * checks as a manual import apply: a list signed by a new key, an older list or a list claiming
 * one of our regions is refused and the stored list kept (an operator must look). Lists imported
 * from files are left alone.
 */
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { forgetCheckpointTrustStore } from '../checkpoint/service.ts';
import { importTrustList, listImportedTrustLists, type TrustListDeps } from './service.ts';
import { isUrlSource, readTrustListSource } from './source.ts';

export const TRUST_LIST_REFRESH_QUEUE = 'trust-list-refresh';
export const TRUST_LIST_REFRESH_CRON = '17 * * * *';
const REFRESH_ACTOR = { system: 'trust-list-refresh' };

export interface RefreshOutcome {
  source: string;
  /** The error code when the list was not refreshed. */
  error?: string;
}

export async function refreshImportedTrustLists(
  deps: TrustListDeps, read: (source: string) => Promise<unknown> = readTrustListSource,
): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const { source } of await listImportedTrustLists(deps.db)) {
    if (!isUrlSource(source)) continue;
    try {
      await importTrustList(deps, REFRESH_ACTOR, source, await read(source));
      outcomes.push({ source });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ source, error: error.code });
    }
  }
  if (outcomes.some((o) => !o.error)) forgetCheckpointTrustStore(deps.db);
  return outcomes;
}

export async function runTrustListRefresh(deps: TrustListDeps, log: FastifyBaseLogger): Promise<void> {
  const outcomes = await refreshImportedTrustLists(deps);
  for (const o of outcomes) {
    if (o.error) log.warn({ source: o.source, code: o.error }, 'imported trust list not refreshed; the stored one stays in force');
  }
  if (outcomes.length > 0) log.info({ refreshed: outcomes.filter((o) => !o.error).length, failed: outcomes.filter((o) => o.error).length }, 'imported trust lists refreshed');
}
