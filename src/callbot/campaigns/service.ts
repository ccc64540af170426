/**
 * Campaigns (外呼任务): create (draft, pinning a script version), start / pause / resume / stop
 * (audited), completion, progress and the masked callee list. Every use case starts with its
 * access check; a campaign outside the actor's regions answers CALLBOT_CAMPAIGN_NOT_FOUND.
 * Importing and selecting callees: import-service.ts; the do-not-call list: dnc-service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/service.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor, type Permission } from '../../kernel/access.ts';
import type { Keyring } from '../../kernel/crypto/field-encryption.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { describeRegion, regionNames } from '../../regions/service.ts';
import type { DialOutcome } from '../channels/channel.ts';
import { loadTelephonyConfig } from '../telephony/config.ts';
import type { CallResult } from '../dialogue/model.ts';
import { scriptVariables } from '../dialogue/variables.ts';
import { callbotFail } from '../errors.ts';
import {
  cancelPendingCallees, countAttemptOutcomes, countCallees, countCalleesByCampaign, countOpenCallees, listCalleeRows, lockPendingCallees, type CampaignCounts,
} from './callee-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { CAMPAIGN_CHANNELS, checkCampaignInput, missingVariables, type CalleeStatus, type CampaignChannel, type CampaignInput } from './model.ts';
import { recordNotReached } from './outcome.ts';
import { campaignDeadline } from './schedule.ts';
import { scriptFor } from './scripts-service.ts';
import { findCampaign, findScript, insertCampaign, listCampaignRows, lockCampaign, setCampaignStatus, type CampaignRow } from './store.ts';

export interface CampaignDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  /** Called after a campaign starts or resumes, so the dialer runs at once (pg-boss "kick"). */
  kickDialer?: () => void;
}

export interface CampaignView extends Omit<CampaignRow, 'createdByAccountId'> {
  /** The region's own name (西湖区), for lists. */
  regionName: string;
  script: { id: string; key: string; version: number; name: string };
  counts: CampaignCounts;
}

const EMPTY_COUNTS: CampaignCounts = { total: 0, pending: 0, dialling: 0, done: 0, cancelled: 0, dialled: 0, normal: 0, abnormal: 0, needsChecking: 0, notReached: 0, refused: 0 };

/** The campaign if the actor holds `permission` in its region, else CALLBOT_CAMPAIGN_NOT_FOUND (no probing of ids). */
export async function campaignFor(db: DbOrTrx, actor: Actor, permission: Permission, id: string, lock?: Transaction<Database>): Promise<CampaignRow> {
  const row = lock ? await lockCampaign(lock, id) : await findCampaign(db, id);
  if (!row || !can(actor, permission, row.regionCode)) throw callbotFail('CALLBOT_CAMPAIGN_NOT_FOUND');
  return row;
}

async function viewsOf(db: DbOrTrx, rows: readonly CampaignRow[]): Promise<CampaignView[]> {
  const counts = await countCalleesByCampaign(db, rows.map((r) => r.id));
  const names = await regionNames(db, [...new Set(rows.map((r) => r.regionCode))]);
  const out: CampaignView[] = [];
  for (const row of rows) {
    const script = await findScript(db, row.scriptId);
    const { createdByAccountId: _omit, ...rest } = row;
    out.push({ ...rest, regionName: names.get(row.regionCode) ?? row.regionCode, script: { id: script!.id, key: script!.key, version: script!.version, name: script!.name }, counts: counts.get(row.id) ?? EMPTY_COUNTS });
  }
  return out;
}

/**
 * The channels a campaign may use on this installation: chat and simulated always; the phone
 * (sip) only when a SIP trunk is configured (FANGYI_SIP_TRUNK) — the console offers no choice
 * that creating the campaign would refuse.
 */
export function availableChannels(actor: Actor | undefined): { channel: CampaignChannel; available: boolean }[] {
  requireAccess(actor, 'callbot.campaign.manage');
  const phone = loadTelephonyConfig() !== null;
  return CAMPAIGN_CHANNELS.map((channel) => ({ channel, available: channel !== 'sip' || phone }));
}

export async function createCampaign(deps: CampaignDeps, actor: Actor | undefined, input: CampaignInput): Promise<CampaignView> {
  const staff = requireAccess(actor, 'callbot.campaign.manage', input.regionCode);
  const now = deps.clock.now();
  const checked = checkCampaignInput(input, now);
  if (!checked.ok) throw callbotFail(checked.code, { field: checked.field });
  const value = checked.value;
  if (value.channel === 'sip' && !loadTelephonyConfig()) throw callbotFail('CALLBOT_CHANNEL_UNAVAILABLE', { field: 'channel' });
  if (!(await regionNames(deps.db, [value.regionCode])).has(value.regionCode)) throw callbotFail('CALLBOT_REGION_INVALID', { field: 'regionCode' });
  const script = await scriptFor(deps, staff, value.scriptId);
  // The community's name is the campaign region's unless given.
  const variables = { ...value.variables };
  const names = scriptVariables(script.definition as Parameters<typeof scriptVariables>[0]);
  if (names.includes('community') && !variables.community) variables.community = (await describeRegion(deps.db, value.regionCode)).name;
  const missing = missingVariables(names, variables);
  if (missing.length > 0) throw callbotFail('CALLBOT_VARIABLE_MISSING', { field: 'variables', missing });
  const row = {
    id: randomUUID(), name: value.name, regionCode: value.regionCode, scriptId: script.id, channel: value.channel, windows: value.windows,
    attemptsPerDay: value.attemptsPerDay, retryIntervalMinutes: value.retryIntervalMinutes, endsOn: value.endsOn, variables,
    createdByAccountId: staff.accountId, createdAt: now,
  };
  await inTransaction(deps.db, async (trx) => {
    await insertCampaign(trx, row);
    await recordAudit(trx, staff, { action: 'callbot.campaign.create', targetType: 'callbot_campaign', targetId: row.id, regionCode: row.regionCode, detail: { scriptId: script.id, channel: row.channel } }, deps.clock);
  });
  return (await viewsOf(deps.db, [(await findCampaign(deps.db, row.id))!]))[0]!;
}

export async function getCampaign(deps: CampaignDeps, actor: Actor | undefined, id: string): Promise<CampaignView> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  return (await viewsOf(deps.db, [await campaignFor(deps.db, reader, 'callbot.campaign.read', id)]))[0]!;
}

export async function listCampaigns(deps: CampaignDeps, actor: Actor | undefined, query: { regionCode?: string; cursor?: string; limit: number }): Promise<{ items: CampaignView[]; next: string | null }> {
  const reader = requireAccess(actor, 'callbot.campaign.read', query.regionCode);
  const prefixes = (query.regionCode ? [query.regionCode] : scopesFor(reader, 'callbot.campaign.read')).map(regionPrefix);
  const after = decodeCursor(query.cursor);
  const rows = await listCampaignRows(deps.db, prefixes, after?.at && after.id ? { createdAt: new Date(after.at), id: after.id } : undefined, query.limit);
  const last = rows[rows.length - 1];
  return { items: await viewsOf(deps.db, rows), next: rows.length === query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

type Transition = 'start' | 'pause' | 'resume' | 'stop';
const FROM: Record<Transition, CampaignRow['status'][]> = { start: ['draft'], pause: ['running'], resume: ['paused'], stop: ['draft', 'running', 'paused'] };

/** start / pause / resume / stop: audited; stop cancels the pending callees (calls in progress finish). */
export async function changeCampaignStatus(deps: CampaignDeps, actor: Actor | undefined, id: string, transition: Transition): Promise<CampaignView> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const campaign = await campaignFor(trx, staff, 'callbot.campaign.manage', id, trx);
    if (!FROM[transition].includes(campaign.status)) throw callbotFail('CALLBOT_CAMPAIGN_STATE', { status: campaign.status, transition });
    if ((transition === 'start' || transition === 'resume') && now.getTime() >= campaignDeadline(campaign.endsOn).getTime()) throw callbotFail('CALLBOT_CAMPAIGN_ENDED');
    if (transition === 'start' && (await countCallees(trx, campaign.id)) === 0) throw callbotFail('CALLBOT_CAMPAIGN_EMPTY');
    let detail: Record<string, unknown> = {};
    if (transition === 'start') await setCampaignStatus(trx, id, { status: 'running', startedAt: now });
    if (transition === 'pause') await setCampaignStatus(trx, id, { status: 'paused', pausedAt: now });
    if (transition === 'resume') await setCampaignStatus(trx, id, { status: 'running', pausedAt: null });
    if (transition === 'stop') {
      const cancelled = await cancelPendingCallees(trx, id);
      await setCampaignStatus(trx, id, { status: 'stopped', stoppedAt: now, startedAt: campaign.startedAt ?? now });
      detail = { cancelled };
    }
    await recordAudit(trx, staff, { action: `callbot.campaign.${transition}`, targetType: 'callbot_campaign', targetId: id, regionCode: campaign.regionCode, detail }, deps.clock);
  });
  if (transition === 'start' || transition === 'resume') deps.kickDialer?.();
  return getCampaign(deps, actor, id);
}

/**
 * Completes a running campaign when no callee is left to call, or when its last day is over (the
 * callees still pending end as not reached, each through the results hook). System; audited.
 */
export async function completeCampaignIfDone(deps: Pick<CampaignDeps, 'db' | 'clock'>, campaignId: string): Promise<boolean> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const campaign = await lockCampaign(trx, campaignId);
    if (!campaign || campaign.status !== 'running') return false;
    const past = now.getTime() >= campaignDeadline(campaign.endsOn).getTime();
    let notReached = 0;
    if (past) {
      for (;;) {
        const pending = await lockPendingCallees(trx, campaignId, 500);
        for (const callee of pending) await recordNotReached(trx, deps, campaign, callee, now);
        notReached += pending.length;
        if (pending.length < 500) break;
      }
    }
    if ((await countOpenCallees(trx, campaignId)) > 0) return false;
    await setCampaignStatus(trx, campaignId, { status: 'completed', completedAt: now });
    await recordAudit(trx, { system: 'callbot' }, { action: 'callbot.campaign.complete', targetType: 'callbot_campaign', targetId: campaignId, regionCode: campaign.regionCode, detail: { pastEndDate: past, notReached } }, deps.clock);
    return true;
  });
}

export interface CampaignProgress {
  status: CampaignRow['status'];
  total: number;
  dialled: number;
  connected: number;
  completed: number;
  normal: number;
  abnormal: number;
  needsChecking: number;
  notReached: number;
  refused: number;
  pending: number;
  dialling: number;
  cancelled: number;
  failed: Partial<Record<Exclude<DialOutcome, 'connected'>, number>>;
}

/** 实时进度: counts of callees by state and result, and failed dial attempts by reason. */
export async function campaignProgress(deps: CampaignDeps, actor: Actor | undefined, id: string): Promise<CampaignProgress> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  const campaign = await campaignFor(deps.db, reader, 'callbot.campaign.read', id);
  const counts = (await countCalleesByCampaign(deps.db, [id])).get(id) ?? EMPTY_COUNTS;
  const { outcomes, connectedCallees } = await countAttemptOutcomes(deps.db, id);
  const { connected: _c, ...failed } = outcomes;
  return {
    status: campaign.status, total: counts.total, dialled: counts.dialled, connected: connectedCallees,
    completed: counts.normal + counts.abnormal + counts.needsChecking + counts.refused,
    normal: counts.normal, abnormal: counts.abnormal, needsChecking: counts.needsChecking, notReached: counts.notReached, refused: counts.refused,
    pending: counts.pending, dialling: counts.dialling, cancelled: counts.cancelled, failed,
  };
}

export interface CalleeListItem {
  id: string;
  maskedName: string;
  maskedPhone: string;
  regionCode: string;
  regionName: string;
  tags: string[];
  source: string;
  status: CalleeStatus;
  result: CallResult | null;
  reasons: string[];
  attempts: number;
  lastOutcome: DialOutcome | null;
  nextAttemptAt: Date | null;
  matchedPerson: boolean;
}

/** The campaign's callees in import order, masked (nothing is decrypted), filtered by result or status. */
export async function listCallees(
  deps: CampaignDeps, actor: Actor | undefined, id: string, query: { result?: CallResult; status?: CalleeStatus; cursor?: string; limit: number },
): Promise<{ items: CalleeListItem[]; next: string | null }> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  await campaignFor(deps.db, reader, 'callbot.campaign.read', id);
  const after = decodeCursor(query.cursor);
  const rows = await listCalleeRows(deps.db, id, { result: query.result, status: query.status }, after?.seq, query.limit);
  const last = rows[rows.length - 1];
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.regionCode))]);
  return {
    items: rows.map((r) => ({
      id: r.id, maskedName: r.maskedName, maskedPhone: r.maskedPhone, regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, tags: r.tags, source: r.source, status: r.status,
      result: r.result, reasons: r.reasons, attempts: r.attempts, lastOutcome: r.lastOutcome, nextAttemptAt: r.nextAttemptAt, matchedPerson: r.personId !== null,
    })),
    next: rows.length === query.limit && last ? encodeCursor({ seq: last.seq }) : null,
  };
}
