/**
 * The cache's files: a 16-byte header (magic "FYP1", sample rate, sample count, FNV-1a checksum of
 * the samples) then little-endian PCM16. The header lets a truncated or damaged file be told from a
 * good one so that it is rendered again instead of played as noise. Written atomically (a
 * temporary file renamed into place), so a reader never sees a half-written prompt.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pcmFromBytes, pcmToBytes, SAMPLE_RATE } from './pcm.ts';

const MAGIC = 0x31505946; // "FYP1" little-endian
const HEADER_BYTES = 16;

function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

/** The samples of a cache file; null when it is missing, short or damaged. */
export async function readPcmFile(path: string): Promise<Int16Array | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== SAMPLE_RATE) return null;
  const samples = bytes.readUInt32LE(8);
  if (bytes.length !== HEADER_BYTES + samples * 2) return null;
  const data = bytes.subarray(HEADER_BYTES);
  if (fnv1a(data) !== bytes.readUInt32LE(12)) return null;
  return pcmFromBytes(data);
}

export async function writePcmFile(path: string, samples: Int16Array): Promise<void> {
  const data = pcmToBytes(samples);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(SAMPLE_RATE, 4);
  header.writeUInt32LE(samples.length, 8);
  header.writeUInt32LE(fnv1a(data), 12);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, Buffer.concat([header, data]));
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
