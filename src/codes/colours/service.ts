/**
 * Colour status: recompute a person's colour from their facts with the region's published rule
 * set, keep the status, and append a colour event whenever the colour or its reasons change.
 * Every recomputation for one person is serialised by an advisory lock, so two processes (the
 * declaration's immediate recomputation and the review job) never interleave their writes.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { NotificationHub } from '../../db/notifications.ts';
import type { Keyring } from '../../kernel/crypto/field-encryption.ts';
import type { Clock } from '../../kernel/time.ts';
import type { Actor } from '../../kernel/access.ts';
import { AppError } from '../../kernel/errors.ts';
import { cityOf } from '../../kernel/regions-scope.ts';
import { personLabelsOf, requireSelfOrGuardian } from '../../people/service.ts';
import { effectiveRuleSet, riskAreasCovering } from '../rulesets/service.ts';
import { evaluate } from '../rules/index.ts';
import { issueToken, newSubjectId } from '../token/issue.ts';
import { codeStatusCacheFor } from './status-cache.ts';
import { colourFail } from './errors.ts';
import { regionCodesOfFacts, toEvaluated } from './facts.ts';
import { gatherPersonFacts } from './gather-facts.ts';
import { decideStatus, type CodeStatus, type ColourActor, type ColourEvent } from './model.ts';
import { lockPersonsWithPendingFacts, markFactsProcessed, pendingFactsOf } from './outbox/service.ts';
import {
  findCodeStatuses, findCodeStatusView, findColourEvents, insertColourEvents, lockDueStatuses, lockPersonColour, lockPersonColours, tryLockPersonColours, upsertCodeStatuses,
  type CodeStatusView, type StatusWrite,
  findLiveStatusBySubject, findStatusForPrinting, findPersonBySubject, findColourViews, findCodeStatusViews,
} from './store.ts';

export type { CodeStatus, ColourEvent, ColourReason, Colour } from './model.ts';
export type { CodeStatusView } from './store.ts';

export interface ColourDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  /** The running platform's hub: with it, residents' code views are cached (status-cache.ts). */
  notifications?: NotificationHub;
}

export interface RecomputeCause {
  /** What triggered it: `declaration:<id>`, `review`, `facts` … */
  evidenceRef?: string | null;
  actor?: ColourActor;
}

type Recomputed = { status: CodeStatus } | { error: AppError };

/**
 * Recomputes the colours of persons whose locks the transaction holds, reading each kind of input
 * once for all of them (the review job does hundreds at a time); evaluates everyone, then writes
 * all statuses and all colour events in multi-row statements. A person whose rules fail to
 * evaluate (an AppError) gets that error back and nothing written; the others are not held up.
 */
async function recomputeLockedMany(deps: ColourDeps, trx: Transaction<Database>, personIds: readonly string[], causeOf: (personId: string) => RecomputeCause): Promise<Map<string, Recomputed>> {
  const out = new Map<string, Recomputed>();
  if (personIds.length === 0) return out;
  const labels = await personLabelsOf(trx, personIds);
  const persons = personIds.flatMap((id) => {
    const home = labels.get(id)?.homeRegionCode;
    if (!home) out.set(id, { error: colourFail('CODE_PERSON_NOT_FOUND') });
    return home ? [{ id, homeRegionCode: home }] : [];
  });
  const ids = persons.map((p) => p.id);
  // Read before the facts: rows committed later stay pending for the next round.
  const pending = await pendingFactsOf(trx, ids);
  const pendingOf = new Map<string, number[]>();
  for (const r of pending) {
    const list = pendingOf.get(r.personId);
    if (list) list.push(r.id);
    else pendingOf.set(r.personId, [r.id]);
  }
  const previous = await findCodeStatuses(trx, ids);
  const at = deps.clock.now();
  const facts = await gatherPersonFacts(trx, persons, at);
  // The areas covering anyone's divisions: each person's rules match only their own codes.
  const riskAreas = await riskAreasCovering(trx, [...new Set([...facts.values()].flatMap(regionCodesOfFacts))]);
  const ruleSets = new Map<string, Awaited<ReturnType<typeof effectiveRuleSet>>>();
  const statuses: StatusWrite[] = [];
  const events: ColourEvent[] = [];
  const processed: number[] = [];
  for (const person of persons) {
    let ruleSet = ruleSets.get(person.homeRegionCode);
    if (!ruleSet) ruleSets.set(person.homeRegionCode, ruleSet = await effectiveRuleSet(trx, person.homeRegionCode));
    let evaluated: ReturnType<typeof toEvaluated>;
    try {
      evaluated = toEvaluated(evaluate(ruleSet.ruleSet, facts.get(person.id)!, { at, riskAreas }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      out.set(person.id, { error });
      continue;
    }
    const cause = causeOf(person.id);
    const { status, event } = decideStatus(previous.get(person.id), evaluated, {
      personId: person.id, at, ruleSetRef: ruleSet.ref, evidenceRef: cause.evidenceRef ?? null, actor: cause.actor ?? { kind: 'system' },
    });
    statuses.push({ status, newSubjectId: Buffer.from(newSubjectId()) });
    if (event) events.push(event);
    processed.push(...pendingOf.get(person.id) ?? []);
    out.set(person.id, { status });
  }
  await upsertCodeStatuses(trx, statuses);
  await insertColourEvents(trx, events);
  await markFactsProcessed(trx, processed, at);
  return out;
}

async function recomputeLocked(deps: ColourDeps, trx: Transaction<Database>, personId: string, cause: RecomputeCause): Promise<CodeStatus> {
  const result = (await recomputeLockedMany(deps, trx, [personId], () => cause)).get(personId)!;
  if ('error' in result) throw result.error;
  return result.status;
}

/** Recomputes one person's colour now (after a declaration, or any other input change). */
export async function recomputeColour(deps: ColourDeps, personId: string, cause: RecomputeCause = {}): Promise<CodeStatus> {
  return inTransaction(deps.db, async (trx) => {
    await lockPersonColour(trx, personId);
    return recomputeLocked(deps, trx, personId, cause);
  });
}

/**
 * Recomputes many persons' colours now (the contacts a tracing run found), in batches: each batch
 * locks its persons, reads each kind of fact once for all of them and writes. A person whose rules
 * fail is counted and left to the review job, as there.
 */
export async function recomputeColours(deps: ColourDeps, personIds: readonly string[], cause: RecomputeCause = {}, batchSize = 200): Promise<{ recomputed: number; failed: number }> {
  const ids = [...new Set(personIds)];
  let recomputed = 0;
  let failed = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const results = await inTransaction(deps.db, async (trx) => {
      await lockPersonColours(trx, batch);
      return recomputeLockedMany(deps, trx, batch, () => cause);
    });
    for (const r of results.values()) if ('error' in r) failed++; else recomputed++;
  }
  return { recomputed, failed };
}

/**
 * One round of the colour-review job: persons whose colour's time has come (next_review_at) and
 * persons with unprocessed facts, in batches. Rows are claimed with SKIP LOCKED and persons with
 * a try-lock, so several server processes share the work and none waits on another. A person
 * whose rules fail to evaluate (a rule error, thrown before anything is written) is counted and
 * skipped, so one bad rule cannot hold up everyone else's review.
 */
export async function reviewDueColours(
  deps: ColourDeps, options: { batchSize?: number; maxBatches?: number } = {},
): Promise<{ reviewed: number; failed: number }> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  let reviewed = 0;
  let failed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const round = await inTransaction(deps.db, async (trx) => {
      const due = await lockDueStatuses(trx, deps.clock.now(), batchSize);
      const withFacts = await lockPersonsWithPendingFacts(trx, batchSize);
      const locked = await tryLockPersonColours(trx, [...new Set([...due, ...withFacts])]);
      const dueSet = new Set(due);
      const results = await recomputeLockedMany(deps, trx, locked, (personId) => ({ evidenceRef: dueSet.has(personId) ? 'review:due' : 'review:facts' }));
      const errors = [...results.values()].filter((r) => 'error' in r).length;
      const done = results.size - errors;
      return { claimed: due.length + withFacts.length, done, errors };
    });
    reviewed += round.done;
    failed += round.errors;
    if (round.claimed < batchSize || round.done === 0) break;
  }
  return { reviewed, failed };
}

/** The resident's (or a dependant's) current code, with the masked name and the subject id for the token. */
export async function getCodeStatusForResident(deps: Pick<ColourDeps, 'db' | 'notifications'>, actor: Actor | undefined, personId: string): Promise<CodeStatusView> {
  await requireSelfOrGuardian(deps.db, actor, personId);
  const cache = deps.notifications && await codeStatusCacheFor(deps.notifications).catch(() => undefined);
  const view = cache ? await cache.get(personId, () => findCodeStatusView(deps.db, personId)) : await findCodeStatusView(deps.db, personId);
  if (!view) throw colourFail('CODE_NOT_DECLARED');
  return view;
}

export interface ResidentCode extends CodeStatus {
  nameMasked: string;
  /** The signed code for the QR; null until the region can sign (no token service or no key). */
  token: string | null;
  tokenExpiresAt: Date | null;
}

/** GET /api/codes/me: the status in one query (plus the guardianship check for a dependant) and a fresh token. */
export async function getResidentCode(deps: ColourDeps, actor: Actor | undefined, personId: string): Promise<ResidentCode> {
  const { subjectId, homeRegionCode, nameMasked, ...status } = await getCodeStatusForResident(deps, actor, personId);
  const signed = await issueLiveToken(deps, cityOf(homeRegionCode), { subject: new Uint8Array(subjectId), maskedName: nameMasked, colour: status.colour, kind: 'live' });
  return { ...status, nameMasked, token: signed?.text ?? null, tokenExpiresAt: signed ? new Date(signed.claims.expiresAt * 1000) : null };
}

/** A region not onboarded yet has no key: the resident still sees the colour, without a QR. */
async function issueLiveToken(deps: ColourDeps, regionCode: string, request: Parameters<typeof issueToken>[2]) {
  try {
    return await issueToken(deps, regionCode, request);
  } catch (error) {
    if (error instanceof AppError && error.code === 'SIGNING_KEY_NO_ACTIVE_KEY') return undefined;
    throw error;
  }
}

/** Newest first; for the resident's history and for tests. */
export async function colourEventsOf(db: DbOrTrx, personId: string, limit = 100): Promise<(ColourEvent & { id: number })[]> {
  return findColourEvents(db, personId, limit);
}

export { simulateRuleSet, simulateRuleSetForRegion, type RegionSimulation } from './simulation.ts';

/** For checkpoints: the live colour behind a token's subject id (the caller has checked the token and the staff role). */
export async function liveStatusBySubject(db: DbOrTrx, subjectId: Uint8Array) {
  return findLiveStatusBySubject(db, subjectId);
}

/** For printed codes: what the printed token is made from (the caller has checked the staff role and region). */
export async function statusForPrinting(db: DbOrTrx, personId: string) {
  return findStatusForPrinting(db, personId);
}

/**
 * For check-ins recorded at a gate: the person a verified token names, with the colour now. The
 * caller has verified the token (checkpoint) and holds the staff role; a subject from another
 * region's token is not this person (compare the home city with the token's issuer).
 */
export async function personForSubject(db: DbOrTrx, subjectId: Uint8Array) {
  return findPersonBySubject(db, subjectId);
}

/**
 * For check-ins: the masked name and the colour now (null: no code yet) of many persons in one
 * query — a batch of check-ins reads them together instead of one cache miss each. The caller has
 * checked access to every person.
 */
export async function colourViewsOf(deps: Pick<ColourDeps, 'db' | 'notifications'>, personIds: readonly string[]): Promise<Map<string, { nameMasked: string; colour: CodeStatus['colour'] | null }>> {
  const views = new Map<string, { nameMasked: string; colour: CodeStatus['colour'] | null }>();
  let rest = [...new Set(personIds)];
  // Live colours from this process's status cache (never stale: see status-cache.ts); one query for what it lacks.
  const cache = deps.notifications && await codeStatusCacheFor(deps.notifications).catch(() => undefined);
  if (cache) {
    const cached = await cache.getMany(rest, async (missing) => new Map((await findCodeStatusViews(deps.db, missing)).map((v) => [v.personId, v])));
    for (const [personId, view] of cached) views.set(personId, { nameMasked: view.nameMasked, colour: view.colour });
    rest = rest.filter((personId) => !cached.has(personId));
  }
  // Persons without a code yet: their masked names, colour null.
  for (const r of await findColourViews(deps.db, rest)) views.set(r.personId, { nameMasked: r.nameMasked, colour: r.colour });
  return views;
}
