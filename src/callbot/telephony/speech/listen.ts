/**
 * Listening for a spoken answer on a call (听取语音回答): the caller's frames go through the
 * end-of-speech detector; from the detected start (with a little audio before it, so soft onsets
 * are not clipped) they stream into a recogniser, whose text is the answer.
 */
import { EndOfSpeechDetector, type EndOfSpeechDetectorOptions } from './endpoint.ts';
import { PHONE_SAMPLE_RATE, type RecognitionStream, type SpeechRecogniser } from './recogniser.ts';

export interface ListenOptions {
  /** Subscribe to the line's 8 kHz PCM16 frames; returns the unsubscribe function. */
  frames: (listener: (pcm8k: Int16Array) => void) => () => void;
  recogniser: SpeechRecogniser;
  /** Silence when no speech has started within this time (wall clock). */
  timeoutMs: number;
  /** An answer is cut off after this much speech (audio time). Default 10 s. */
  maxSpeechMs?: number;
  /** Audio before the detected start that the recogniser hears too. Default 200 ms. */
  preRollMs?: number;
  detector?: EndOfSpeechDetectorOptions;
  /** Stops listening (hang-up, a keypad digit): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type ListenResult = { kind: 'speech'; text: string } | { kind: 'silence' };

const DEFAULT_MAX_SPEECH_MS = 10_000;
const DEFAULT_PRE_ROLL_MS = 200;
/** Frames may stall mid-answer (RTP stops); the wall clock then ends the answer this much after
 * its audio budget would have. */
const STALL_GRACE_MS = 1_000;

/**
 * Resolves with the recognised text at the end of speech (or after maxSpeechMs of it), with
 * silence when no speech started within timeoutMs or the recogniser heard no words in it.
 */
export function listenForAnswer(o: ListenOptions): Promise<ListenResult> {
  const { signal } = o;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const maxSpeechMs = o.maxSpeechMs ?? DEFAULT_MAX_SPEECH_MS;
  const preRollMs = o.preRollMs ?? DEFAULT_PRE_ROLL_MS;
  const detector = new EndOfSpeechDetector(o.detector);
  // The start is reported startMs after the onset, so the buffer spans both.
  const keepMs = preRollMs + (o.detector?.startMs ?? 100) + 40;

  return new Promise<ListenResult>((resolve, reject) => {
    const recent: { at: number; frame: Int16Array }[] = [];
    let audioMs = 0;
    let stream: RecognitionStream | null = null;
    let speechStartedAtMs = 0;
    let settled = false;
    let timer = setTimeout(() => settle({ kind: 'silence' }), o.timeoutMs);
    const onAbort = () => {
      if (settled) return;
      settled = true;
      cleanUp();
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    let unsubscribe = () => {};
    unsubscribe = o.frames((frame) => {
      if (settled) return;
      const at = audioMs;
      audioMs += (frame.length * 1000) / PHONE_SAMPLE_RATE;
      const verdict = detector.push(frame);
      if (stream) {
        stream.accept(frame);
        if (verdict === 'end_of_speech' || audioMs - speechStartedAtMs >= maxSpeechMs) finish();
        return;
      }
      recent.push({ at, frame });
      while (recent.length && recent[0]!.at < audioMs - keepMs) recent.shift();
      if (verdict === 'speech') startStream();
    });
    if (settled) unsubscribe(); // the source delivered synchronously and an answer ended already

    function startStream(): void {
      stream = o.recogniser.createStream();
      speechStartedAtMs = detector.speechStartMs ?? audioMs;
      for (const { at, frame } of recent) if (at >= speechStartedAtMs - preRollMs) stream.accept(frame);
      recent.length = 0;
      clearTimeout(timer);
      timer = setTimeout(finish, maxSpeechMs + STALL_GRACE_MS);
    }

    function finish(): void {
      if (settled || !stream) return;
      settled = true;
      const finishing = stream;
      cleanUp({ keepStream: true });
      finishing.finish().then(
        (text) => { finishing.close(); resolve(text.trim() ? { kind: 'speech', text: text.trim() } : { kind: 'silence' }); },
        (error: unknown) => { finishing.close(); reject(error); },
      );
    }

    function settle(result: ListenResult): void {
      if (settled) return;
      settled = true;
      cleanUp();
      resolve(result);
    }

    function cleanUp(opts: { keepStream?: boolean } = {}): void {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      if (!opts.keepStream) stream?.close();
    }
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Listening was aborted', 'AbortError');
}
