/**
 * The hook campaigns (src/callbot/campaigns) call when a callee's result becomes final, IN THE SAME
 * TRANSACTION as the callee's row: follow-up tasks and health-code facts are written exactly when
 * the result is (signature agreed with the campaigns part; implemented here).
 * - abnormal: a follow-up task (随访核实) for a community worker of the callee's street, taken in
 *   turn with the monitoring plans' round-robin (none there: unassigned, for the region's staff);
 * - not reached (the campaign gave up: attempts used up, or its last day over): a home-visit task
 *   (上门核查) for a worker of the street, in the same turn; refused / wrong number and needs
 *   checking open none;
 * - a callee matched to a registered person, result normal or abnormal: the `screenings` fact
 *   (the call is its evidence), noted in the facts outbox; the colour-review job recomputes the
 *   colour within a minute (as for daily check-ins of green codes: the dialer's lines do not wait
 *   for recomputations);
 * Idempotent: a second call for the same attempt (or, for a home visit, the same callee) writes nothing more.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { noteFactsChanged } from '../../codes/colours/outbox/service.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../kernel/time.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { AbnormalReason, CallResult } from '../dialogue/model.ts';
import type { GlobalIntent, QuestionId, Slots } from '../nlu/model.ts';
import { takeTurn } from '../../monitoring/service.ts';
import { abnormalReasonsOf, keptTemperature, screeningFactOf, taskKindOf } from './model.ts';
import { findAttemptAnsweredAt, insertFollowUpTask, insertScreening, taskExists } from './store.ts';

/** The outbox source of the `screenings` fact; its sourceRef is the call (attempt id). */
export const SCREENING_FACT_SOURCE = 'screening';

export interface CallResultRecord {
  campaignId: string;
  /** The campaign's owner region (scope of its staff). */
  campaignRegionCode: string;
  calleeId: string;
  /** The attempt that decided the result; null when no attempt did (e.g. not reached because the campaign ended). */
  attemptId: string | null;
  /** The registered resident the callee was matched to, if any. */
  personId: string | null;
  /** The callee's community / street (for the community worker's follow-up task). */
  regionCode: string;
  result: CallResult;
  reasons: AbnormalReason[];
  slots: Slots;
  unresolved: QuestionId[];
  /** The global intent that ended the call, if one did (refuse, wrong_number, dnc, human …). */
  intent: GlobalIntent | null;
  /** The last dial outcome (for not_reached: why). */
  lastOutcome: DialOutcome | null;
  decidedAt: Date;
}

export interface CallResultDeps {
  clock: Clock;
}

/** Called once per callee, when its result becomes final, inside the transaction that writes it. */
export async function recordCallResult(trx: Transaction<Database>, deps: CallResultDeps, record: CallResultRecord): Promise<void> {
  const now = deps.clock.now();
  const kind = taskKindOf(record.result);
  if (kind && !(await taskExists(trx, kind, record.calleeId, record.attemptId))) {
    const followUp = kind === 'follow_up';
    await insertFollowUpTask(trx, {
      id: randomUUID(), campaignId: record.campaignId, calleeId: record.calleeId, attemptId: record.attemptId, personId: record.personId,
      regionCode: record.regionCode, kind, reasons: followUp ? abnormalReasonsOf(record.reasons) : [],
      temperature: followUp ? keptTemperature(record.slots.temperature) : null,
      assignedAccountId: await takeTurn(trx, record.regionCode), createdAt: now,
    });
  }
  if (record.personId && record.attemptId) {
    const answeredAt = (await findAttemptAnsweredAt(trx, record.attemptId)) ?? record.decidedAt;
    const fact = screeningFactOf(record.result, record.reasons, record.slots.temperature, answeredAt);
    if (!fact) return;
    const written = await insertScreening(trx, {
      attemptId: record.attemptId, personId: record.personId, campaignId: record.campaignId, calleeId: record.calleeId, ...fact, recordedAt: now,
    });
    if (written) await noteFactsChanged(trx, [record.personId], SCREENING_FACT_SOURCE, record.attemptId, now);
  }
}
