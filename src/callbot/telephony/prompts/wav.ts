/**
 * WAV files: recorded prompts (any rate, channels or sample format) read as 8 kHz mono PCM16, and
 * writing one for tests and for listening to what a call would say.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TtsFailedError } from './errors.ts';
import { pcmFromBytes, pcmToBytes, SAMPLE_RATE } from './pcm.ts';
import { runPipeline } from './pipeline.ts';

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export interface WavFormat { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number; dataOffset: number; dataLength: number }

/** The fmt and data chunks of a RIFF/WAVE file, or null when it is not one. */
export function parseWavHeader(bytes: Buffer): WavFormat | null {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return null;
  let format: Omit<WavFormat, 'dataOffset' | 'dataLength'> | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      let audioFormat = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (audioFormat === WAVE_FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= bytes.length) audioFormat = bytes.readUInt16LE(body + 24);
      format = { audioFormat, channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data' && format) {
      // Streamed WAVs (espeak-ng --stdout) carry a size of 0 or 0xFFFFFFFF: the data runs to the end.
      const dataLength = size === 0 || body + size > bytes.length ? bytes.length - body : size;
      return { ...format, dataOffset: body, dataLength };
    }
    at = body + size + (size & 1);
  }
  return null;
}

/** A WAV file as 8 kHz mono PCM16: read directly when it already is, converted by sox otherwise. */
export async function readWavAs8k(path: string): Promise<Int16Array> {
  const bytes = await readFile(path);
  const format = parseWavHeader(bytes);
  if (format && format.audioFormat === WAVE_FORMAT_PCM && format.channels === 1 && format.sampleRate === SAMPLE_RATE && format.bitsPerSample === 16) {
    return pcmFromBytes(bytes.subarray(format.dataOffset, format.dataOffset + format.dataLength));
  }
  // An absolute path: sox cannot mistake it for an option.
  const converted = await runPipeline([{
    command: 'sox',
    args: ['-V1', resolve(path), '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-', 'rate', '-v', String(SAMPLE_RATE)],
  }], null, { timeoutMs: 30_000 });
  if (converted.length === 0) throw new TtsFailedError(`${path}: no audio`);
  return pcmFromBytes(converted);
}

/** A mono PCM16 WAV file in memory. */
export function encodeWav(samples: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.byteLength, 40);
  return Buffer.concat([header, pcmToBytes(samples)]);
}

export async function writeWav(path: string, samples: Int16Array, sampleRate = SAMPLE_RATE): Promise<void> {
  await writeFile(path, encodeWav(samples, sampleRate));
}
