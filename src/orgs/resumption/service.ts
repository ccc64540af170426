/**
 * Return to work (复工复产). A company's administrator files a resumption application (复工申请)
 * and submits it; a health official whose grant covers the company's region approves it or returns
 * it with comments; a returned application is edited and resubmitted. Every move is checked against
 * the state machine (model.ts nextStatus) and the role that may make it (MOVE_BY), kept as an
 * event the company sees, and audited. The contact person's name and phone are encrypted at rest.
 *
 * Employees (active members) declare their return (返岗申报): origin, quarantine status, planned
 * day; the administrator (HR) approves a return date or asks them to wait. The dashboard counts
 * who is back, in observation or waiting per unit, with masked, keyset-paginated lists.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { can, requireActor, scopesFor, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../../kernel/errors.ts';
import { maskName, maskPhone } from '../../kernel/masking.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../../kernel/time.ts';
import { maskedLabelsOf, requireSelfOrGuardian } from '../../people/service.ts';
import { regionNames } from '../../regions/service.ts';
import { requireOrganisationRelation, type OrganisationAccess } from '../access.ts';
import { orgFail } from '../errors.ts';
import { unitAndDescendants } from '../model.ts';
import { findMembershipsOfPerson, findOrganisation, findOrganisationsOfAdmin, findUnits, isActiveMember } from '../store.ts';
import { resumptionFail } from './errors.ts';
import {
  bucketOf, checkApplication, checkComment, checkReturnDecision, checkReturnToWork, MOVE_BY, nextStatus, RETURN_BUCKETS,
  type ApplicationInput, type QuarantineState, type ResumptionMove, type ResumptionStatus, type ReturnBucket, type ReturnInput, type ReturnStatus,
} from './model.ts';
import {
  countMembersByUnit, countReturnsByUnit, decideReturn, findApplication, findApplicationsInRegions, findApplicationsOfOrganisation, findEvents,
  findReturn, findReturnsInBucket, findReturnsOfPersons, insertApplication, insertEvent, updateApplication, upsertReturn,
  type ApplicationRow, type EventRow, type ReturnRow,
} from './store.ts';

export interface ResumptionDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

export interface ResumptionEvent { at: Date; actorLabel: string; fromStatus: string | null; toStatus: string; comment: string | null }

export interface ApplicationView {
  id: string;
  organisationId: string;
  organisationName: string;
  regionCode: string;
  status: ResumptionStatus;
  headcount: number;
  returningCount: number;
  measures: string;
  masks: number;
  disinfectantLitres: number;
  contactNameMasked: string;
  contactPhoneMasked: string;
  /** Only in a single application's view (the company's own, or an official's audited read). */
  contactName: string | null;
  contactPhone: string | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  events: ResumptionEvent[];
}

function viewOf(keyring: Keyring, row: ApplicationRow, organisationName: string, events: readonly EventRow[], reveal: boolean): ApplicationView {
  return {
    id: row.id, organisationId: row.organisationId, organisationName, regionCode: row.regionCode, status: row.status,
    headcount: row.headcount, returningCount: row.returningCount, measures: row.measures, masks: row.masks, disinfectantLitres: row.disinfectantLitres,
    contactNameMasked: row.contactNameMasked, contactPhoneMasked: row.contactPhoneMasked,
    contactName: reveal ? decryptField(keyring, row.contactNameEnc) : null, contactPhone: reveal ? decryptField(keyring, row.contactPhoneEnc) : null,
    createdAt: row.createdAt, updatedAt: row.updatedAt, submittedAt: row.submittedAt, decidedAt: row.decidedAt, decisionComment: row.decisionComment,
    events: events.filter((e) => e.applicationId === row.id).map((e) => ({ at: e.at, actorLabel: e.actorLabel, fromStatus: e.fromStatus, toStatus: e.toStatus, comment: e.comment })),
  };
}

function sealedFields(keyring: Keyring, input: ApplicationInput) {
  return {
    headcount: input.headcount, returningCount: input.returningCount, measures: input.measures, masks: input.masks, disinfectantLitres: input.disinfectantLitres,
    contactNameEnc: encryptField(keyring, input.contactName), contactNameMasked: maskName(input.contactName),
    contactPhoneEnc: encryptField(keyring, input.contactPhone), contactPhoneMasked: maskPhone(input.contactPhone),
  };
}

function checkedApplication(input: ApplicationInput): ApplicationInput {
  const checked = checkApplication(input);
  if (!checked.ok) throw resumptionFail(checked.code, { field: checked.field });
  return checked.value;
}

/** The application with the actor's relation to its organisation; another region's official or a stranger gets RESUMPTION_NOT_FOUND. */
async function applicationFor(db: DbOrTrx, actor: Actor | undefined, id: string, lock = false): Promise<{ row: ApplicationRow; access: OrganisationAccess }> {
  requireActor(actor);
  const row = await findApplication(db, id, lock);
  if (!row) throw resumptionFail('RESUMPTION_NOT_FOUND');
  try {
    return { row, access: await requireOrganisationRelation(db, actor, row.organisationId, 'view') };
  } catch (error) {
    if ((error as { code?: string }).code === 'ORG_NOT_FOUND') throw resumptionFail('RESUMPTION_NOT_FOUND');
    throw error;
  }
}

/** Whether this actor may make the move on an organisation it relates to: the admin its moves, a health official of the region the official's. */
function mayMove(access: OrganisationAccess, move: ResumptionMove): boolean {
  if (MOVE_BY[move] === 'admin') return access.manage;
  return can(access.staff, 'org.resumption.approve', access.organisation.regionCode);
}

async function moveAndRecord(
  trx: DbOrTrx, deps: ResumptionDeps, staff: Actor, row: ApplicationRow, to: ResumptionStatus, move: ResumptionMove, comment: string | null,
  change: Parameters<typeof updateApplication>[2],
): Promise<void> {
  const now = deps.clock.now();
  await updateApplication(trx, row.id, { ...change, status: to, updatedAt: now });
  await insertEvent(trx, { applicationId: row.id, at: now, actorAccountId: staff.accountId, actorLabel: staff.label, fromStatus: row.status, toStatus: to, comment });
  await recordAudit(trx, staff, {
    action: `org.resumption.${move}`, targetType: 'resumption_application', targetId: row.id, regionCode: row.regionCode,
    detail: { organisationId: row.organisationId, from: row.status, to },
  }, deps.clock);
}

async function reload(deps: ResumptionDeps, id: string, reveal: boolean): Promise<ApplicationView> {
  const row = (await findApplication(deps.db, id))!;
  const organisation = await findOrganisation(deps.db, row.organisationId);
  return viewOf(deps.keyring, row, organisation?.name ?? '', await findEvents(deps.db, [id]), reveal);
}

/** A draft application of the administrator's company (one not approved at a time). */
export async function createApplication(deps: ResumptionDeps, actor: Actor | undefined, organisationId: string, input: ApplicationInput): Promise<ApplicationView> {
  const access = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  if (access.organisation.kind !== 'company') throw resumptionFail('RESUMPTION_COMPANY_ONLY');
  const value = checkedApplication(input);
  const now = deps.clock.now();
  const id = randomUUID();
  try {
    await inTransaction(deps.db, async (trx) => {
      await insertApplication(trx, {
        id, organisationId, regionCode: access.organisation.regionCode, status: 'draft', ...sealedFields(deps.keyring, value),
        createdByAccountId: access.staff.accountId, createdAt: now, updatedAt: now, submittedAt: null, decidedAt: null, decidedByAccountId: null, decisionComment: null,
      });
      await insertEvent(trx, { applicationId: id, at: now, actorAccountId: access.staff.accountId, actorLabel: access.staff.label, fromStatus: null, toStatus: 'draft', comment: null });
      await recordAudit(trx, access.staff, { action: 'org.resumption.create', targetType: 'resumption_application', targetId: id, regionCode: access.organisation.regionCode, detail: { organisationId } }, deps.clock);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw resumptionFail('RESUMPTION_OPEN_EXISTS');
    throw error;
  }
  return reload(deps, id, true);
}

/** Edits a draft or a returned application (the company's administrator). */
export async function editApplication(deps: ResumptionDeps, actor: Actor | undefined, id: string, input: ApplicationInput): Promise<ApplicationView> {
  const value = checkedApplication(input);
  await inTransaction(deps.db, async (trx) => {
    const { row, access } = await applicationFor(trx, actor, id, true);
    if (!mayMove(access, 'edit')) throw kernelFail('FORBIDDEN', { move: 'edit' });
    if (!nextStatus(row.status, 'edit')) throw resumptionFail('RESUMPTION_NOT_EDITABLE', { status: row.status });
    const now = deps.clock.now();
    await updateApplication(trx, id, { ...sealedFields(deps.keyring, value), updatedAt: now });
    await recordAudit(trx, access.staff, { action: 'org.resumption.edit', targetType: 'resumption_application', targetId: id, regionCode: row.regionCode, detail: { organisationId: row.organisationId } }, deps.clock);
  });
  return reload(deps, id, true);
}

/**
 * submit (admin): draft → submitted, returned → resubmitted; approve / return (a health official of
 * the region; returning needs a comment): submitted | resubmitted → approved | returned.
 */
export async function moveApplication(
  deps: ResumptionDeps, actor: Actor | undefined, id: string, move: 'submit' | 'approve' | 'return', rawComment?: string | null,
): Promise<ApplicationView> {
  let reveal = false;
  await inTransaction(deps.db, async (trx) => {
    const { row, access } = await applicationFor(trx, actor, id, true);
    if (!mayMove(access, move)) throw kernelFail('FORBIDDEN', { move });
    const to = nextStatus(row.status, move);
    if (!to) throw resumptionFail('RESUMPTION_MOVE_NOT_ALLOWED', { status: row.status, move });
    const now = deps.clock.now();
    if (move === 'submit') {
      reveal = true;
      await moveAndRecord(trx, deps, access.staff, row, to, move, null, { submittedAt: now });
      return;
    }
    const comment = checkComment(move, rawComment);
    if (comment === undefined) throw resumptionFail('RESUMPTION_COMMENT_REQUIRED', { field: 'comment' });
    await moveAndRecord(trx, deps, access.staff, row, to, move, comment, { decidedAt: now, decidedByAccountId: access.staff.accountId, decisionComment: comment });
  });
  return reload(deps, id, reveal);
}

/**
 * One application with its history. The company's administrator sees its contact in full; an
 * official sees it in full too (to call the company), and that read is audited.
 */
export async function getApplication(deps: ResumptionDeps, actor: Actor | undefined, id: string): Promise<ApplicationView> {
  const { row, access } = await applicationFor(deps.db, actor, id);
  if (!access.manage) {
    await recordAudit(deps.db, access.staff, { action: 'org.resumption.read', targetType: 'resumption_application', targetId: id, regionCode: row.regionCode, detail: { organisationId: row.organisationId } }, deps.clock);
  }
  return viewOf(deps.keyring, row, access.organisation.name, await findEvents(deps.db, [id]), true);
}

/** The company's applications (newest first) with their states and comments, contacts masked. */
export async function listApplicationsOfOrganisation(deps: ResumptionDeps, actor: Actor | undefined, organisationId: string): Promise<ApplicationView[]> {
  const access = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const rows = await findApplicationsOfOrganisation(deps.db, organisationId);
  const events = await findEvents(deps.db, rows.map((r) => r.id));
  return rows.map((r) => viewOf(deps.keyring, r, access.organisation.name, events, false));
}

const APP_CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/;

/** The official's queue: applications of companies in the approver's regions, newest change first (keyset). */
export async function listApplicationsForOfficial(
  deps: ResumptionDeps, actor: Actor | undefined, query: { status?: ResumptionStatus; after?: string; limit: number },
): Promise<{ items: ApplicationView[]; next: string | null }> {
  const staff = requireActor(actor);
  const scopes = scopesFor(staff, 'org.resumption.approve');
  if (scopes.length === 0) throw kernelFail('FORBIDDEN', { permission: 'org.resumption.approve' });
  let after: { updatedAt: Date; id: string } | undefined;
  if (query.after) {
    const match = APP_CURSOR.exec(Buffer.from(query.after, 'base64url').toString('utf8'));
    if (!match) throw kernelFail('VALIDATION_FAILED', { field: 'after' });
    after = { updatedAt: new Date(match[1]!), id: match[2]! };
  }
  const statuses: ResumptionStatus[] | undefined = query.status ? [query.status] : undefined;
  const rows = await findApplicationsInRegions(deps.db, { prefixes: scopes.map(regionPrefix), statuses, after, limit: query.limit });
  const events = await findEvents(deps.db, rows.map((r) => r.id));
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => viewOf(deps.keyring, r, r.organisationName, events, false)),
    next: rows.length === query.limit && last ? Buffer.from(`${last.updatedAt.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

// ---- employees' return-to-work declarations (返岗申报) ----

export interface ReturnView {
  organisationId: string;
  organisationName: string;
  personId: string;
  declaredAt: Date;
  originRegionCode: string;
  originRegionName: string;
  quarantine: QuarantineState;
  plannedOn: string;
  status: ReturnStatus;
  approvedOn: string | null;
  hrComment: string | null;
  bucket: ReturnBucket;
}

async function returnViews(deps: ResumptionDeps, rows: readonly ReturnRow[]): Promise<ReturnView[]> {
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.originRegionCode))]);
  const orgNames = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.organisationId))) orgNames.set(id, (await findOrganisation(deps.db, id))?.name ?? '');
  const today = shanghaiDay(deps.clock.now());
  return rows.map((r) => ({
    organisationId: r.organisationId, organisationName: orgNames.get(r.organisationId) ?? '', personId: r.personId, declaredAt: r.declaredAt,
    originRegionCode: r.originRegionCode, originRegionName: names.get(r.originRegionCode) ?? r.originRegionCode, quarantine: r.quarantine,
    plannedOn: r.plannedOn, status: r.status, approvedOn: r.approvedOn, hrComment: r.hrComment, bucket: bucketOf(r, today),
  }));
}

/** A member (or their guardian) declares their return; declaring again replaces it and HR decides anew. */
export async function declareReturnToWork(deps: ResumptionDeps, actor: Actor | undefined, organisationId: string, input: ReturnInput & { personId: string }): Promise<ReturnView> {
  const resident = await requireSelfOrGuardian(deps.db, actor, input.personId);
  if (!(await isActiveMember(deps.db, organisationId, input.personId))) throw orgFail('ORG_NOT_A_MEMBER');
  const now = deps.clock.now();
  const checked = checkReturnToWork(input, shanghaiDay(now));
  if (!checked.ok) throw resumptionFail(checked.code, { field: checked.field });
  if (!(await regionNames(deps.db, [checked.value.originRegionCode])).has(checked.value.originRegionCode)) throw resumptionFail('RETURN_TO_WORK_REGION_UNKNOWN', { field: 'originRegionCode' });
  const row = await upsertReturn(deps.db, { id: randomUUID(), organisationId, personId: input.personId, declaredByAccountId: resident.accountId, declaredAt: now, ...checked.value });
  return (await returnViews(deps, [row]))[0]!;
}

/** The resident's (or a dependant's) return-to-work declarations, with HR's answers. */
export async function myReturnsToWork(deps: ResumptionDeps, actor: Actor | undefined, personId: string): Promise<ReturnView[]> {
  await requireSelfOrGuardian(deps.db, actor, personId);
  return returnViews(deps, await findReturnsOfPersons(deps.db, [personId]));
}

/** The companies the person (or a dependant) belongs to, each with the current return-to-work declaration or null. */
export async function myCompaniesForReturn(deps: ResumptionDeps, actor: Actor | undefined, personId: string): Promise<{ organisationId: string; name: string; declaration: ReturnView | null }[]> {
  await requireSelfOrGuardian(deps.db, actor, personId);
  const companies = (await findMembershipsOfPerson(deps.db, personId)).filter((m) => m.kind === 'company');
  const views = await returnViews(deps, await findReturnsOfPersons(deps.db, [personId]));
  return companies.map((c) => ({ organisationId: c.id, name: c.name, declaration: views.find((v) => v.organisationId === c.id) ?? null }));
}

/** The companies the console's administrator files applications for. */
export async function myAdministeredCompanies(deps: ResumptionDeps, actor: Actor | undefined): Promise<{ id: string; name: string; regionCode: string }[]> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  return (await findOrganisationsOfAdmin(deps.db, staff.accountId)).filter((o) => o.kind === 'company').map((o) => ({ id: o.id, name: o.name, regionCode: o.regionCode }));
}

/** HR (the organisation's administrator) approves a return date or asks the employee to wait (audited). */
export async function decideReturnToWork(
  deps: ResumptionDeps, actor: Actor | undefined, organisationId: string, personId: string, input: { decision: string; approvedOn?: string | null; comment?: string | null },
): Promise<ReturnView> {
  const access = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const now = deps.clock.now();
  const checked = checkReturnDecision(input, shanghaiDay(now));
  if (!checked.ok) throw resumptionFail(checked.code, { field: checked.field });
  const row = await inTransaction(deps.db, async (trx) => {
    const current = await findReturn(trx, organisationId, personId);
    if (!current) throw resumptionFail('RETURN_TO_WORK_NOT_FOUND');
    const { status, approvedOn, comment } = checked.value;
    const updated = await decideReturn(trx, current.id, { status, approvedOn, hrComment: comment, decidedByAccountId: access.staff.accountId, decidedAt: now });
    await recordAudit(trx, access.staff, {
      action: 'org.return_to_work.decide', targetType: 'person', targetId: personId, regionCode: access.organisation.regionCode,
      detail: { organisationId, status: checked.value.status, approvedOn: checked.value.approvedOn },
    }, deps.clock);
    return updated;
  });
  return (await returnViews(deps, [row]))[0]!;
}

export interface DashboardUnit { unitId: string | null; unitName: string; back: number; observation: number; waiting: number; undeclared: number }
export interface DashboardItem extends Omit<ReturnView, 'organisationName'> { nameMasked: string; unitId: string | null }

/**
 * The company's dashboard: counts per unit (back / in observation / waiting / not declared, each
 * unit on its own) and totals, and one page of a bucket's members (masked), optionally under a unit.
 */
export async function returnDashboard(
  deps: ResumptionDeps, actor: Actor | undefined, organisationId: string, query: { unitId?: string; bucket?: ReturnBucket; after?: string; limit: number },
): Promise<{ totals: Omit<DashboardUnit, 'unitId' | 'unitName'>; units: DashboardUnit[]; items: DashboardItem[]; next: string | null }> {
  await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const today = shanghaiDay(deps.clock.now());
  const units = await findUnits(deps.db, organisationId);
  if (query.unitId && !units.some((u) => u.id === query.unitId)) throw orgFail('ORG_UNIT_NOT_FOUND');
  if (query.after && !/^[0-9a-f-]{36}$/.test(query.after)) throw resumptionFail('RETURN_TO_WORK_CURSOR_INVALID', { field: 'after' });
  const [counts, members] = [await countReturnsByUnit(deps.db, organisationId, today), await countMembersByUnit(deps.db, organisationId)];
  const byUnit = new Map<string | null, DashboardUnit>();
  const unitOf = (unitId: string | null): DashboardUnit => {
    let u = byUnit.get(unitId);
    if (!u) {
      u = { unitId, unitName: units.find((x) => x.id === unitId)?.name ?? '', back: 0, observation: 0, waiting: 0, undeclared: 0 };
      byUnit.set(unitId, u);
    }
    return u;
  };
  for (const m of members) unitOf(m.unitId).undeclared += m.n;
  for (const c of counts) {
    const u = unitOf(c.unitId);
    u[c.bucket] += c.n;
    u.undeclared -= c.n;
  }
  const totals = { back: 0, observation: 0, waiting: 0, undeclared: 0 };
  for (const u of byUnit.values()) for (const k of [...RETURN_BUCKETS, 'undeclared'] as const) totals[k] += u[k];
  const unitIds = query.unitId ? unitAndDescendants(units, query.unitId) : undefined;
  const rows = await findReturnsInBucket(deps.db, organisationId, today, { bucket: query.bucket, unitIds, after: query.after, limit: query.limit });
  const labels = await maskedLabelsOf(deps.db, rows.map((r) => r.personId));
  const views = await returnViews(deps, rows);
  const last = rows[rows.length - 1];
  return {
    totals,
    units: [...byUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh')),
    items: views.map(({ organisationName: _, ...v }, i) => ({ ...v, nameMasked: labels.get(v.personId)?.nameMasked ?? '*', unitId: rows[i]!.unitId })),
    next: rows.length === query.limit && last ? last.personId : null,
  };
}
