import { describe, expect, it } from 'vitest';
import { listenForAnswer } from './listen.ts';
import type { RecognitionStream, SpeechRecogniser } from './recogniser.ts';
import { concat, framesOf, noise, tone } from './test-signals.ts';

/**
 * An honest stand-in for a speech model: its "text" says how much audio it was fed and how much
 * of that was loud, so the tests see exactly what the listening code passed on.
 */
class CountingRecogniser implements SpeechRecogniser {
  readonly name = 'counting';
  streams: { frames: number; loudFrames: number; closed: boolean; finished: boolean }[] = [];
  private readonly reply: (frames: number, loud: number) => string;
  constructor(reply = (frames: number, loud: number) => `frames=${frames} loud=${loud}`) { this.reply = reply; }
  createStream(): RecognitionStream {
    const s = { frames: 0, loudFrames: 0, closed: false, finished: false };
    this.streams.push(s);
    return {
      accept: (pcm) => {
        if (s.closed || s.finished) throw new Error('audio after the end of the stream');
        s.frames++;
        if (pcm.some((v) => Math.abs(v) > 2000)) s.loudFrames++;
      },
      finish: async () => { s.finished = true; return this.reply(s.frames, s.loudFrames); },
      close: () => { s.closed = true; },
    };
  }
}

/** A line that plays frames in bursts (faster than real time), like a jitter buffer catching up. */
function lineOf(pcm: Int16Array, o: { framesPerTick?: number } = {}) {
  const frames = framesOf(pcm);
  let listener: ((f: Int16Array) => void) | null = null;
  let unsubscribed = false;
  const timer = setInterval(() => {
    for (let i = 0; i < (o.framesPerTick ?? 10); i++) {
      const frame = frames.shift();
      if (!frame) { clearInterval(timer); return; }
      listener?.(frame);
    }
  }, 1);
  return {
    frames: (l: (f: Int16Array) => void) => { listener = l; return () => { listener = null; unsubscribed = true; clearInterval(timer); }; },
    get unsubscribed() { return unsubscribed; },
  };
}

describe('listenForAnswer', () => {
  it('streams the answer with its pre-roll into the recogniser and returns the text at end of speech', async () => {
    const recogniser = new CountingRecogniser();
    const line = lineOf(concat(noise(1000, -60), tone(600, -15), noise(2000, -60, 3)));
    const result = await listenForAnswer({ frames: line.frames, recogniser, timeoutMs: 5000 });
    // 200 ms pre-roll (10 frames) + 600 ms of tone (30) + 700 ms trailing silence (35).
    expect(result).toEqual({ kind: 'speech', text: 'frames=75 loud=30' });
    expect(recogniser.streams[0]).toMatchObject({ finished: true, closed: true });
    expect(line.unsubscribed).toBe(true);
  });

  it('ends a long answer after maxSpeechMs', async () => {
    const recogniser = new CountingRecogniser();
    const line = lineOf(concat(noise(400, -60), tone(5000, -15)));
    const result = await listenForAnswer({ frames: line.frames, recogniser, timeoutMs: 5000, maxSpeechMs: 1000 });
    expect(result).toEqual({ kind: 'speech', text: 'frames=60 loud=50' });
  });

  it('returns silence when nobody speaks before the timeout, and opens no recogniser stream', async () => {
    const recogniser = new CountingRecogniser();
    const line = lineOf(noise(1500, -60), { framesPerTick: 1 });
    const startedAt = Date.now();
    expect(await listenForAnswer({ frames: line.frames, recogniser, timeoutMs: 150 })).toEqual({ kind: 'silence' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(recogniser.streams).toHaveLength(0);
    expect(line.unsubscribed).toBe(true);
  });

  it('returns silence when the recogniser heard no words', async () => {
    const recogniser = new CountingRecogniser(() => '  ');
    const line = lineOf(concat(noise(300, -60), tone(400, -15), noise(1000, -60)));
    expect(await listenForAnswer({ frames: line.frames, recogniser, timeoutMs: 5000 })).toEqual({ kind: 'silence' });
  });

  it('stops on abort (a digit or a hang-up) with the abort reason and closes the stream', async () => {
    const recogniser = new CountingRecogniser();
    const line = lineOf(concat(noise(300, -60), tone(3000, -15)), { framesPerTick: 2 });
    const controller = new AbortController();
    const listening = listenForAnswer({ frames: line.frames, recogniser, timeoutMs: 5000, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 80));
    controller.abort(new Error('digit 1'));
    await expect(listening).rejects.toThrow('digit 1');
    expect(line.unsubscribed).toBe(true);
    expect(recogniser.streams.every((s) => s.closed && !s.finished)).toBe(true);
  });

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const line = lineOf(noise(100, -60));
    await expect(listenForAnswer({ frames: line.frames, recogniser: new CountingRecogniser(), timeoutMs: 100, signal: controller.signal }))
      .rejects.toMatchObject({ name: 'AbortError' });
    line.frames(() => {})(); // stop the line's timer
  });

  it('passes a recogniser failure on after closing its stream', async () => {
    const failing: SpeechRecogniser = {
      name: 'failing',
      createStream: () => ({ accept() {}, finish: () => Promise.reject(new Error('model crashed')), close() { closed = true; } }),
    };
    let closed = false;
    const line = lineOf(concat(noise(300, -60), tone(400, -15), noise(1000, -60)));
    await expect(listenForAnswer({ frames: line.frames, recogniser: failing, timeoutMs: 5000 })).rejects.toThrow('model crashed');
    expect(closed).toBe(true);
  });
});
