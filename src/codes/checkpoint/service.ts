/**
 * The live check at a gate (门岗核验): verify a scanned token on the server with the trust store
 * (local and imported keys, revocations; cached a minute), then, for tokens this installation
 * issued, look up the person's colour now. Each scan is audited minimally — who checked, which
 * issuer, what outcome — never the token text nor the person's identity.
 */
import { recordAudit } from '../../audit/service.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import type { Clock } from '../../kernel/time.ts';
import { createTtlCache, type TtlCache } from '../../kernel/ttl-cache.ts';
import { loadTrustStore } from '../trust-list/service.ts';
import { nodeSignatureCheck } from '../token/node-signature.ts';
import type { TrustStore } from '../token/trust-store.ts';
import { verifyToken } from '../token/verify.ts';
import { checkpointFail } from './errors.ts';
import { MAX_SCANNED_CHARS, toCheckResult, type CheckResult } from './model.ts';
import { liveStatusBySubject } from '../colours/service.ts';

export type { CheckResult } from './model.ts';

export interface CheckpointDeps {
  db: DbOrTrx;
  clock: Clock;
}

const TRUST_STORE_TTL_MS = 60_000;
const trustStores = new WeakMap<DbOrTrx, TtlCache<TrustStore>>();

function trustStoreCache(deps: CheckpointDeps): TtlCache<TrustStore> {
  let cache = trustStores.get(deps.db);
  if (!cache) {
    cache = createTtlCache<TrustStore>(TRUST_STORE_TTL_MS, deps.clock, 1);
    trustStores.set(deps.db, cache);
  }
  return cache;
}

/** Drops the cached trust store, so a revocation made in this process applies to the next check at once. */
export function forgetCheckpointTrustStore(db: DbOrTrx): void {
  trustStores.get(db)?.clear();
}

export async function checkToken(deps: CheckpointDeps, actor: Actor | undefined, token: string): Promise<CheckResult> {
  return (await checkTokenWithSubject(deps, actor, token)).result;
}

/**
 * checkToken, plus the pseudonymous subject id of a valid token, for server-side callers that act
 * on the person (a guard's check-in, src/checkins). The subject never goes into an answer.
 */
export async function checkTokenWithSubject(deps: CheckpointDeps, actor: Actor | undefined, token: string): Promise<{ result: CheckResult; subject: Uint8Array | null }> {
  const guard = requireAccess(actor, 'code.check');
  if (token.length > MAX_SCANNED_CHARS) throw checkpointFail('CODE_CHECK_TOKEN_TOO_LONG', { maxChars: MAX_SCANNED_CHARS });
  const now = deps.clock.now();
  const { value: trust } = await trustStoreCache(deps).getOrLoad('store', () => loadTrustStore(deps.db, now));
  const verified = verifyToken(token.trim(), trust, now, { signatureCheck: nodeSignatureCheck });
  const live = verified.outcome === 'valid' && verified.claims ? await liveStatusBySubject(deps.db, verified.claims.subject) : undefined;
  const result = toCheckResult(verified, live, now);
  await recordAudit(deps.db, guard, {
    action: 'code.check', targetType: 'token', targetId: null,
    regionCode: result.issuer ?? scopesFor(guard, 'code.check')[0] ?? null,
    detail: { issuer: result.issuer, outcome: result.outcome, kind: result.kind, colour: result.colour, live: result.liveColour !== null },
  }, deps.clock);
  return { result, subject: verified.outcome === 'valid' && verified.claims ? verified.claims.subject : null };
}
