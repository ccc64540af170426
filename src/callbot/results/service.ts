/**
 * The screening robot's results for staff: the campaign report (外呼报告: funnel, results, dial
 * outcomes, symptoms, per community, the abnormal and not-reached lists — masked, counted in SQL)
 * and the tasks (随访任务) final results opened for community workers — 随访核实 for abnormal people,
 * 上门核查 for people not reached — with the audited reveal of a task's contact. The Excel export
 * of the report is exports.ts; what a final result writes is hook.ts.
 */
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { decryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { regionNames } from '../../regions/service.ts';
import { callbotFail } from '../errors.ts';
import { decodeTaskCursor, encodeTaskCursor } from './cursor.ts';
import { callbotResultFail } from './errors.ts';
import {
  REPORT_LIST_LIMIT, reportCounts, taskNote,
  type AbnormalPerson, type CampaignReport, type NotReachedPerson, type TaskKind, type TaskStatus,
} from './model.ts';
import {
  aggregateCallees, countByCommunity, countCalleesByResult, countOutcomes, findCalleesByResult, findCampaignHead, findTaskView, findTaskViews,
  findTaskCalleeContact, lockTask, markTaskDone, type CampaignHead, type TaskViewRow,
} from './store.ts';

export interface ResultsDeps {
  db: DbOrTrx;
  clock: Clock;
}

/** The campaign if the actor may read its report; NOT_FOUND outside the actor's regions (as an unknown id). */
export async function readableCampaign(db: DbOrTrx, actor: Actor | undefined, campaignId: string): Promise<{ staff: Actor; campaign: CampaignHead }> {
  const staff = requireAccess(actor, 'callbot.report.read');
  const campaign = await findCampaignHead(db, campaignId);
  if (!campaign || !can(staff, 'callbot.report.read', campaign.regionCode)) throw callbotFail('CALLBOT_CAMPAIGN_NOT_FOUND');
  return { staff, campaign };
}

/** The report of a campaign (masked names and phones; lists capped at REPORT_LIST_LIMIT with their totals). */
export async function campaignReport(deps: ResultsDeps, actor: Actor | undefined, campaignId: string): Promise<CampaignReport> {
  const { campaign } = await readableCampaign(deps.db, actor, campaignId);
  return buildCampaignReport(deps.db, campaign, REPORT_LIST_LIMIT);
}

/** The report's figures and the first `listLimit` of each list (the export pages through the rest). */
export async function buildCampaignReport(db: DbOrTrx, campaign: CampaignHead, listLimit: number): Promise<CampaignReport> {
  const aggregate = await aggregateCallees(db, campaign.id);
  const { outcomes, connectedCallees } = await countOutcomes(db, campaign.id);
  const counts = reportCounts({ ...aggregate, connected: connectedCallees }, outcomes);
  const communities = await countByCommunity(db, campaign.id);
  const names = await regionNames(db, communities.map((c) => c.regionCode));
  const abnormal = await findCalleesByResult(db, campaign.id, 'abnormal', { limit: listLimit });
  const notReached = await findCalleesByResult(db, campaign.id, 'not_reached', { limit: listLimit });
  return {
    campaignId: campaign.id, name: campaign.name, regionCode: campaign.regionCode, status: campaign.status,
    ...counts,
    communities: communities.map((c) => ({ ...c, regionName: names.get(c.regionCode) ?? c.regionCode })),
    abnormal: {
      total: abnormal.length < listLimit ? abnormal.length : await countCalleesByResult(db, campaign.id, 'abnormal'),
      items: abnormal.map(toAbnormalPerson),
    },
    notReached: {
      total: notReached.length < listLimit ? notReached.length : await countCalleesByResult(db, campaign.id, 'not_reached'),
      items: notReached.map(toNotReachedPerson),
    },
  };
}

export const toAbnormalPerson = (r: Awaited<ReturnType<typeof findCalleesByResult>>[number]): AbnormalPerson => ({
  calleeId: r.calleeId, maskedName: r.maskedName, maskedPhone: r.maskedPhone, regionCode: r.regionCode, reasons: r.reasons, temperature: r.temperature,
  taskId: r.taskId,
});
export const toNotReachedPerson = (r: Awaited<ReturnType<typeof findCalleesByResult>>[number]): NotReachedPerson => ({
  calleeId: r.calleeId, maskedName: r.maskedName, maskedPhone: r.maskedPhone, regionCode: r.regionCode, attempts: r.attempts, lastOutcome: r.lastOutcome,
  taskId: r.taskId,
});

// ---- follow-up tasks ----

export type TaskView = Omit<TaskViewRow, 'doneByAccountId'> & { regionName: string };

async function withRegionNames(db: DbOrTrx, rows: readonly TaskViewRow[]): Promise<TaskView[]> {
  const names = await regionNames(db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map(({ doneByAccountId: _by, ...r }) => ({ ...r, regionName: names.get(r.regionCode) ?? r.regionCode }));
}

/**
 * Tasks (随访核实 and 上门核查, or one `kind`), oldest first, keyset-paginated. `mine` (a community
 * worker's default): the tasks assigned to the signed-in account; `region` (a health official's
 * default): every task of callees in the actor's regions, unassigned ones included.
 */
export async function listTasks(
  deps: ResultsDeps, actor: Actor | undefined,
  query: { status?: TaskStatus; kind?: TaskKind; scope?: 'mine' | 'region'; cursor?: string; limit?: number },
): Promise<{ items: TaskView[]; next: string | null }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const after = query.cursor ? decodeTaskCursor(query.cursor) : undefined;
  if (query.cursor && !after) throw callbotFail('CALLBOT_CURSOR_INVALID');
  const official = staff.roles.some((g) => g.role === 'health_official');
  const scope = query.scope ?? (official ? 'region' : 'mine');
  const limit = query.limit ?? 20;
  const rows = await findTaskViews(deps.db, {
    ...(scope === 'mine' ? { assignedTo: staff.accountId } : { prefixes: scopesFor(staff, 'callbot.campaign.manage').map(regionPrefix) }),
    status: query.status, kind: query.kind, after, limit,
  });
  const last = rows[rows.length - 1];
  return { items: await withRegionNames(deps.db, rows), next: rows.length === limit && last ? encodeTaskCursor(last) : null };
}

/** A task is closed by the worker it is assigned to or staff whose grant covers the callee's region (audited, with the note). */
export async function completeTask(deps: ResultsDeps, actor: Actor | undefined, taskId: string, rawNote: string | null | undefined): Promise<TaskView> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const note = taskNote(rawNote);
  if (note === undefined) throw callbotResultFail('CALLBOT_TASK_NOTE_TOO_LONG', { field: 'note' });
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const task = await lockTask(trx, taskId);
    if (!task || (task.assignedAccountId !== staff.accountId && !can(staff, 'callbot.campaign.manage', task.regionCode))) throw callbotResultFail('CALLBOT_TASK_NOT_FOUND');
    if (task.status === 'done') throw callbotResultFail('CALLBOT_TASK_DONE');
    await markTaskDone(trx, task.id, { at: now, byAccountId: staff.accountId, note });
    await recordAudit(trx, staff, {
      action: 'callbot.task.done', targetType: 'callbot_follow_up_task', targetId: task.id, regionCode: task.regionCode,
      detail: { campaignId: task.campaignId, kind: task.kind, noted: note !== null },
    }, deps.clock);
  });
  const [view] = await withRegionNames(deps.db, [(await findTaskView(deps.db, taskId))!]);
  return view!;
}

/**
 * 联系方式: the name, phone and address of a task's callee, for the worker who calls back or visits
 * — the assigned worker or staff of the callee's region, with a stated reason; every read audited.
 */
export async function revealTaskContact(
  deps: ResultsDeps & { keyring: Keyring }, actor: Actor | undefined, taskId: string, rawReason: string | undefined,
): Promise<{ name: string; phone: string; address: string | null }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const reason = (rawReason ?? '').trim();
  if (Array.from(reason).length < 2 || Array.from(reason).length > 200) throw callbotResultFail('CALLBOT_TASK_REASON_REQUIRED', { field: 'reason' });
  const task = await findTaskView(deps.db, taskId);
  if (!task || (task.assignedAccountId !== staff.accountId && !can(staff, 'callbot.campaign.manage', task.regionCode))) throw callbotResultFail('CALLBOT_TASK_NOT_FOUND');
  const contact = (await findTaskCalleeContact(deps.db, task.calleeId))!;
  await recordAudit(deps.db, staff, {
    action: 'callbot.task.contact', targetType: 'callbot_callee', targetId: task.calleeId, regionCode: task.regionCode, reason, detail: { taskId: task.id, kind: task.kind },
  }, deps.clock);
  return {
    name: decryptField(deps.keyring, contact.nameEnc), phone: decryptField(deps.keyring, contact.phoneEnc),
    address: contact.addressEnc ? decryptField(deps.keyring, contact.addressEnc) : null,
  };
}
