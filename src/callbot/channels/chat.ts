/**
 * Chat channel (网页对话), server side: a person (or a tester) answers a campaign's call by typing
 * on /m/call/<token>. Staff create the link for a callee of a chat campaign; the token (256-bit,
 * random) is the only credential, stored as its sha-256, valid for 2 hours and for one attempt.
 * Each turn locks the attempt row, steps the pure engine (startDialogue / continueDialogue) with
 * the state kept in the row, and stores the answer given, so a retried turn (same `turn` number)
 * gets the same answer without advancing twice. The end is recorded exactly as the dialer records
 * a phone call (recordAttemptEnd). The page shows the robot's prompts with the callee's name
 * masked (张*三): a link can be forwarded, a phone call cannot; the token reveals nothing else.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/service.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import type { Clock } from '../../kernel/time.ts';
import { shanghaiDay } from '../../kernel/time.ts';
import { continueDialogue, startDialogue } from '../dialogue/engine.ts';
import type { CallResult, DialogueState, DialogueStep, HeardInput } from '../dialogue/model.ts';
import type { Understand } from '../nlu/model.ts';
import { callbotFail } from '../errors.ts';
import { findCallee, findExpiredChatAttempts, insertAttempt, lockAttempt, lockAttemptByTokenHash, lockCallee, updateAttempt, updateCallee, type AttemptRow } from '../campaigns/callee-store.ts';
import { attemptsOnDay } from '../campaigns/schedule.ts';
import { recordAttemptEnd } from '../campaigns/outcome.ts';
import { campaignFor } from '../campaigns/service.ts';
import { loadPinnedScript } from '../campaigns/scripts-service.ts';
import { findCampaign, findDnc } from '../campaigns/store.ts';
import { understandingContext } from '../campaigns/context.ts';
import { CHAT_LINK_HOURS, checkChatReply, HOUR_MS, type ChatAnswer, type ChatReply } from './chat-model.ts';

export interface ChatDeps {
  db: DbOrTrx;
  clock: Clock;
  understand: Understand;
}

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 生成对话链接 for a pending callee of a running chat campaign (staff; audited). */
export async function createChatLink(
  deps: ChatDeps, actor: Actor | undefined, campaignId: string, calleeId: string,
): Promise<{ token: string; url: string; expiresAt: Date }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHAT_LINK_HOURS * HOUR_MS);
  await inTransaction(deps.db, async (trx) => {
    const campaign = await campaignFor(trx, staff, 'callbot.campaign.manage', campaignId);
    if (campaign.channel !== 'chat') throw callbotFail('CALLBOT_CHAT_CHANNEL_ONLY');
    if (campaign.status !== 'running') throw callbotFail('CALLBOT_CAMPAIGN_STATE', { status: campaign.status });
    const callee = await lockCallee(trx, calleeId);
    if (!callee || callee.campaignId !== campaign.id) throw callbotFail('CALLBOT_CALLEE_NOT_FOUND');
    if (callee.status !== 'pending') throw callbotFail('CALLBOT_CALLEE_FINISHED', { status: callee.status });
    if (await findDnc(trx, callee.phoneIndex)) throw callbotFail('CALLBOT_CALLEE_DNC');
    const attemptId = randomUUID();
    await insertAttempt(trx, { id: attemptId, campaignId, calleeId, channel: 'chat', startedAt: now, chatTokenHash: hashToken(token), chatExpiresAt: expiresAt });
    const today = shanghaiDay(now);
    await updateCallee(trx, callee.id, { attempts: callee.attempts + 1, attemptsToday: attemptsOnDay(callee, now) + 1, attemptsDay: today });
    await recordAudit(trx, staff, { action: 'callbot.chat.link', targetType: 'callbot_callee', targetId: callee.id, regionCode: campaign.regionCode, detail: { attemptId } }, deps.clock);
  });
  return { token, url: `/m/call/${token}`, expiresAt };
}

/** The attempt of a live link, locked; CALLBOT_CHAT_NOT_FOUND for a forged, unknown or expired token. */
async function lockLink(trx: Transaction<Database>, token: string, now: Date): Promise<AttemptRow> {
  const attempt = TOKEN.test(token) ? await lockAttemptByTokenHash(trx, hashToken(token)) : undefined;
  if (!attempt || !attempt.chatExpiresAt || attempt.chatExpiresAt.getTime() <= now.getTime()) throw callbotFail('CALLBOT_CHAT_NOT_FOUND');
  return attempt;
}

/** Ends the attempt through the shared recorder; the callee and the campaign are read under lock. */
async function finish(trx: Transaction<Database>, deps: ChatDeps, attempt: AttemptRow, step: DialogueStep, now: Date): Promise<void> {
  const callee = await lockCallee(trx, attempt.calleeId);
  const campaign = await findCampaign(trx, attempt.campaignId);
  if (!callee || !campaign) return;
  await recordAttemptEnd(trx, deps, campaign, callee, {
    attemptId: attempt.id, outcome: 'connected', end: step.end, transcript: step.state.transcript, answeredAt: attempt.answeredAt ?? now, endedAt: now,
  });
}

async function store(trx: Transaction<Database>, attempt: AttemptRow, turn: number, answer: ChatAnswer, state: DialogueState | null): Promise<void> {
  await updateAttempt(trx, attempt.id, { turn, lastReply: JSON.stringify(answer), ...(state ? { dialogueState: JSON.stringify(state) } : {}) });
}

/** 接通: the robot's first prompts. Calling it again answers the latest prompts (a reload). */
export async function startChat(deps: ChatDeps, token: string): Promise<ChatAnswer> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const attempt = await lockLink(trx, token, now);
    if (attempt.lastReply) return attempt.lastReply as ChatAnswer;
    if (attempt.endedAt) throw callbotFail('CALLBOT_CHAT_ENDED');
    const campaign = await findCampaign(trx, attempt.campaignId);
    const callee = await findCallee(trx, attempt.calleeId);
    if (!campaign || !callee || campaign.status !== 'running' || await findDnc(trx, callee.phoneIndex)) throw callbotFail('CALLBOT_CHAT_NOT_FOUND');
    const script = await loadPinnedScript(trx, campaign.scriptId);
    const step = startDialogue(script, { ...campaign.variables, name: callee.maskedName }, await understandingContext(trx), deps.understand);
    await updateAttempt(trx, attempt.id, { answeredAt: now });
    const answer: ChatAnswer = { say: step.say, done: step.end !== null, turn: 0, ...(step.end ? { result: step.end.result } : {}) };
    if (step.end) await finish(trx, deps, { ...attempt, answeredAt: now }, step, now);
    await store(trx, attempt, 0, answer, step.end ? null : step.state);
    return answer;
  });
}

/** 回答: one typed answer (or silence). `turn` (1, 2, …) makes a retried request answer the same without advancing. */
export async function replyChat(deps: ChatDeps, token: string, reply: ChatReply): Promise<ChatAnswer> {
  const checked = checkChatReply(reply);
  if (!checked.ok) throw callbotFail('CALLBOT_CHAT_REPLY_INVALID');
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const attempt = await lockLink(trx, token, now);
    if (reply.turn !== undefined && reply.turn === attempt.turn && attempt.lastReply && attempt.turn > 0) return attempt.lastReply as ChatAnswer;
    if (attempt.endedAt) throw callbotFail('CALLBOT_CHAT_ENDED');
    if (!attempt.dialogueState) throw callbotFail('CALLBOT_CHAT_NOT_STARTED');
    const turn = attempt.turn + 1;
    if (reply.turn !== undefined && reply.turn !== turn) throw callbotFail('CALLBOT_CHAT_TURN_MISMATCH', { expected: turn });
    const campaign = await findCampaign(trx, attempt.campaignId);
    if (!campaign) throw callbotFail('CALLBOT_CHAT_NOT_FOUND');
    const script = await loadPinnedScript(trx, campaign.scriptId);
    const step = continueDialogue(script, attempt.dialogueState as DialogueState, checked.heard, await understandingContext(trx), deps.understand);
    const answer: ChatAnswer = { say: step.say, done: step.end !== null, turn, ...(step.end ? { result: step.end.result as CallResult } : {}) };
    if (step.end) await finish(trx, deps, attempt, step, now);
    await store(trx, attempt, turn, answer, step.end ? null : step.state);
    return answer;
  });
}

/**
 * Links that expired without the conversation ending: an unopened link is a no-answer attempt, a
 * conversation left half-way ends as a hang-up would (the engine decides its result); both are
 * recorded by the shared recorder, so the campaign's retry policy applies.
 */
export async function expireChatAttempts(deps: ChatDeps, limit = 500): Promise<number> {
  const now = deps.clock.now();
  let expired = 0;
  for (const id of await findExpiredChatAttempts(deps.db, now, limit)) {
    await inTransaction(deps.db, async (trx) => {
      const attempt = await lockAttempt(trx, id);
      if (!attempt || attempt.endedAt) return;
      const callee = await lockCallee(trx, attempt.calleeId);
      const campaign = await findCampaign(trx, attempt.campaignId);
      if (!callee || !campaign) return;
      if (attempt.dialogueState) {
        const script = await loadPinnedScript(trx, campaign.scriptId);
        const step = continueDialogue(script, attempt.dialogueState as DialogueState, { kind: 'hangup' } satisfies HeardInput, { riskRegionCodes: [] }, deps.understand);
        await recordAttemptEnd(trx, deps, campaign, callee, { attemptId: id, outcome: 'connected', end: step.end, transcript: step.state.transcript, answeredAt: attempt.answeredAt, endedAt: now });
      } else {
        await recordAttemptEnd(trx, deps, campaign, callee, { attemptId: id, outcome: 'no_answer', end: null, transcript: [], answeredAt: null, endedAt: now });
      }
      expired++;
    });
  }
  return expired;
}

