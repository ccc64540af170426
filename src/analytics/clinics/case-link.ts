/**
 * A clinic visit's case (病例) in the registry, written in the visit's transaction: a suspected
 * patient becomes a suspected case, a positive result a confirmed one (source fever_clinic,
 * reported today, tested positive on the result's day). The person never gets a second open case:
 * a suspected case is promoted to confirmed, an open case otherwise is joined as it is.
 *
 * The tracing capability's registerCase and reclassifyCase run their own transaction and check
 * the health official's permission (tracing.case.write), which clinic staff rightly lack; so this
 * file uses the registry's transaction-level services, as the case import does
 * (src/tracing/import-write.ts): insertNewCase for a new case, confirmCaseInTransaction for a
 * promotion, and afterCaseChange after the commit (colour recomputed, tracing woken). The clinic service has
 * checked its own permission (clinic.visit.write at this clinic) before; the case events name the
 * clinic staff member and the visit.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../kernel/access.ts';
import { shanghaiDay } from '../../kernel/time.ts';
import { AppError } from '../../kernel/errors.ts';
import { afterCaseChange, confirmCaseInTransaction, insertNewCase, openCaseOfPerson } from '../../tracing/cases.ts';
import { tracingFail } from '../../tracing/errors.ts';
import { checkCaseFields, type CaseFields } from '../../tracing/model/case.ts';
import type { CaseRow } from '../../tracing/store.ts';
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
  const open = await openCaseOfPerson(trx, visit.personId);
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

/** 疑似 → 确诊 through the registry (tracing's confirmCaseInTransaction); a closed case (died) is said as the clinic's error. */
async function promote(trx: Transaction<Database>, deps: TracingDeps, staff: Actor, caseId: string, visit: VisitForCase, testedPositiveOn: string): Promise<CaseOutcome> {
  try {
    const changed = await confirmCaseInTransaction(trx, deps, staff, caseId, { testedPositiveOn, detail: { via: 'fever_clinic', visitId: visit.id, clinic: visit.clinicName } });
    return { caseId, action: 'promote', changed };
  } catch (error) {
    if (error instanceof AppError && error.code === 'TRACING_CLASSIFICATION_FINAL') throw clinicFail('CLINIC_CASE_CLOSED');
    throw error;
  }
}

/** After the visit's transaction committed. */
export async function afterVisitCase(deps: TracingDeps, outcome: CaseOutcome | undefined): Promise<void> {
  if (outcome?.changed) await afterCaseChange(deps, outcome.changed);
}
