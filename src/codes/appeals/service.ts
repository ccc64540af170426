/**
 * Appeals (纠错): a resident (or guardian) files one from the code page; it lands in the home
 * region's queue with a 72-hour deadline; an official takes it, answers it, and the resident reads
 * the answer. Messages and answers may name people, so both are encrypted; the queue shows them
 * only to the official who takes the appeal, and that read is audited.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { homeRegionOf, requireSelfOrGuardian } from '../../people/service.ts';
import { proposalConcerns } from '../overrides/service.ts';
import { appealFail } from './errors.ts';
import { checkLength, deadlineFor, decodeQueueCursor, encodeQueueCursor, isOverdue, MAX_OPEN_APPEALS, type AppealOutcome } from './model.ts';
import {
  countOpenAppeals, findAppealQueue, findAppealsOfPerson, insertAppeal, lockAppeal, lockPersonAppeals, setAppealAnswer, setAppealOwner, type StoredAppeal,
} from './store.ts';

export interface AppealDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

/** What the resident sees: whether someone owns it, never who. */
export interface ResidentAppeal {
  id: string;
  personId: string;
  status: 'open' | 'answered';
  message: string;
  filedAt: Date;
  deadline: Date;
  overdue: boolean;
  owner: 'assigned' | null;
  answer: string | null;
  outcome: AppealOutcome | null;
  answeredAt: Date | null;
}

/** A queue row: no message (that is read when the appeal is taken, audited). */
export interface QueuedAppeal {
  id: string;
  personId: string;
  regionCode: string;
  status: 'open' | 'answered';
  filedAt: Date;
  deadline: Date;
  overdue: boolean;
  ownerAccountId: string | null;
  ownedByMe: boolean;
}

export interface StaffAppeal extends QueuedAppeal {
  message: string;
  answer: string | null;
  outcome: AppealOutcome | null;
  correctionRef: string | null;
}

const open = (keyring: Keyring, value: string | null) => (value === null ? null : decryptField(keyring, value));

function residentView(keyring: Keyring, row: StoredAppeal, at: Date): ResidentAppeal {
  return {
    id: row.id, personId: row.personId, status: row.status, message: decryptField(keyring, row.messageEnc), filedAt: row.filedAt, deadline: row.deadlineAt,
    overdue: isOverdue(row, at), owner: row.ownerAccountId ? 'assigned' : null, answer: open(keyring, row.answerEnc), outcome: row.outcome, answeredAt: row.answeredAt,
  };
}

function queuedView(row: StoredAppeal, actor: Actor, at: Date): QueuedAppeal {
  return {
    id: row.id, personId: row.personId, regionCode: row.regionCode, status: row.status, filedAt: row.filedAt, deadline: row.deadlineAt,
    overdue: isOverdue(row, at), ownerAccountId: row.ownerAccountId, ownedByMe: row.ownerAccountId === actor.accountId,
  };
}

function staffView(keyring: Keyring, row: StoredAppeal, actor: Actor, at: Date): StaffAppeal {
  return { ...queuedView(row, actor, at), message: decryptField(keyring, row.messageEnc), answer: open(keyring, row.answerEnc), outcome: row.outcome, correctionRef: row.correctionRef };
}

/** The resident files an appeal for themself or a dependant; at most three open at a time. */
export async function fileAppeal(deps: AppealDeps, actor: Actor | undefined, input: { personId: string; message: string }): Promise<ResidentAppeal> {
  requireAccess(actor, 'code.declare');
  const resident = await requireSelfOrGuardian(deps.db, actor, input.personId);
  const message = checkLength(input.message, 5, 1000);
  if (!message) throw appealFail('APPEAL_MESSAGE_INVALID', { field: 'message' });
  const home = (await homeRegionOf(deps.db, input.personId))!;
  const at = deps.clock.now();
  const row = { id: randomUUID(), personId: input.personId, regionCode: home, filedBy: resident.accountId, filedAt: at, deadlineAt: deadlineFor(at), messageEnc: encryptField(deps.keyring, message) };
  await inTransaction(deps.db, async (trx) => {
    await lockPersonAppeals(trx, input.personId);
    if ((await countOpenAppeals(trx, input.personId)) >= MAX_OPEN_APPEALS) throw appealFail('APPEAL_LIMIT');
    await insertAppeal(trx, row);
    await recordAudit(trx, resident, { action: 'code.appeal.file', targetType: 'person', targetId: input.personId, regionCode: home, detail: { appealId: row.id } }, deps.clock);
  });
  return residentView(deps.keyring, { ...row, status: 'open', ownerAccountId: null, assignedAt: null, answerEnc: null, outcome: null, correctionRef: null, answeredBy: null, answeredAt: null }, at);
}

/** The resident's (or a dependant's) appeals with their answers, newest first. */
export async function listMyAppeals(deps: AppealDeps, actor: Actor | undefined, personId: string): Promise<ResidentAppeal[]> {
  requireAccess(actor, 'code.declare');
  await requireSelfOrGuardian(deps.db, actor, personId);
  const at = deps.clock.now();
  return (await findAppealsOfPerson(deps.db, personId, 50)).map((r) => residentView(deps.keyring, r, at));
}

/** The queue of my regions, nearest deadline first, overdue ones flagged. */
export async function listAppealQueue(
  deps: AppealDeps, actor: Actor | undefined, query: { status: 'open' | 'answered'; after?: string; limit: number },
): Promise<{ items: QueuedAppeal[]; next: string | null }> {
  const official = requireAccess(actor, 'code.appeal.handle');
  const after = query.after === undefined ? undefined : decodeQueueCursor(query.after);
  if (query.after !== undefined && !after) throw appealFail('APPEAL_CURSOR_INVALID', { field: 'after' });
  const at = deps.clock.now();
  const rows = await findAppealQueue(deps.db, scopesFor(official, 'code.appeal.handle').map(regionPrefix), query.status, { after, limit: query.limit });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => queuedView(r, official, at)), next: rows.length === query.limit && last ? encodeQueueCursor({ deadlineAt: last.deadlineAt, id: last.id }) : null };
}

async function lockInScope(trx: Parameters<typeof lockAppeal>[0], official: Actor, id: string): Promise<StoredAppeal> {
  const appeal = /^[0-9a-f-]{36}$/.test(id) ? await lockAppeal(trx, id) : undefined;
  if (!appeal || !can(official, 'code.appeal.handle', appeal.regionCode)) throw appealFail('APPEAL_NOT_FOUND');
  return appeal;
}

/** An official takes the appeal (or takes it over); the message is revealed to them, audited. */
export async function assignAppealToSelf(deps: AppealDeps, actor: Actor | undefined, id: string): Promise<StaffAppeal> {
  const official = requireAccess(actor, 'code.appeal.handle');
  const at = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const appeal = await lockInScope(trx, official, id);
    if (appeal.status !== 'open') throw appealFail('APPEAL_ALREADY_ANSWERED');
    await setAppealOwner(trx, appeal.id, official.accountId, at);
    await recordAudit(trx, official, {
      action: 'code.appeal.assign', targetType: 'person', targetId: appeal.personId, regionCode: appeal.regionCode,
      detail: { appealId: appeal.id, previousOwner: appeal.ownerAccountId },
    }, deps.clock);
    return staffView(deps.keyring, { ...appeal, ownerAccountId: official.accountId, assignedAt: at }, official, at);
  });
}

/** The owner answers: 'upheld' (the colour stands) or 'corrected' (pointing at a manual-decision proposal, or saying what was fixed). */
export async function answerAppeal(
  deps: AppealDeps, actor: Actor | undefined, id: string, input: { answer: string; outcome: AppealOutcome; correctionRef?: string | null },
): Promise<StaffAppeal> {
  const official = requireAccess(actor, 'code.appeal.handle');
  const answer = checkLength(input.answer, 5, 1000);
  if (!answer) throw appealFail('APPEAL_ANSWER_INVALID', { field: 'answer' });
  const at = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const appeal = await lockInScope(trx, official, id);
    if (appeal.status !== 'open') throw appealFail('APPEAL_ALREADY_ANSWERED');
    if (appeal.ownerAccountId !== official.accountId) throw appealFail('APPEAL_NOT_OWNER');
    const correctionRef = input.correctionRef ?? null;
    if (correctionRef !== null && (input.outcome !== 'corrected' || !(await proposalConcerns(trx, correctionRef, appeal.personId)))) {
      throw appealFail('APPEAL_CORRECTION_REF_INVALID', { field: 'correctionRef' });
    }
    const stored = { answerEnc: encryptField(deps.keyring, answer), outcome: input.outcome, correctionRef, answeredBy: official.accountId, answeredAt: at };
    await setAppealAnswer(trx, appeal.id, stored);
    await recordAudit(trx, official, {
      action: 'code.appeal.answer', targetType: 'person', targetId: appeal.personId, regionCode: appeal.regionCode,
      detail: { appealId: appeal.id, outcome: input.outcome, correctionRef, overdue: isOverdue(appeal, at) },
    }, deps.clock);
    return staffView(deps.keyring, { ...appeal, ...stored, status: 'answered' }, official, at);
  });
}
