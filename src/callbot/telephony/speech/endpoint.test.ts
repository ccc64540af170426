import { describe, expect, it } from 'vitest';
import { EndOfSpeechDetector, frameLevelDbfs, type EndOfSpeechDetectorOptions } from './endpoint.ts';
import { concat, framesOf, mix, noise, silence, tone } from './test-signals.ts';

/** Feed every frame; report when (audio ms at the end of the deciding frame) each verdict came. */
export function runDetector(pcm: Int16Array, options?: EndOfSpeechDetectorOptions) {
  const detector = new EndOfSpeechDetector(options);
  const speechAt: number[] = [];
  const endAt: number[] = [];
  let wasSpeech = false;
  framesOf(pcm).forEach((frame, i) => {
    const verdict = detector.push(frame);
    const at = (i + 1) * 20;
    if (verdict === 'speech' && !wasSpeech) speechAt.push(at);
    if (verdict === 'end_of_speech') endAt.push(at);
    wasSpeech = verdict === 'speech';
  });
  return { detector, speechAt, endAt };
}

describe('frameLevelDbfs', () => {
  it('measures RMS against full scale', () => {
    expect(frameLevelDbfs(tone(20, -20))).toBeCloseTo(-20, 0);
    expect(frameLevelDbfs(noise(1000, -50))).toBeCloseTo(-50, 0);
    expect(frameLevelDbfs(silence(20))).toBe(-96);
  });
});

describe('EndOfSpeechDetector on synthetic signals', () => {
  it('finds start and end of a one-second answer on a quiet line', () => {
    const line = concat(noise(1000, -60), tone(1000, -20), noise(1500, -60, 7));
    const { speechAt, endAt, detector } = runDetector(line);
    // Confirmed after startMs (100 ms) of voice; ended after 700 ms of trailing silence.
    expect(speechAt).toEqual([1100]);
    expect(endAt).toEqual([2700]);
    expect(detector.speechStartMs).toBe(1000);
    expect(detector.speechEndMs).toBe(2000);
  });

  it('honours configured durations', () => {
    const line = concat(noise(500, -60), tone(600, -20), noise(1000, -60, 3));
    const { speechAt, endAt } = runDetector(line, { startMs: 200, endSilenceMs: 400 });
    expect(speechAt).toEqual([700]);
    expect(endAt).toEqual([1500]);
  });

  it('never hears speech in digital silence, A-law idle noise or comfort noise', () => {
    const alawIdle = new Int16Array(8000 * 3).map((_, i) => (i % 3 === 0 ? 8 : -8));
    for (const line of [silence(3000), alawIdle, noise(3000, -65), mix(noise(3000, -55), tone(3000, -70, 50))]) {
      const { speechAt, endAt } = runDetector(line);
      expect(speechAt).toEqual([]);
      expect(endAt).toEqual([]);
    }
  });

  it('ignores a click shorter than startMs and a burst shorter than minSpeechMs', () => {
    const line = concat(noise(800, -60), tone(60, -10), noise(800, -60, 2), tone(140, -15), noise(1500, -60, 3));
    const { endAt } = runDetector(line);
    expect(endAt).toEqual([]);
  });

  it('keeps a pause shorter than endSilenceMs inside one utterance', () => {
    const line = concat(noise(600, -60), tone(400, -20), noise(440, -60, 4), tone(400, -22, 300), noise(1200, -60, 5));
    const { speechAt, endAt } = runDetector(line);
    expect(speechAt).toEqual([700]);
    expect(endAt).toEqual([600 + 400 + 440 + 400 + 700]);
  });

  it('hears a loud answer on a noisy line without taking the hiss for speech', () => {
    const hiss = noise(4000, -38, 9);
    const line = mix(hiss, concat(silence(1500), tone(1000, -16), silence(1500)));
    const { speechAt, endAt } = runDetector(line);
    expect(speechAt).toHaveLength(1);
    expect(Math.abs(speechAt[0]! - 1600)).toBeLessThanOrEqual(40);
    expect(endAt).toHaveLength(1);
    expect(Math.abs(endAt[0]! - 3200)).toBeLessThanOrEqual(60);
  });

  it('takes a steady noise that switches on for the line, not for an endless answer', () => {
    // Comfort noise switching to a louder hiss: it starts like speech, but once the floor window
    // has caught up, the detector stops counting it and listens for real answers again.
    const line = concat(noise(1000, -65), noise(5000, -35, 11), mix(noise(2000, -35, 12), tone(2000, -12)), noise(3000, -35, 13));
    const { speechAt, endAt, detector } = runDetector(line);
    expect(detector.noiseFloorDbfs!).toBeGreaterThan(-40);
    // The real answer at 6000–8000 ms is found after the step has been absorbed.
    expect(speechAt.some((t) => Math.abs(t - 6100) <= 60)).toBe(true);
    expect(endAt.some((t) => Math.abs(t - 8700) <= 60)).toBe(true);
  });

  it('listens for the next utterance after an end', () => {
    const answer = () => concat(tone(500, -20), noise(1000, -60, 6));
    const { endAt } = runDetector(concat(noise(500, -60), answer(), answer()));
    expect(endAt).toEqual([500 + 500 + 700, 500 + 1500 + 500 + 700]);
  });
});
