/**
 * The dialer (外呼调度): each tick releases callees stuck in 'dialling' (a dialer died), ends
 * expired chat links, completes campaigns with nothing left (or past their last day), and — for
 * each running campaign whose calling window is open now — claims due callees with FOR UPDATE
 * SKIP LOCKED (several server processes never take the same one), dials them through the
 * campaign's channel with at most `lines` calls at once, runs the dialogue (helper B's driver
 * with helper A's understanding and today's risk areas) and records each end through the shared
 * recordAttemptEnd. The do-not-call list is checked again when claiming. Chat campaigns are not
 * dialled: a person opens the chat link (../channels/chat.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { decryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { maskName } from '../../kernel/masking.ts';
import { MINUTE_MS, shanghaiDay, type Clock } from '../../kernel/time.ts';
import type { CallChannel, CallSession, DialOutcome } from '../channels/channel.ts';
import { runDialogue } from '../channels/driver.ts';
import type { DialogueEnd, Script, TranscriptEntry } from '../dialogue/model.ts';
import type { Understand, UnderstandingContext } from '../nlu/model.ts';
import {
  cancelDncCallees, claimDueCallees, findOpenAttemptsOf, insertAttempt, lockCallee, releaseStuckCallees, releaseUndialledClaim, updateAttempt, type CalleeRow,
} from './callee-store.ts';
import { expireChatAttempts } from '../channels/chat.ts';
import { understandingContext } from './context.ts';
import type { CampaignChannel } from './model.ts';
import { recordAttemptEnd } from './outcome.ts';
import { campaignDeadline, isInWindow } from './schedule.ts';
import { completeCampaignIfDone } from './service.ts';
import { loadPinnedScript } from './scripts-service.ts';
import { findCampaign, findRunningCampaigns, type CampaignRow } from './store.ts';

export interface DialerDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  understand: Understand;
  /** The channel a campaign dials through; undefined: not dialled by the job (chat). */
  channelFor(name: CampaignChannel): CallChannel | undefined;
  /** Calls at once per campaign (lines), default 20; a channel that says how many lines it has overrides it. */
  lines?: number;
  /** True once the process is shutting down: no new call is dialled, calls in progress finish. */
  draining?: () => boolean;
  /** At most this many callees per campaign per tick, default 2000. */
  maxPerTick?: number;
  /** How long to wait for an answer before it counts as silence. */
  listenTimeoutMs?: number;
  /** A callee 'dialling' longer than this returns to pending. */
  stuckMinutes?: number;
  /** A dial or a dialogue that failed (recorded as outcome unknown); the job logs it. */
  onError?: (error: unknown, where: { attemptId: string }) => void;
  /** The understanding's context; default: today's risk areas (tests fix it). */
  context?: UnderstandingContext;
}

export interface DialerTick {
  released: number;
  dialled: number;
  completedCampaigns: number;
}

/** Masks the callee's real name wherever the transcript spoke it (transcripts are kept; names are not). */
export function maskTranscript(transcript: readonly TranscriptEntry[], name: string): TranscriptEntry[] {
  if (!name) return [...transcript];
  const masked = maskName(name);
  return transcript.map((e) => ({ ...e, prompt: e.prompt.split(name).join(masked), answer: e.answer === null ? null : e.answer.split(name).join(masked) }));
}

async function releaseStuck(deps: DialerDeps, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - (deps.stuckMinutes ?? 15) * MINUTE_MS);
  return inTransaction(deps.db, async (trx) => {
    const ids = await releaseStuckCallees(trx, cutoff, now);
    for (const attemptId of await findOpenAttemptsOf(trx, ids)) await updateAttempt(trx, attemptId, { endedAt: now, outcome: 'unknown', dialogueState: null });
    return ids.length;
  });
}

async function claim(deps: DialerDeps, campaign: CampaignRow, limit: number): Promise<{ callee: CalleeRow; attemptId: string }[]> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    await cancelDncCallees(trx, campaign.id);
    const callees = await claimDueCallees(trx, campaign.id, now, shanghaiDay(now), limit);
    const out = [];
    for (const callee of callees) {
      const attemptId = randomUUID();
      await insertAttempt(trx, { id: attemptId, campaignId: campaign.id, calleeId: callee.id, channel: campaign.channel, startedAt: now });
      out.push({ callee, attemptId });
    }
    return out;
  });
}

/** Dials one claimed callee and records the end (also when the channel or the dialogue fails: outcome unknown, retried by policy). */
async function callOne(
  deps: DialerDeps, channel: CallChannel, campaign: CampaignRow, script: Script, context: UnderstandingContext, claimed: { callee: CalleeRow; attemptId: string },
): Promise<void> {
  const { callee, attemptId } = claimed;
  const name = decryptField(deps.keyring, callee.nameEnc);
  let outcome: DialOutcome = 'unknown';
  let end: DialogueEnd | null = null;
  let transcript: TranscriptEntry[] = [];
  let answeredAt: Date | null = null;
  let endedAt = deps.clock.now();
  let session: CallSession | undefined;
  try {
    const dialled = await channel.dial({ phone: decryptField(deps.keyring, callee.phoneEnc), attemptId, scriptVersionId: campaign.scriptId });
    outcome = dialled.outcome;
    if (dialled.outcome === 'connected') {
      session = dialled.session;
      answeredAt = deps.clock.now();
      const run = await runDialogue({
        script, variables: { ...campaign.variables, name }, context, understand: deps.understand, session: dialled.session,
        listenTimeoutMs: deps.listenTimeoutMs ?? 8000, clock: deps.clock,
      });
      end = run.end;
      transcript = maskTranscript(run.transcript, name);
      answeredAt = run.timings.answeredAt ?? answeredAt;
      endedAt = run.timings.endedAt ?? deps.clock.now();
    } else {
      endedAt = deps.clock.now();
    }
  } catch (error) {
    deps.onError?.(error, { attemptId });
    // A dialogue that failed must not leave the line open (a phone call would hold its trunk line).
    await session?.hangUp().catch(() => undefined);
    endedAt = deps.clock.now();
    end = null;
    if (outcome === 'connected') outcome = 'unknown';
  }
  await inTransaction(deps.db, async (trx) => {
    const locked = await lockCallee(trx, callee.id);
    const current = await findCampaign(trx, campaign.id);
    if (!locked || !current) return;
    await recordAttemptEnd(trx, deps, current, locked, { attemptId, outcome, end, transcript, answeredAt, endedAt });
  });
}

type Claimed = { callee: CalleeRow; attemptId: string };

/**
 * Keeps `lines` calls going for one campaign until nothing is due, the budget is spent, the
 * campaign stops running or the process drains: each free line takes the next claimed callee, and
 * callees are claimed only as lines come free, so none waits claimed while the lines are busy.
 */
async function dialCampaign(deps: DialerDeps, channel: CallChannel, campaign: CampaignRow, script: Script, context: UnderstandingContext, lines: number, budget: number): Promise<number> {
  const queue: Claimed[] = [];
  let claimedCount = 0;
  let exhausted = false;
  let waiting = 0;
  let refill: Promise<void> | null = null;
  const refillOnce = async (): Promise<void> => {
    const room = Math.min(waiting, budget - claimedCount);
    if (deps.draining?.() || room <= 0 || (await findCampaign(deps.db, campaign.id))?.status !== 'running') { exhausted = true; return; }
    const claimed = await claim(deps, campaign, room);
    if (claimed.length === 0) exhausted = true;
    claimedCount += claimed.length;
    queue.push(...claimed);
  };
  const next = async (): Promise<Claimed | undefined> => {
    waiting += 1;
    try {
      while (queue.length === 0 && !exhausted) {
        refill ??= refillOnce().finally(() => { refill = null; });
        await refill;
      }
      return queue.shift();
    } finally {
      waiting -= 1;
    }
  };
  const line = async (): Promise<void> => {
    for (let claimed = await next(); claimed; claimed = await next()) {
      if (deps.draining?.()) await inTransaction(deps.db, (trx) => releaseUndialledClaim(trx, claimed!.callee.id, claimed!.attemptId));
      else await callOne(deps, channel, campaign, script, context, claimed);
    }
  };
  await Promise.all(Array.from({ length: lines }, line));
  return claimedCount;
}

/** One run of the dialer over every running campaign. */
export async function runDialerTick(deps: DialerDeps): Promise<DialerTick> {
  const now = deps.clock.now();
  const released = await releaseStuck(deps, now);
  await expireChatAttempts(deps);
  let dialled = 0;
  let completedCampaigns = 0;
  let context: UnderstandingContext | undefined;
  for (const campaign of await findRunningCampaigns(deps.db)) {
    const channel = deps.channelFor(campaign.channel);
    const open = now.getTime() < campaignDeadline(campaign.endsOn).getTime() && isInWindow(campaign.windows, now);
    if (channel && open && !deps.draining?.()) {
      const script = await loadPinnedScript(deps.db, campaign.scriptId);
      context ??= deps.context ?? await understandingContext(deps.db);
      await channel.prepare?.(script, campaign.scriptId);
      dialled += await dialCampaign(deps, channel, campaign, script, context, channel.lines ?? deps.lines ?? 20, deps.maxPerTick ?? 2000);
    }
    if (await completeCampaignIfDone(deps, campaign.id)) completedCampaigns++;
  }
  return { released, dialled, completedCampaigns };
}
