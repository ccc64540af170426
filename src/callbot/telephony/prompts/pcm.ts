/**
 * 8 kHz mono PCM16 helpers: bytes ↔ samples, trimming a synthesised piece to its speech, and
 * joining pieces without clicks. Pure.
 */
import { endianness } from 'node:os';

export const SAMPLE_RATE = 8000;
const LITTLE_ENDIAN = endianness() === 'LE';

/** Little-endian PCM16 bytes → samples (a copy: Int16Array needs an aligned buffer of its own). */
export function pcmFromBytes(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.byteLength >> 1);
  const view = new Uint8Array(samples.buffer);
  view.set(bytes.subarray(0, samples.byteLength));
  if (!LITTLE_ENDIAN) Buffer.from(samples.buffer).swap16();
  return samples;
}

/** Samples → little-endian PCM16 bytes (no copy on little-endian machines). */
export function pcmToBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap16();
}

export const msToSamples = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);

/** Root-mean-square level of a stretch of samples (0 for none). */
export function rms(samples: Int16Array, from = 0, to = samples.length): number {
  if (to <= from) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / (to - from));
}

/**
 * Cuts the silence espeak-ng puts before and after a clause (pieces are joined with gaps of our
 * choosing) and fades both ends so that a join never starts or stops on a non-zero sample (click).
 * `threshold` is an absolute sample value (about -50 dBFS by default).
 */
export function trimToSpeech(samples: Int16Array, o: { threshold?: number; marginMs?: number; fadeMs?: number } = {}): Int16Array {
  const threshold = o.threshold ?? 100;
  let start = 0;
  while (start < samples.length && Math.abs(samples[start]!) < threshold) start++;
  if (start === samples.length) return new Int16Array(0);
  let end = samples.length;
  while (end > start && Math.abs(samples[end - 1]!) < threshold) end--;
  const margin = msToSamples(o.marginMs ?? 15);
  const out = samples.slice(Math.max(0, start - margin), Math.min(samples.length, end + margin));
  fadeEdges(out, msToSamples(o.fadeMs ?? 5));
  return out;
}

/** Linear fade-in and fade-out over `length` samples, in place; the outermost samples become 0. */
export function fadeEdges(samples: Int16Array, length: number): void {
  const n = Math.min(length, samples.length >> 1);
  for (let i = 0; i < n; i++) {
    const gain = i / n;
    samples[i] = Math.round(samples[i]! * gain);
    samples[samples.length - 1 - i] = Math.round(samples[samples.length - 1 - i]! * gain);
  }
}

/** The samples followed by `silence` samples of silence (a copy). */
export function withTrailingSilence(samples: Int16Array, silence: number): Int16Array {
  if (silence <= 0) return samples;
  const out = new Int16Array(samples.length + silence);
  out.set(samples);
  return out;
}

/** Where the sound ends: the index after the last non-zero sample. */
export function soundEnd(samples: Int16Array): number {
  let end = samples.length;
  while (end > 0 && samples[end - 1] === 0) end--;
  return end;
}

/** Concatenates pieces with `gaps[i]` samples of silence after piece i (one allocation). */
export function joinWithGaps(pieces: readonly Int16Array[], gaps: readonly number[]): Int16Array {
  let total = 0;
  pieces.forEach((piece, i) => { total += piece.length + (i + 1 < pieces.length ? gaps[i] ?? 0 : 0); });
  const out = new Int16Array(total);
  let at = 0;
  pieces.forEach((piece, i) => {
    out.set(piece, at);
    at += piece.length + (i + 1 < pieces.length ? gaps[i] ?? 0 : 0);
  });
  return out;
}
