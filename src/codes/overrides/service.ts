/**
 * Four-eyes manual colour decisions (人工核定): a health official of the person's home region
 * proposes (colour, reason, legal basis, 1–14 days); only a second, different official of that
 * region can make it take effect. Establishing a false declaration (虚假申报认定, proposed in
 * false-declaration-service.ts) and revoking a running decision or establishment take the same
 * two steps, through the same approve / reject below. Officials of other regions cannot propose
 * or approve: they send a request to the home region's queue. Every step is audited; approval
 * notes "facts changed" and recomputes the colour in the same transaction, so the decision and
 * the new colour commit together.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { cityOf, regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { homeRegionOf } from '../../people/service.ts';
import { describeRegion } from '../../regions/service.ts';
import type { FalseDeclaration, ManualDecision } from '../rules/index.ts';
import { noteFactsChanged } from '../colours/outbox/service.ts';
import { recomputeColour } from '../colours/service.ts';
import { overrideFail } from './errors.ts';
import {
  checkGrounds, checkProposal, checkText, decisionWindow, decodePageCursor, encodePageCursor, establishmentWindow, evidenceSource, isInForce, isLapsed,
  MANUAL_REASON_CODE, officeName, PROPOSAL_TTL_MS, type PageCursor, type ProposalFields, type ProposalInput, type ProposalKind,
} from './model.ts';
import {
  findDeclarationEstablishments, findEffectiveDecisions, findEstablishedFalseDeclarations, findPendingProposals, findProposal, findRequests, insertProposal,
  insertRequest, isSecondEstablishment, lockProposal, markApproved, markDecisionRevoked, markRejected, type NewProposal, type StoredProposal,
} from './store.ts';

export type { ProposalInput } from './model.ts';

export interface OverrideDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

export interface ProposalView extends ProposalFields {
  reason: string;
  proposedByMe: boolean;
  status: 'pending' | 'approved' | 'rejected' | 'lapsed';
  effectiveFrom: Date | null;
  effectiveUntil: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function viewOf(keyring: Keyring, row: StoredProposal, actor: Actor, at: Date): ProposalView {
  return {
    id: row.id, kind: row.kind, personId: row.personId, regionCode: row.regionCode, colour: row.colour, validDays: row.validDays,
    decisionId: row.decisionId, declarationId: row.declarationId, reason: decryptField(keyring, row.reasonEnc), legalBasis: row.legalBasis, office: row.office,
    proposedByMe: row.proposedBy === actor.accountId, proposedAt: row.proposedAt, expiresAt: row.expiresAt,
    status: isLapsed(row, at) ? 'lapsed' : row.status, effectiveFrom: row.effectiveFrom, effectiveUntil: row.effectiveUntil,
  };
}

/** The person's home region when the actor may decide for them; out of scope answers exactly like "no such person". */
export async function homeInScope(db: DbOrTrx, actor: Actor, personId: string): Promise<string> {
  const home = UUID.test(personId) ? await homeRegionOf(db, personId) : undefined;
  if (!home || !can(actor, 'code.override', home)) throw overrideFail('OVERRIDE_PERSON_NOT_FOUND');
  return home;
}

async function officeFor(db: DbOrTrx, home: string): Promise<string> {
  return officeName((await describeRegion(db, cityOf(home))).name);
}

/** Step one of every kind: the pending proposal and its audit row, in one transaction. */
export async function saveProposal(deps: OverrideDeps, official: Actor, row: Omit<NewProposal, 'id' | 'office' | 'proposedBy' | 'proposedAt' | 'expiresAt'>, reason: string): Promise<ProposalView> {
  const at = deps.clock.now();
  const full: NewProposal = {
    ...row, id: randomUUID(), office: await officeFor(deps.db, row.regionCode), proposedBy: official.accountId, proposedAt: at,
    expiresAt: new Date(at.getTime() + PROPOSAL_TTL_MS),
  };
  await inTransaction(deps.db, async (trx) => {
    await insertProposal(trx, full);
    await recordAudit(trx, official, {
      action: `code.override.propose_${row.kind}`, targetType: 'person', targetId: row.personId, regionCode: row.regionCode, reason,
      detail: { proposalId: full.id, colour: row.colour, legalBasis: row.legalBasis, validDays: row.validDays, decisionId: row.decisionId, declarationId: row.declarationId },
    }, deps.clock);
  });
  return viewOf(deps.keyring, { ...full, status: 'pending', decidedBy: null, decidedAt: null, rejectReasonEnc: null, effectiveFrom: null, effectiveUntil: null, revokedAt: null }, official, at);
}

/** Step one: a proposal, pending until a second official of the home region approves it. */
export async function proposeDecision(deps: OverrideDeps, actor: Actor | undefined, input: ProposalInput): Promise<ProposalView> {
  const official = requireAccess(actor, 'code.override');
  const home = await homeInScope(deps.db, official, input.personId);
  const checked = checkProposal(input);
  if (!checked.ok) throw overrideFail(checked.code, { field: checked.field });
  const { personId, colour, reason, legalBasis, validDays } = checked.value;
  return saveProposal(deps, official, {
    kind: 'decide', personId, regionCode: home, colour, validDays, decisionId: null, declarationId: null, reasonEnc: encryptField(deps.keyring, reason), legalBasis,
  }, reason);
}

/** Ending a running decision, or withdrawing an established false declaration, takes the same two steps as making it. */
export async function proposeRevocation(
  deps: OverrideDeps, actor: Actor | undefined, input: { decisionId: string; reason: string; legalBasis: string },
): Promise<ProposalView> {
  const official = requireAccess(actor, 'code.override');
  const decision = UUID.test(input.decisionId) ? await findProposal(deps.db, input.decisionId) : undefined;
  if (!decision || decision.kind === 'revoke' || !can(official, 'code.override', decision.regionCode)) throw overrideFail('OVERRIDE_NOT_FOUND');
  if (!isInForce(decision, deps.clock.now())) throw overrideFail('OVERRIDE_DECISION_NOT_ACTIVE');
  const checked = checkGrounds(input);
  if (!checked.ok) throw overrideFail(checked.code, { field: checked.field });
  const { reason, legalBasis } = checked.value;
  return saveProposal(deps, official, {
    kind: 'revoke', personId: decision.personId, regionCode: decision.regionCode, colour: null, validDays: null, decisionId: decision.id, declarationId: null,
    reasonEnc: encryptField(deps.keyring, reason), legalBasis,
  }, reason);
}

/** Locks a pending proposal the actor may decide, or throws the reason it cannot be decided. */
async function lockDecidable(trx: Parameters<typeof lockProposal>[0], actor: Actor, id: string, at: Date): Promise<StoredProposal> {
  const proposal = UUID.test(id) ? await lockProposal(trx, id) : undefined;
  if (!proposal || !can(actor, 'code.override', proposal.regionCode)) throw overrideFail('OVERRIDE_NOT_FOUND');
  if (proposal.status !== 'pending') throw overrideFail('OVERRIDE_NOT_PENDING');
  if (isLapsed(proposal, at)) throw overrideFail('OVERRIDE_PROPOSAL_EXPIRED');
  if (proposal.proposedBy === actor.accountId) throw overrideFail('OVERRIDE_SELF_APPROVAL');
  return proposal;
}

/**
 * Step two: a second official of the home region approves; the colour is recomputed at once. A
 * decision opens its window, an establishment is in force from now until revoked, a revocation
 * ends the decision or establishment it names. An establishment of a declaration already
 * established (a race between two proposals) is refused, by the check here or by the unique index.
 */
export async function approveProposal(deps: OverrideDeps, actor: Actor | undefined, id: string): Promise<ProposalView> {
  const official = requireAccess(actor, 'code.override');
  const at = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const proposal = await lockDecidable(trx, official, id, at);
    const target = proposal.kind === 'revoke' ? await lockProposal(trx, proposal.decisionId!) : proposal;
    if (!target || target.kind === 'revoke' || (proposal.kind === 'revoke' && !isInForce(target, at))) throw overrideFail('OVERRIDE_DECISION_NOT_ACTIVE');
    if (proposal.kind === 'revoke') await markDecisionRevoked(trx, target.id, at);
    if (proposal.kind === 'false_declaration' && (await findDeclarationEstablishments(trx, [proposal.declarationId!], at)).some((e) => e.status === 'approved')) {
      throw overrideFail('OVERRIDE_DECLARATION_ALREADY_ESTABLISHED');
    }
    const window = proposal.kind === 'decide' ? decisionWindow(at, proposal.validDays!) : proposal.kind === 'false_declaration' ? establishmentWindow(at) : null;
    await markApproved(trx, proposal.id, official.accountId, at, window);
    await recordAudit(trx, official, {
      action: `code.override.approve_${proposal.kind}`, targetType: 'person', targetId: proposal.personId, regionCode: proposal.regionCode,
      reason: decryptField(deps.keyring, proposal.reasonEnc),
      detail: {
        proposalId: proposal.id, colour: proposal.colour, legalBasis: proposal.legalBasis, decisionId: proposal.decisionId, declarationId: proposal.declarationId,
        until: window?.until?.toISOString() ?? null,
      },
    }, deps.clock);
    const source = evidenceSource(target.kind);
    await noteFactsChanged(trx, [proposal.personId], source, proposal.id, at);
    await recomputeColour({ db: trx, keyring: deps.keyring, clock: deps.clock }, proposal.personId, {
      evidenceRef: `${source}:${target.id}`, actor: { kind: 'account', accountId: official.accountId },
    });
    return viewOf(deps.keyring, { ...proposal, status: 'approved', decidedBy: official.accountId, decidedAt: at, effectiveFrom: window?.from ?? null, effectiveUntil: window?.until ?? null }, official, at);
  }).catch((error: unknown) => {
    if (isSecondEstablishment(error)) throw overrideFail('OVERRIDE_DECLARATION_ALREADY_ESTABLISHED');
    throw error;
  });
}

/** A second official may also refuse, with a reason; the proposer cannot decide their own proposal either way. */
export async function rejectProposal(deps: OverrideDeps, actor: Actor | undefined, id: string, rawReason: string): Promise<ProposalView> {
  const official = requireAccess(actor, 'code.override');
  const reason = checkText(rawReason, 2, 500);
  if (!reason) throw overrideFail('OVERRIDE_REASON_INVALID', { field: 'reason' });
  const at = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const proposal = await lockDecidable(trx, official, id, at);
    await markRejected(trx, proposal.id, official.accountId, at, encryptField(deps.keyring, reason));
    await recordAudit(trx, official, {
      action: `code.override.reject_${proposal.kind}`, targetType: 'person', targetId: proposal.personId, regionCode: proposal.regionCode, reason,
      detail: { proposalId: proposal.id, colour: proposal.colour, legalBasis: proposal.legalBasis },
    }, deps.clock);
    return viewOf(deps.keyring, { ...proposal, status: 'rejected', decidedBy: official.accountId, decidedAt: at }, official, at);
  });
}

function cursorOrFail(raw: string | undefined): PageCursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodePageCursor(raw);
  if (!cursor) throw overrideFail('OVERRIDE_CURSOR_INVALID', { field: 'after' });
  return cursor;
}

/** Pending proposals of my regions (oldest first), including my own so I see what waits for a colleague. */
export async function listPendingProposals(
  deps: OverrideDeps, actor: Actor | undefined, query: { after?: string; limit: number },
): Promise<{ items: ProposalView[]; next: string | null }> {
  const official = requireAccess(actor, 'code.override');
  const at = deps.clock.now();
  const rows = await findPendingProposals(deps.db, scopesFor(official, 'code.override').map(regionPrefix), at, { after: cursorOrFail(query.after), limit: query.limit });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => viewOf(deps.keyring, r, official, at)), next: rows.length === query.limit && last ? encodePageCursor({ at: last.proposedAt, id: last.id }) : null };
}

/**
 * An official of another region asks the home region to look at a person. The answer is the same
 * whether or not the person exists, so the request cannot be used to probe for people.
 */
export async function requestFromOtherRegion(
  deps: OverrideDeps, actor: Actor | undefined, input: { personId: string; reason: string },
): Promise<{ status: 'sent' }> {
  const official = requireAccess(actor, 'code.override');
  const reason = checkText(input.reason, 2, 500);
  if (!reason) throw overrideFail('OVERRIDE_REASON_INVALID', { field: 'reason' });
  const home = UUID.test(input.personId) ? await homeRegionOf(deps.db, input.personId) : undefined;
  if (home && can(official, 'code.override', home)) throw overrideFail('OVERRIDE_REQUEST_OWN_REGION');
  const fromRegionCode = scopesFor(official, 'code.override')[0]!;
  const at = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const id = randomUUID();
    if (home) await insertRequest(trx, { id, personId: input.personId, regionCode: home, fromRegionCode, requestedBy: official.accountId, requestedAt: at, reasonEnc: encryptField(deps.keyring, reason) });
    await recordAudit(trx, official, {
      action: 'code.override.request', targetType: 'person', targetId: home ? input.personId : null, regionCode: home ?? fromRegionCode, reason,
      detail: { requestId: home ? id : null, fromRegionCode, found: home !== undefined },
    }, deps.clock);
  });
  return { status: 'sent' };
}

export interface RequestView {
  id: string;
  personId: string;
  regionCode: string;
  fromRegionCode: string;
  requestedAt: Date;
  reason: string;
}

/** Requests other regions sent to mine, oldest first. */
export async function listRequests(
  deps: OverrideDeps, actor: Actor | undefined, query: { after?: string; limit: number },
): Promise<{ items: RequestView[]; next: string | null }> {
  const official = requireAccess(actor, 'code.override');
  const rows = await findRequests(deps.db, scopesFor(official, 'code.override').map(regionPrefix), { after: cursorOrFail(query.after), limit: query.limit });
  const last = rows[rows.length - 1];
  return {
    items: rows.map(({ reasonEnc, requestedBy: _by, ...r }) => ({ ...r, reason: decryptField(deps.keyring, reasonEnc) })),
    next: rows.length === query.limit && last ? encodePageCursor({ at: last.requestedAt, id: last.id }) : null,
  };
}

/** What officials established about a person, as rule facts. */
export interface OfficialFacts {
  /** Decisions in force at the evaluation time (approved, not expired, not revoked). */
  manualDecisions: ManualDecision[];
  /** Declarations established as false and not withdrawn; establishedAt is the approval time. */
  falseDeclarations: FalseDeclaration[];
}

/** The official facts of many persons, two queries in all; persons without any are absent from the map. */
export async function officialFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, OfficialFacts>> {
  const byPerson = new Map<string, OfficialFacts>();
  const of = (personId: string): OfficialFacts => {
    let facts = byPerson.get(personId);
    if (!facts) byPerson.set(personId, (facts = { manualDecisions: [], falseDeclarations: [] }));
    return facts;
  };
  for (const row of await findEffectiveDecisions(db, personIds, at)) {
    of(row.personId).manualDecisions.push({ colour: row.colour, since: row.effectiveFrom, until: row.effectiveUntil, office: row.office, reasonCode: MANUAL_REASON_CODE });
  }
  for (const row of await findEstablishedFalseDeclarations(db, personIds)) of(row.personId).falseDeclarations.push({ establishedAt: row.establishedAt });
  return byPerson;
}

/** Whether a proposal (of any kind) concerns this person: an appeal answered "corrected" may point at it. */
export async function proposalConcerns(db: DbOrTrx, proposalId: string, personId: string): Promise<boolean> {
  const proposal = UUID.test(proposalId) ? await findProposal(db, proposalId) : undefined;
  return proposal?.personId === personId;
}
