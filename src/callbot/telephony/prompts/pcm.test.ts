import { describe, expect, it } from 'vitest';
import { joinWithGaps, msToSamples, pcmFromBytes, pcmToBytes, trimToSpeech } from './pcm.ts';

const tone = (n: number, amplitude = 8000): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin(i / 3)));

describe('pcm', () => {
  it('round-trips little-endian bytes, from an unaligned offset too', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 258]);
    const bytes = Buffer.concat([Buffer.from([9]), pcmToBytes(samples)]);
    expect(bytes[2]).toBe(0);
    expect(pcmFromBytes(bytes.subarray(1))).toEqual(samples);
    expect(pcmFromBytes(Buffer.from([1, 2, 3])).length).toBe(1);
  });

  it('trims silence before and after speech, keeping a short margin, and fades the ends to zero', () => {
    const speech = tone(800);
    const padded = new Int16Array(4000 + speech.length + 4000);
    padded.set(speech, 4000);
    const trimmed = trimToSpeech(padded, { marginMs: 10 });
    expect(trimmed.length).toBeGreaterThanOrEqual(speech.length);
    expect(trimmed.length).toBeLessThanOrEqual(speech.length + 2 * msToSamples(10) + 2);
    expect(trimmed[0]).toBe(0);
    expect(trimmed.at(-1)).toBe(0);
    expect(Math.max(...trimmed)).toBeGreaterThan(7000);
    expect(trimToSpeech(new Int16Array(1000)).length).toBe(0);
  });

  it('joins pieces with silent gaps', () => {
    const joined = joinWithGaps([Int16Array.from([1, 2]), Int16Array.from([3]), Int16Array.from([4, 5])], [3, 0]);
    expect([...joined]).toEqual([1, 2, 0, 0, 0, 3, 4, 5]);
  });
});
