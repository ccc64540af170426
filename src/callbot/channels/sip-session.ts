/**
 * One answered phone call (电话通话) as a CallSession: prompts are played as RTP (rendered speech,
 * or a recording), each question followed by the keys that answer it; replies are keypad digits
 * (RFC 4733, typed ahead too: a key pressed during a prompt stops it — barge-in — and answers the
 * question being asked) or, when a recogniser is configured, speech heard until its end.
 */
import { KEYPAD_INSTRUCTIONS, takeKeypadAnswer } from '../nlu/keypad.ts';
import type { QuestionId } from '../nlu/model.ts';
import type { SipDialog } from '../telephony/sip/user-agent.ts';
import type { MediaSession } from '../telephony/rtp/media-session.ts';
import type { SpeechRecogniser } from '../telephony/speech/recogniser.ts';
import { listenForAnswer } from '../telephony/speech/listen.ts';
import type { CallSession, Heard, SayHint } from './channel.ts';

/** After a key, how long to wait for the rest of a multi-digit answer (a temperature without #). */
export const INTER_DIGIT_MS = 4_000;

export interface PromptRenderer {
  /** A prompt's audio as pieces to play back to back (shared: never modified). */
  render(text: string, options: { variables?: Readonly<Record<string, string>>; recording?: string }): Promise<readonly Int16Array[]>;
}

export class LineGoneError extends Error {
  constructor() {
    super('the line was hung up');
    this.name = 'LineGoneError';
  }
}

export class SipCallSession implements CallSession {
  private keys = '';
  private question: QuestionId | undefined;
  private gone = false;
  private readonly wakers = new Set<() => void>();
  private closed: Promise<void> | undefined;

  private readonly dialog: SipDialog;
  private readonly media: MediaSession;
  private readonly prompts: PromptRenderer;
  private readonly recogniser: SpeechRecogniser | null;
  private readonly onClosed: () => void;

  constructor(dialog: SipDialog, media: MediaSession, prompts: PromptRenderer, recogniser: SpeechRecogniser | null, onClosed: () => void) {
    this.dialog = dialog;
    this.media = media;
    this.prompts = prompts;
    this.recogniser = recogniser;
    this.onClosed = onClosed;
    media.onDigit((digit) => { this.keys += digit; this.wake(); });
    void dialog.ended.then(() => { this.gone = true; this.wake(); void this.close(); });
  }

  async say(text: string, hint?: SayHint): Promise<void> {
    if (this.gone) throw new LineGoneError();
    this.question = hint?.question;
    // Keys typed ahead answer this prompt's question: don't make the caller sit through it.
    if (this.keys.length > 0 && this.question) return;
    const options = { ...(hint?.variables ? { variables: hint.variables } : {}), ...(hint?.recording ? { recording: hint.recording } : {}) };
    const parts = [...await this.prompts.render(text, options)];
    if (this.question) parts.push(...await this.prompts.render(KEYPAD_INSTRUCTIONS[this.question], {}));
    if (this.gone) throw new LineGoneError();
    const played = await this.media.play(parts, { stopOnDigit: true });
    if (played === 'closed' || this.gone) throw new LineGoneError();
  }

  async listen(timeoutMs: number): Promise<Heard> {
    const question = this.question ?? 'identity';
    const deadline = performance.now() + timeoutMs;
    const speech = this.recogniser ? new AbortController() : null;
    let spoken: Heard | null = null;
    let spokenDone = false;
    const speaking = speech && this.recogniser
      ? listenForAnswer({ frames: (listener) => this.media.onAudio(listener), recogniser: this.recogniser, timeoutMs, signal: speech.signal })
        .then((result) => { spoken = result; }, () => undefined).finally(() => { spokenDone = true; this.wake(); })
      : null;
    try {
      let typed = this.keys.length;
      let typedAt = performance.now();
      for (;;) {
        if (this.gone) return { kind: 'hangup' };
        const taken = takeKeypadAnswer(question, this.keys);
        if (taken) {
          this.keys = taken.rest;
          return { kind: 'digits', digits: taken.answer };
        }
        if (this.keys.length !== typed) { typed = this.keys.length; typedAt = performance.now(); }
        const now = performance.now();
        if (typed > 0) {
          // A multi-digit answer left unfinished (no #): take what was typed.
          if (now - typedAt >= INTER_DIGIT_MS) {
            const digits = this.keys;
            this.keys = '';
            return { kind: 'digits', digits };
          }
          await this.sleep(typedAt + INTER_DIGIT_MS - now);
        } else if (speaking) {
          // The recogniser decides silence (nothing began within the timeout) or hears speech to its end.
          if (spokenDone) return spoken ?? { kind: 'silence' };
          await this.sleep(Number.POSITIVE_INFINITY);
        } else {
          if (now >= deadline) return { kind: 'silence' };
          await this.sleep(deadline - now);
        }
      }
    } finally {
      speech?.abort();
    }
  }

  async hangUp(): Promise<void> {
    if (!this.gone) await this.dialog.bye().catch(() => undefined);
    await this.close();
  }

  close(): Promise<void> {
    this.closed ??= this.media.close().finally(() => this.onClosed());
    return this.closed;
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  /** Waits until woken (a key, speech heard, the line gone) or `ms` passed. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.wakers.delete(done); resolve(); };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, 2_147_000_000)));
      this.wakers.add(done);
    });
  }
}
