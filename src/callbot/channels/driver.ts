/**
 * Drives one answered call through a script (外呼对话驱动): say each prompt, listen, feed the
 * engine, hang up after the closing. Channel-agnostic: the simulated callees and (issue 9) a SIP
 * call run through the same loop. A 'hangup' heard ends at once (the line is gone: nothing more is
 * said and hangUp is not called); a say() or listen() that fails is taken as the line dropping,
 * the same hang-up. listen() is given `listenTimeoutMs` and the driver also stops waiting a little
 * after it (LISTEN_GRACE_MS) so a session that never answers cannot stall a campaign.
 */
import { systemClock, type Clock } from '../../kernel/time.ts';
import { continueDialogue, currentQuestion, startDialogue } from '../dialogue/engine.ts';
import type { DialogueEnd, DialogueState, DialogueStep, Script, TranscriptEntry } from '../dialogue/model.ts';
import type { Understand, UnderstandingContext } from '../nlu/model.ts';
import type { CallSession, Heard } from './channel.ts';

export const LISTEN_GRACE_MS = 2_000;

export interface RunDialogueOptions {
  script: Script;
  variables: Readonly<Record<string, string>>;
  context: UnderstandingContext;
  understand: Understand;
  session: CallSession;
  /** How long to wait for a reply after a question before it counts as silence. */
  listenTimeoutMs: number;
  /** How long past listenTimeoutMs the driver waits on a session before taking silence. */
  listenGraceMs?: number;
  clock?: Clock;
}

export interface DialogueRun {
  end: DialogueEnd;
  transcript: TranscriptEntry[];
  state: DialogueState;
  timings: {
    answeredAt: Date;
    endedAt: Date;
    /** Replies listened for (silences and the hang-up included). */
    turns: number;
  };
}

const HANGUP: Heard = { kind: 'hangup' };

export async function runDialogue(options: RunDialogueOptions): Promise<DialogueRun> {
  const { script, context, understand, session, listenTimeoutMs } = options;
  const clock = options.clock ?? systemClock;
  const answeredAt = clock.now();
  let step: DialogueStep = startDialogue(script, options.variables, context, understand);
  let turns = 0;
  let lineGone = false;
  for (;;) {
    const delivered = await sayAll(session, step, script, options.variables);
    if (step.end) break;
    const heard = delivered ? await listen(session, listenTimeoutMs, options.listenGraceMs ?? LISTEN_GRACE_MS) : HANGUP;
    turns += 1;
    step = continueDialogue(script, step.state, heard, context, understand);
    if (heard.kind === 'hangup') {
      lineGone = true;
      break;
    }
  }
  if (!lineGone) await session.hangUp().catch(() => undefined);
  const end = step.end as DialogueEnd;
  return { end, transcript: step.state.transcript, state: step.state, timings: { answeredAt, endedAt: clock.now(), turns } };
}

/** Says a step's prompts, the last with the question it asks; false when the line dropped. */
async function sayAll(session: CallSession, step: DialogueStep, script: Script, variables: Readonly<Record<string, string>>): Promise<boolean> {
  const question = currentQuestion(script, step.state);
  try {
    for (let i = 0; i < step.say.length; i += 1) {
      const text = step.say[i] as string;
      const recording = script.recordings?.[text];
      const asks = i === step.say.length - 1 && question ? { question } : {};
      await session.say(text, { ...asks, variables, ...(recording ? { recording } : {}) });
    }
    return true;
  } catch {
    return false;
  }
}

async function listen(session: CallSession, timeoutMs: number, graceMs: number): Promise<Heard> {
  let timer: NodeJS.Timeout | undefined;
  const fallback = new Promise<Heard>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'silence' }), timeoutMs + graceMs);
  });
  try {
    return await Promise.race([session.listen(timeoutMs), fallback]);
  } catch {
    return HANGUP;
  } finally {
    clearTimeout(timer);
  }
}
