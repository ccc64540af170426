/**
 * A clinic visit's case (病例) in the registry, written in the visit's transaction: a suspected
 * patient becomes a suspected case, a positive result a confirmed one (source fever_clinic,
 * reported today, tested positive on the result's day). The person never gets a second open case:
 * a suspected case is promoted to confirmed, an open case otherwise is joined as it is.
 *
 * The tracing capability's registerCase and reclassifyCase run their own transaction and check
 * the health official's permission (tracing.case.write), which clinic staff rightly lack; so this
 * file uses the registry's lower-level pieces the way the case import does
 * (src/tracing/import-write.ts): insertNewCase for a new case, the registry's own model rules
 * (checkCaseFields, checkReclassification, needsTracing) and its event rows for a promotion, and
 * afterCaseChange after the commit (colour recomputed, tracing woken). The clinic service has
 * checked its own permission (clinic.visit.write at this clinic) before; the case events name the
 * clinic staff member and the visit.
 */
import { noteFactsChanged } from '../../codes/colours/outbox/service.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../kernel/access.ts';
import { shanghaiDay } from '../../kernel/time.ts';
import { afterCaseChange, insertNewCase } from '../../tracing/cases.ts';
import { tracingFail } from '../../tracing/errors.ts';
import { checkCaseFields, checkReclassification, needsTracing, OPEN, type CaseFields } from '../../tracing/model/case.ts';
import { findOpenCaseOfPerson, insertCaseEvent, lockCase, updateCase, type CaseRow } from '../../tracing/store.ts';
import type { TracingDeps } from '../../tracing/trace.ts';
import { clinicFail } from './errors.ts';
import { casePlan, type CaseWish } from './model.ts';
import { lockPersonCaseWrites } from './store.ts';

export interface CaseOutcome {
  caseId: string;
  action: 'register' | 'promote' | 'join';
  /** After the commit: recompute the colour and wake tracing (afterCaseChange); undefined when nothing changed. */
  changed: Pick<CaseRow, 'id' | 'personId' | 'traceRequestedAt'> | undefined;
}

export interface VisitForCase {
  id: string;
  personId: string;
  homeRegionCode: string;
  onsetOn: string | null;
  clinicName: string;
}

/** Registers, promotes or joins the person's case for `wish`, in `trx`. */
export async function writeVisitCase(trx: Transaction<Database>, deps: TracingDeps, staff: Actor, visit: VisitForCase, wish: CaseWish): Promise<CaseOutcome> {
  const now = deps.clock.now();
  const today = shanghaiDay(now);
  await lockPersonCaseWrites(trx, visit.personId);
  const open = await findOpenCaseOfPerson(trx, visit.personId, OPEN);
  const plan = casePlan(wish, open);
  if (plan.action === 'register') {
    const fields: CaseFields = {
      classification: wish.classification, onsetOn: visit.onsetOn, onsetApproximate: false, testedPositiveOn: wish.testedPositiveOn, reportedOn: today,
      isolatedAt: null, source: 'fever_clinic', issuingRegionCode: null, notes: null,
    };
    const check = checkCaseFields(fields, today);
    if (!check.ok) throw tracingFail(check.code, { field: check.field });
    const row = await insertNewCase(trx, deps, staff, { personId: visit.personId, regionCode: visit.homeRegionCode, fields });
    return { caseId: row.id, action: 'register', changed: row };
  }
  if (plan.action === 'join') return { caseId: plan.caseId, action: 'join', changed: undefined };
  return promote(trx, deps, staff, plan.caseId, visit, wish.testedPositiveOn!);
}

/** 疑似 → 确诊: the registry's classification and window events, as reclassifyCase and the import write them. */
async function promote(trx: Transaction<Database>, deps: TracingDeps, staff: Actor, caseId: string, visit: VisitForCase, testedPositiveOn: string): Promise<CaseOutcome> {
  const now = deps.clock.now();
  const c = await lockCase(trx, caseId);
  if (!c) throw tracingFail('TRACING_CASE_NOT_FOUND');
  const reclassify = checkReclassification(c.classification, 'confirmed');
  if (!reclassify.ok) throw clinicFail('CLINIC_CASE_CLOSED');
  const next = { classification: 'confirmed' as const, testedPositiveOn: c.testedPositiveOn ?? testedPositiveOn };
  const check = checkCaseFields({ ...c, ...next, notes: null }, shanghaiDay(now));
  if (!check.ok) throw tracingFail(check.code, { field: check.field });
  const traceRequestedAt = needsTracing(c.classification, next.classification, false) ? now : c.traceRequestedAt;
  await updateCase(trx, c.id, { ...next, updatedAt: now, traceRequestedAt });
  const by = { actorAccountId: staff.accountId, actorLabel: staff.label };
  const via = { via: 'fever_clinic', visitId: visit.id, clinic: visit.clinicName };
  await insertCaseEvent(trx, { caseId: c.id, at: now, kind: 'classified', fromClassification: c.classification, toClassification: next.classification, ...by, detail: via });
  if (next.testedPositiveOn !== c.testedPositiveOn) {
    await insertCaseEvent(trx, {
      caseId: c.id, at: now, kind: 'window_changed', fromClassification: null, toClassification: null, ...by,
      detail: { ...via, before: { testedPositiveOn: c.testedPositiveOn }, after: { testedPositiveOn: next.testedPositiveOn } },
    });
  }
  await noteFactsChanged(trx, [c.personId], 'case', c.id, now);
  return { caseId: c.id, action: 'promote', changed: { id: c.id, personId: c.personId, traceRequestedAt } };
}

/** After the visit's transaction committed. */
export async function afterVisitCase(deps: TracingDeps, outcome: CaseOutcome | undefined): Promise<void> {
  if (outcome?.changed) await afterCaseChange(deps, outcome.changed);
}
