/**
 * Synthetic phone-line audio for the speech tests: tones standing in for voiced speech, seeded
 * noise for line hiss and comfort noise, and helpers to cut audio into 20 ms frames. Levels are in
 * dBFS RMS so tests read like the detector's own terms. Real Mandarin comes from espeak-ng and sox.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHONE_SAMPLE_RATE } from './recogniser.ts';

export const FRAME_SAMPLES = PHONE_SAMPLE_RATE / 50; // 20 ms

const samplesFor = (ms: number) => Math.round((ms * PHONE_SAMPLE_RATE) / 1000);
const rmsToPeak = Math.SQRT2;
const clip = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v)));

/** A sine at `hz`, RMS level `dbfs`. */
export function tone(ms: number, dbfs: number, hz = 440): Int16Array {
  const amp = 32768 * 10 ** (dbfs / 20) * rmsToPeak;
  const out = new Int16Array(samplesFor(ms));
  for (let i = 0; i < out.length; i++) out[i] = clip(amp * Math.sin((2 * Math.PI * hz * i) / PHONE_SAMPLE_RATE));
  return out;
}

/** White noise (uniform, seeded so tests repeat exactly), RMS level `dbfs`. */
export function noise(ms: number, dbfs: number, seed = 1): Int16Array {
  const amp = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3); // uniform on [-a, a] has RMS a/√3
  let state = seed >>> 0 || 1;
  const out = new Int16Array(samplesFor(ms));
  for (let i = 0; i < out.length; i++) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    out[i] = clip(amp * ((state / 0xffffffff) * 2 - 1));
  }
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(samplesFor(ms));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Sum two signals sample by sample (the longer one sets the length). */
export function mix(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = clip((a[i] ?? 0) + (b[i] ?? 0));
  return out;
}

/** Cut into 20 ms frames (a short last frame is zero-padded, as a jitter buffer would). */
export function framesOf(pcm: Int16Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let at = 0; at < pcm.length; at += FRAME_SAMPLES) {
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(pcm.subarray(at, at + FRAME_SAMPLES));
    frames.push(frame);
  }
  return frames;
}

/** The tools the real-speech tests need that this machine lacks. */
export function speechToolsMissing(): string[] {
  return ['espeak-ng', 'sox'].filter((tool) => spawnSync(tool, ['--version']).error);
}

function run(cmd: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString() ?? r.error}`);
  return r.stdout;
}

const asInt16 = (buf: Buffer) => new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
const rawPcm = ['-t', 'raw', '-r', '8000', '-c', '1', '-e', 'signed', '-b', '16'];

/** Mandarin read by espeak-ng from pinyin, as 8 kHz PCM16 (no shell: arguments go as they are). */
export function speakPinyin(pinyin: string): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'fangyi-speech-'));
  try {
    const wav = join(dir, 'speech.wav');
    run('espeak-ng', ['-v', 'cmn-latn-pinyin', pinyin, '-w', wav]);
    return asInt16(run('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Encode to G.711 and decode again, so the detector hears the line's quantisation noise. */
export function throughG711(pcm: Int16Array, law: 'u-law' | 'a-law'): Int16Array {
  const coded = run('sox', [...rawPcm, '-', '-t', 'raw', '-e', law, '-b', '8', '-'], Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  return asInt16(run('sox', ['-t', 'raw', '-r', '8000', '-c', '1', '-e', law, '-b', '8', '-', '-t', 'raw', '-e', 'signed', '-b', '16', '-'], coded));
}
