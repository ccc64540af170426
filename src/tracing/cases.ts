/**
 * The case registry (病例登记): health officials register cases, change their classification and
 * infectious-window dates; each change is an event. Registering or changing a case notes the
 * person's colour fact and recomputes it; when the case becomes infected or its window moves, it
 * is marked for tracing in the same transaction and the tracing job is woken (jobs.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/service.ts';
import { noteFactsChanged } from '../codes/colours/outbox/service.ts';
import { recomputeColour } from '../codes/colours/service.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import { encryptField } from '../kernel/crypto/field-encryption.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { findPersonsByIdentities, homeRegionOf, type IdType } from '../people/service.ts';
import { tracingFail } from './errors.ts';
import { wakeTracing } from './jobs.ts';
import { checkCaseFields, checkReclassification, isInfected, isolationProblem, needsTracing, OPEN, type CaseFields, type Classification } from './model/case.ts';
import { findCase, findOpenCaseOfPerson, insertCase, insertCaseEvent, lockCase, updateCase, type CaseRow } from './store.ts';
import type { TracingDeps } from './trace.ts';

export type PersonRef = { personId: string } | { idType: IdType; idNumber: string };

export interface CaseInput extends Omit<CaseFields, 'issuingRegionCode' | 'onsetApproximate' | 'isolatedAt'> {
  person: PersonRef;
  /** The registering region (defaults to the person's home); must be within the official's grant. */
  regionCode?: string;
  onsetApproximate?: boolean;
  isolatedAt?: Date | null;
  issuingRegionCode?: string | null;
}

export async function resolvePerson(deps: Pick<TracingDeps, 'db' | 'keyring'>, ref: PersonRef): Promise<{ personId: string; homeRegionCode: string }> {
  let personId: string | undefined;
  if ('personId' in ref) personId = ref.personId;
  else personId = (await findPersonsByIdentities(deps, [ref])).get(`${ref.idType}:${ref.idNumber}`)?.id;
  const home = personId && /^[0-9a-f-]{36}$/i.test(personId) ? await homeRegionOf(deps.db, personId) : undefined;
  if (!personId || !home) throw tracingFail('TRACING_PERSON_NOT_FOUND');
  return { personId, homeRegionCode: home };
}

function checkOrFail(fields: CaseFields, today: string): void {
  const check = checkCaseFields(fields, today);
  if (!check.ok) throw tracingFail(check.code, { field: check.field });
}

const actorOf = (actor: Actor) => ({ actorAccountId: actor.accountId, actorLabel: actor.label });

/** Writes a new case and its first event in the caller's transaction (also the import's path). */
export async function insertNewCase(
  trx: DbOrTrx, deps: TracingDeps, actor: Actor | { system: string },
  input: { personId: string; regionCode: string; fields: CaseFields; externalRef?: string | null },
): Promise<CaseRow> {
  const now = deps.clock.now();
  if (await findOpenCaseOfPerson(trx, input.personId, OPEN)) throw tracingFail('TRACING_CASE_EXISTS');
  const { notes, ...fields } = input.fields;
  const row: CaseRow = {
    id: randomUUID(), personId: input.personId, regionCode: input.regionCode, ...fields, externalRef: input.externalRef ?? null,
    notesEnc: notes ? encryptField(deps.keyring, notes) : null, createdAt: now, updatedAt: now,
    createdByAccountId: 'system' in actor ? null : actor.accountId,
    traceRequestedAt: needsTracing(null, fields.classification, false) ? now : null,
    tracedAt: null, traceWindowFrom: null, traceWindowTo: null, closeContacts: 0, secondaryContacts: 0, traceFailures: 0, traceFailedAt: null,
  };
  await insertCase(trx, row);
  await insertCaseEvent(trx, {
    caseId: row.id, at: now, kind: input.externalRef ? 'imported' : 'registered', fromClassification: null, toClassification: row.classification,
    ...('system' in actor ? { actorAccountId: null, actorLabel: `system:${actor.system}` } : actorOf(actor)),
    detail: { source: row.source, ...(row.issuingRegionCode ? { issuingRegionCode: row.issuingRegionCode } : {}) },
  });
  await noteFactsChanged(trx, [row.personId], 'case', row.id, now);
  return row;
}

/** After a case's transaction: the person's colour now, and tracing if it was asked for. */
export async function afterCaseChange(deps: TracingDeps, row: Pick<CaseRow, 'id' | 'personId' | 'traceRequestedAt'>): Promise<void> {
  await recomputeColour(deps, row.personId, { evidenceRef: `case:${row.id}` });
  if (row.traceRequestedAt) await wakeTracing(deps, row.id);
}

export async function registerCase(deps: TracingDeps, actor: Actor | undefined, input: CaseInput): Promise<CaseRow> {
  const person = await resolvePerson(deps, input.person);
  const regionCode = input.regionCode ?? person.homeRegionCode;
  const official = requireAccess(actor, 'tracing.case.write', regionCode);
  const fields: CaseFields = {
    classification: input.classification, onsetOn: input.onsetOn, onsetApproximate: input.onsetApproximate ?? false,
    testedPositiveOn: input.testedPositiveOn, reportedOn: input.reportedOn, isolatedAt: input.isolatedAt ?? null,
    source: input.source, issuingRegionCode: input.issuingRegionCode ?? null, notes: input.notes,
  };
  checkOrFail(fields, shanghaiDay(deps.clock.now()));
  checkIsolation(fields, deps.clock.now());
  const row = await inTransaction(deps.db, async (trx) => {
    const inserted = await insertNewCase(trx, deps, official, { personId: person.personId, regionCode, fields });
    await recordAudit(trx, official, { action: 'tracing.case.register', targetType: 'case', targetId: inserted.id, regionCode, detail: { classification: inserted.classification, source: inserted.source } }, deps.clock);
    return inserted;
  });
  await afterCaseChange(deps, row);
  return row;
}

function checkIsolation(f: Parameters<typeof isolationProblem>[0], now: Date): void {
  if (isolationProblem(f, now)) throw tracingFail('TRACING_ISOLATION_INVALID', { field: 'isolatedAt' });
}

async function lockCaseInScope(trx: Parameters<typeof lockCase>[0], actor: Actor | undefined, caseId: string): Promise<{ official: Actor; c: CaseRow }> {
  const c = await lockCase(trx, caseId);
  if (!c) {
    requireAccess(actor, 'tracing.case.write');
    throw tracingFail('TRACING_CASE_NOT_FOUND');
  }
  return { official: requireAccess(actor, 'tracing.case.write', c.regionCode), c };
}

/** 病例分类变更: suspected → confirmed, confirmed → recovered, … (an event; tracing when it becomes infected). */
export async function reclassifyCase(deps: TracingDeps, actor: Actor | undefined, caseId: string, input: { classification: Classification; comment?: string | null }): Promise<CaseRow> {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const { official, c } = await lockCaseInScope(trx, actor, caseId);
    const check = checkReclassification(c.classification, input.classification);
    if (!check.ok) throw tracingFail(check.code, { field: check.field });
    // Excluding a traced case withdraws its links: the run then removes them and recolours its contacts.
    const withdraws = c.tracedAt !== null && isInfected(c.classification) && !isInfected(input.classification);
    const traceRequestedAt = needsTracing(c.classification, input.classification, false) || withdraws ? now : c.traceRequestedAt;
    await updateCase(trx, c.id, { classification: input.classification, updatedAt: now, traceRequestedAt });
    await insertCaseEvent(trx, { caseId: c.id, at: now, kind: 'classified', fromClassification: c.classification, toClassification: input.classification, ...actorOf(official), detail: input.comment ? { comment: input.comment } : {} });
    await noteFactsChanged(trx, [c.personId], 'case', c.id, now);
    await recordAudit(trx, official, { action: 'tracing.case.classify', targetType: 'case', targetId: c.id, regionCode: c.regionCode, detail: { from: c.classification, to: input.classification } }, deps.clock);
    return { ...c, classification: input.classification, updatedAt: now, traceRequestedAt };
  });
  await afterCaseChange(deps, row);
  return row;
}

/** The person's open case (suspected, confirmed or asymptomatic), in the caller's transaction (another capability registering cases, e.g. a fever clinic). */
export async function openCaseOfPerson(trx: Transaction<Database>, personId: string): Promise<CaseRow | undefined> {
  return findOpenCaseOfPerson(trx, personId, OPEN);
}

/**
 * 疑似 → 确诊 in the caller's transaction, for another capability that has checked its own
 * permission (a fever clinic's positive result): the classification event, the positive test day
 * when the case had none (a window event), the colour fact, tracing requested. The events name the
 * actor and carry `detail` (where the result came from). The caller runs afterCaseChange after its
 * commit. Throws TRACING_CLASSIFICATION_FINAL when the case can no longer become confirmed.
 */
export async function confirmCaseInTransaction(
  trx: Transaction<Database>, deps: TracingDeps, actor: Actor, caseId: string, input: { testedPositiveOn: string; detail: Record<string, unknown> },
): Promise<Pick<CaseRow, 'id' | 'personId' | 'traceRequestedAt'>> {
  const now = deps.clock.now();
  const c = await lockCase(trx, caseId);
  if (!c) throw tracingFail('TRACING_CASE_NOT_FOUND');
  const reclassify = checkReclassification(c.classification, 'confirmed');
  if (!reclassify.ok) throw tracingFail(reclassify.code, { field: reclassify.field });
  const next = { classification: 'confirmed' as const, testedPositiveOn: c.testedPositiveOn ?? input.testedPositiveOn };
  checkOrFail({ ...c, ...next, notes: null }, shanghaiDay(now));
  const traceRequestedAt = needsTracing(c.classification, next.classification, false) ? now : c.traceRequestedAt;
  await updateCase(trx, c.id, { ...next, updatedAt: now, traceRequestedAt });
  await insertCaseEvent(trx, { caseId: c.id, at: now, kind: 'classified', fromClassification: c.classification, toClassification: next.classification, ...actorOf(actor), detail: input.detail });
  if (next.testedPositiveOn !== c.testedPositiveOn) {
    await insertCaseEvent(trx, {
      caseId: c.id, at: now, kind: 'window_changed', fromClassification: null, toClassification: null, ...actorOf(actor),
      detail: { ...input.detail, before: { testedPositiveOn: c.testedPositiveOn }, after: { testedPositiveOn: next.testedPositiveOn } },
    });
  }
  await noteFactsChanged(trx, [c.personId], 'case', c.id, now);
  return { id: c.id, personId: c.personId, traceRequestedAt };
}

export interface WindowInput {
  onsetOn?: string | null;
  onsetApproximate?: boolean;
  testedPositiveOn?: string | null;
  isolatedAt?: Date | null;
}

/** Changes the dates the infectious window is computed from (an event; re-traced when the case is infected). */
export async function changeCaseWindow(deps: TracingDeps, actor: Actor | undefined, caseId: string, input: WindowInput): Promise<CaseRow> {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const { official, c } = await lockCaseInScope(trx, actor, caseId);
    const next = {
      onsetOn: input.onsetOn === undefined ? c.onsetOn : input.onsetOn,
      onsetApproximate: input.onsetApproximate ?? c.onsetApproximate,
      testedPositiveOn: input.testedPositiveOn === undefined ? c.testedPositiveOn : input.testedPositiveOn,
      isolatedAt: input.isolatedAt === undefined ? c.isolatedAt : input.isolatedAt,
    };
    checkOrFail({ ...c, ...next, notes: null }, shanghaiDay(now));
    checkIsolation({ ...c, ...next }, now);
    const traceRequestedAt = needsTracing(c.classification, c.classification, true) ? now : c.traceRequestedAt;
    await updateCase(trx, c.id, { ...next, updatedAt: now, traceRequestedAt });
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    await insertCaseEvent(trx, {
      caseId: c.id, at: now, kind: 'window_changed', fromClassification: null, toClassification: null, ...actorOf(official),
      detail: { before: { onsetOn: c.onsetOn, testedPositiveOn: c.testedPositiveOn, isolatedAt: iso(c.isolatedAt) }, after: { ...next, isolatedAt: iso(next.isolatedAt) } },
    });
    await recordAudit(trx, official, { action: 'tracing.case.window', targetType: 'case', targetId: c.id, regionCode: c.regionCode }, deps.clock);
    return { ...c, ...next, updatedAt: now, traceRequestedAt };
  });
  if (row.traceRequestedAt) await wakeTracing(deps, row.id);
  return row;
}

/** 重新流调: an official asks for the case to be traced again now (after check-ins arrived late, say). */
export async function requestTrace(deps: TracingDeps, actor: Actor | undefined, caseId: string): Promise<CaseRow> {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const { official, c } = await lockCaseInScope(trx, actor, caseId);
    await updateCase(trx, c.id, { traceRequestedAt: now });
    await recordAudit(trx, official, { action: 'tracing.case.retrace', targetType: 'case', targetId: c.id, regionCode: c.regionCode }, deps.clock);
    return { ...c, traceRequestedAt: now };
  });
  await wakeTracing(deps, row.id);
  return row;
}

export async function getCaseRow(deps: Pick<TracingDeps, 'db'>, actor: Actor | undefined, caseId: string): Promise<CaseRow> {
  const c = await findCase(deps.db, caseId);
  if (!c) {
    requireAccess(actor, 'tracing.case.read');
    throw tracingFail('TRACING_CASE_NOT_FOUND');
  }
  requireAccess(actor, 'tracing.case.read', c.regionCode);
  return c;
}
