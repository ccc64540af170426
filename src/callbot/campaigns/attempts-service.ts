/**
 * A callee's call record (通话记录): each finished attempt with its outcome, timings, result and the
 * transcript — what the robot said and what was heard (the callee's name already masked when it
 * was stored). Answers about health are personal data: reading them is audited.
 */
import { recordAudit } from '../../audit/service.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { CallResult, TranscriptEntry } from '../dialogue/model.ts';
import type { Slots } from '../nlu/model.ts';
import { callbotFail } from '../errors.ts';
import { findCallee, listFinishedAttempts } from './callee-store.ts';
import { campaignFor, type CampaignDeps } from './service.ts';

export const MAX_ATTEMPTS_SHOWN = 50;

export interface AttemptRecord {
  id: string;
  channel: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  outcome: DialOutcome | null;
  result: CallResult | null;
  reasons: string[];
  slots: Slots;
  transcript: TranscriptEntry[];
}

export async function listCalleeAttempts(deps: CampaignDeps, actor: Actor | undefined, campaignId: string, calleeId: string): Promise<AttemptRecord[]> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  const campaign = await campaignFor(deps.db, reader, 'callbot.campaign.read', campaignId);
  const callee = await findCallee(deps.db, calleeId);
  if (!callee || callee.campaignId !== campaign.id) throw callbotFail('CALLBOT_CALLEE_NOT_FOUND');
  const rows = await listFinishedAttempts(deps.db, callee.id, MAX_ATTEMPTS_SHOWN);
  await recordAudit(deps.db, reader, {
    action: 'callbot.attempts.read', targetType: 'callbot_callee', targetId: callee.id, regionCode: callee.regionCode, detail: { campaignId: campaign.id, attempts: rows.length },
  }, deps.clock);
  return rows.map((r) => ({
    id: r.id, channel: r.channel, startedAt: r.startedAt, answeredAt: r.answeredAt, endedAt: r.endedAt!, outcome: r.outcome, result: r.result, reasons: r.reasons,
    slots: JSON.parse(r.slotsJson ?? '{}') as Slots, transcript: JSON.parse(r.transcriptJson ?? '[]') as TranscriptEntry[],
  }));
}
