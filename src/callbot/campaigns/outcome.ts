/**
 * The one way an attempt's end is recorded, for the dialer and the chat channel alike, inside the
 * caller's transaction with the callee's row locked: the attempt (outcome, timings, transcript,
 * slots, result), the callee (final result, or the next attempt by the campaign's policy), the
 * do-not-call list when the person asked for it, and — when the result is final — the results
 * hook (follow-up tasks, health-code facts) in the same transaction.
 */
import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/service.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../kernel/time.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { AbnormalReason, DialogueEnd, TranscriptEntry } from '../dialogue/model.ts';
import type { QuestionId, Slots } from '../nlu/model.ts';
import { recordCallResult } from '../results/hook.ts';
import { updateAttempt, updateCallee, type CalleeRow } from './callee-store.ts';
import { attemptsOnDay, verdictAfterAttempt } from './schedule.ts';
import { insertDnc, type CampaignRow } from './store.ts';

export interface AttemptEnd {
  attemptId: string;
  outcome: DialOutcome;
  /** The dialogue's end when the call was answered (null for a failed dial). */
  end: DialogueEnd | null;
  transcript: readonly TranscriptEntry[];
  answeredAt: Date | null;
  endedAt: Date;
}

export type AttemptVerdictSummary = { final: true; result: NonNullable<CalleeRow['result']> } | { final: false; nextAttemptAt: Date } | { final: false; cancelled: true };

/** Records the end of an attempt of a locked callee; what became of the callee. */
export async function recordAttemptEnd(
  trx: Transaction<Database>, deps: { clock: Clock }, campaign: CampaignRow, callee: CalleeRow, ended: AttemptEnd,
): Promise<AttemptVerdictSummary | undefined> {
  const { end } = ended;
  const slots: Slots = end?.slots ?? {};
  await updateAttempt(trx, ended.attemptId, {
    endedAt: ended.endedAt, outcome: ended.outcome, answeredAt: ended.answeredAt, transcript: JSON.stringify(ended.transcript),
    slots: JSON.stringify(slots), result: ended.outcome === 'connected' && end ? end.result : null, reasons: end?.reasons ?? [],
    unresolved: end?.unresolved ?? [], intent: end?.intent ?? null, retry: end?.retry ?? false, dialogueState: null,
  });
  if (end?.intent === 'dnc') {
    const added = await insertDnc(trx, [{ phoneIndex: callee.phoneIndex, maskedPhone: callee.maskedPhone, regionCode: callee.regionCode, source: 'callee', addedAt: ended.endedAt, addedByAccountId: null }]);
    if (added.length > 0) {
      await recordAudit(trx, { system: 'callbot' }, { action: 'callbot.dnc.add', targetType: 'callbot_callee', targetId: callee.id, regionCode: callee.regionCode, detail: { source: 'callee', attemptId: ended.attemptId } }, deps.clock);
    }
  }
  // A callee finished by another attempt (two chat links) or cancelled keeps what it has.
  if (callee.status !== 'pending' && callee.status !== 'dialling') return undefined;
  const mergedSlots = { ...callee.slots, ...slots };
  const base = { diallingSince: null, lastOutcome: ended.outcome, slots: JSON.stringify(mergedSlots) };
  const verdict = verdictAfterAttempt(campaign, ended.endedAt, Math.max(1, attemptsOnDay(callee, ended.endedAt)), ended.outcome, end);
  if (!verdict.final) {
    if (campaign.status === 'stopped' || campaign.status === 'completed') {
      await updateCallee(trx, callee.id, { ...base, status: 'cancelled', nextAttemptAt: null });
      return { final: false, cancelled: true };
    }
    await updateCallee(trx, callee.id, { ...base, status: 'pending', nextAttemptAt: verdict.nextAttemptAt });
    return verdict;
  }
  const reasons: AbnormalReason[] = verdict.result === 'abnormal' ? (end?.reasons ?? []) : [];
  const unresolved = end?.unresolved ?? [];
  await updateCallee(trx, callee.id, {
    ...base, status: 'done', result: verdict.result, reasons, unresolved, nextAttemptAt: null, completedAt: ended.endedAt,
  });
  await recordCallResult(trx, deps, {
    campaignId: campaign.id, campaignRegionCode: campaign.regionCode, calleeId: callee.id, attemptId: ended.attemptId, personId: callee.personId,
    regionCode: callee.regionCode, result: verdict.result, reasons, slots: mergedSlots as Slots, unresolved, intent: end?.intent ?? null,
    lastOutcome: ended.outcome, decidedAt: ended.endedAt,
  });
  return verdict;
}

/** A callee that can no longer be reached because the campaign's last day is over: not reached, final. */
export async function recordNotReached(trx: Transaction<Database>, deps: { clock: Clock }, campaign: CampaignRow, callee: CalleeRow, at: Date): Promise<void> {
  await updateCallee(trx, callee.id, { status: 'done', result: 'not_reached', reasons: [], nextAttemptAt: null, diallingSince: null, completedAt: at });
  await recordCallResult(trx, deps, {
    campaignId: campaign.id, campaignRegionCode: campaign.regionCode, calleeId: callee.id, attemptId: null, personId: callee.personId,
    regionCode: callee.regionCode, result: 'not_reached', reasons: [], slots: callee.slots as Slots, unresolved: callee.unresolved as QuestionId[],
    intent: null, lastOutcome: callee.lastOutcome, decidedAt: at,
  });
}
