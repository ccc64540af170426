import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_RATE } from './pcm.ts';
import { TTS_TOOLS_MISSING, ttsToolsAvailable } from './test-tools.ts';
import { encodeWav, parseWavHeader, readWavAs8k, writeWav } from './wav.ts';

let dir = '';
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'fangyi-wav-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const ramp = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => ((i * 37) % 2000) - 1000);

/** Frequency of a tone from its zero crossings. */
function frequency(samples: Int16Array): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1]! < 0) !== (samples[i]! < 0)) crossings++;
  return crossings / 2 / (samples.length / SAMPLE_RATE);
}

describe('WAV files', () => {
  it('writes and reads back an 8 kHz mono PCM16 file unchanged (no conversion)', async () => {
    const samples = ramp(4000);
    const path = join(dir, 'ramp.wav');
    await writeWav(path, samples);
    expect(parseWavHeader(encodeWav(samples))).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16, dataOffset: 44, dataLength: 8000 });
    expect(await readWavAs8k(path)).toEqual(samples);
  });

  it('reads a streamed WAV whose data size is 0 up to the end (espeak-ng --stdout)', async () => {
    const wav = encodeWav(ramp(100));
    wav.writeUInt32LE(0, 40);
    const path = join(dir, 'streamed.wav');
    await writeFile(path, wav);
    expect(await readWavAs8k(path)).toEqual(ramp(100));
  });

  it('rejects what is not a WAV', () => {
    expect(parseWavHeader(Buffer.from('not a wav file at all'))).toBeNull();
  });

  const tools = ttsToolsAvailable();
  it.skipIf(!tools)(`converts any rate and channel count to 8 kHz mono with sox (${tools ? 'installed' : TTS_TOOLS_MISSING})`, async () => {
    const path = join(dir, 'tone-44k-stereo.wav');
    const made = spawnSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '24', path, 'synth', '0.5', 'sine', '440']);
    expect(made.status).toBe(0);
    const samples = await readWavAs8k(path);
    expect(samples.length).toBeGreaterThan(0.49 * SAMPLE_RATE);
    expect(samples.length).toBeLessThan(0.51 * SAMPLE_RATE);
    expect(frequency(samples)).toBeGreaterThan(430);
    expect(frequency(samples)).toBeLessThan(450);
  });
});
