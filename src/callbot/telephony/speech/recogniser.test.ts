import { describe, expect, it } from 'vitest';
import { pcm16ToFloat32, Upsampler8kTo16k } from './recogniser.ts';

const sine8k = (hz: number, n: number, amp = 16000) => Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / 8000)));

describe('pcm16ToFloat32', () => {
  it('normalises to [-1, 1)', () => {
    expect([...pcm16ToFloat32(Int16Array.from([-32768, 0, 16384, 32767]))]).toEqual([-1, 0, 0.5, 32767 / 32768]);
  });
});

describe('Upsampler8kTo16k', () => {
  it('doubles the sample count and keeps every input sample', () => {
    const input = sine8k(440, 160);
    const out = new Upsampler8kTo16k().push(input);
    expect(out).toHaveLength(320);
    for (let i = 0; i < input.length; i++) expect(out[2 * i + 1]).toBeCloseTo(input[i]! / 32768, 6);
  });

  it('gives the same output frame by frame as in one piece (no seam at frame joins)', () => {
    const input = sine8k(700, 800);
    const whole = new Upsampler8kTo16k().push(input);
    const streaming = new Upsampler8kTo16k();
    const pieces: number[] = [];
    for (let at = 0; at < input.length; at += 160) pieces.push(...streaming.push(input.subarray(at, at + 160)));
    expect(pieces).toEqual([...whole]);
  });

  it('reproduces a 16 kHz sine, half an 8 kHz sample late, within linear interpolation error', () => {
    // A chord's midpoint misses a sine of amplitude 1 by at most 1 − cos(π·f/8000); 1e-4 for rounding.
    for (const hz of [200, 1000, 3000]) {
      const tolerance = 1 - Math.cos((Math.PI * hz) / 8000) + 1e-4;
      const out = new Upsampler8kTo16k().push(sine8k(hz, 800));
      let worst = 0;
      for (let j = 2; j < out.length; j++) {
        const ideal = (16000 / 32768) * Math.sin((2 * Math.PI * hz * (j - 1)) / 16000);
        worst = Math.max(worst, Math.abs(out[j]! - ideal));
      }
      expect(worst / (16000 / 32768)).toBeLessThanOrEqual(tolerance);
    }
  });
});
