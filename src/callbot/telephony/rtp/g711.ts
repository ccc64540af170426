/**
 * G.711 companding (ITU-T G.711, 1988): 8-bit μ-law (PCMU, RTP payload type 0) and A-law (PCMA,
 * payload type 8) at 8 kHz, the two codecs every carrier's SIP trunk speaks (RFC 3551 §4.5.14).
 * Decoding is a 256-entry table; encoding is a 65,536-entry table per law (64 KiB each, built on
 * first use) so a 160-sample frame costs 160 lookups, which matters at hundreds of calls × 50
 * frames a second. The tables are filled by the reference algorithms below (the ones of the ITU's
 * and Sun's public g711.c), so the table is only a cache of the formula.
 */

export type G711Codec = 'PCMU' | 'PCMA';

/** RFC 3551 §4.5.14: G.711 is sampled at 8,000 Hz, which is also its RTP clock rate. */
export const G711_SAMPLE_RATE = 8000;

/** RFC 3551 §6 static payload types. */
export const G711_PAYLOAD_TYPE: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

/** The byte that decodes to (nearly) zero: what a silent frame is made of. */
export const G711_SILENCE_BYTE: Readonly<Record<G711Codec, number>> = { PCMU: 0xff, PCMA: 0xd5 };

export function codecForPayloadType(payloadType: number): G711Codec | null {
  if (payloadType === 0) return 'PCMU';
  if (payloadType === 8) return 'PCMA';
  return null;
}

// μ-law (G.711 §3): a bias of 33 in 14-bit terms (132 in 16-bit) makes every segment start at a
// power of two; the stored byte is inverted so that silence is 0xFF (keeps line density high).
const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = sign ? -sample : sample;
  if (magnitude > MULAW_CLIP) magnitude = MULAW_CLIP;
  magnitude += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeMulawByte(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  // (mantissa << 3) + bias puts the result in the middle of the quantisation step.
  const magnitude = ((((u & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

// A-law (G.711 §2) works on 13-bit samples; even bits are inverted (XOR 0x55) on the line.
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function encodeAlawSample(sample: number): number {
  let value = sample >> 3;
  let mask: number;
  if (value >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    value = -value - 1;
  }
  let segment = 0;
  while (segment < 8 && value > (ALAW_SEGMENT_ENDS[segment] as number)) segment += 1;
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function decodeAlawByte(byte: number): number {
  const a = byte ^ 0x55;
  let magnitude = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

const decodeTables = new Map<G711Codec, Int16Array>();
const encodeTables = new Map<G711Codec, Uint8Array>();

function decodeTable(codec: G711Codec): Int16Array {
  let table = decodeTables.get(codec);
  if (!table) {
    const decode = codec === 'PCMU' ? decodeMulawByte : decodeAlawByte;
    table = new Int16Array(256);
    for (let byte = 0; byte < 256; byte += 1) table[byte] = decode(byte);
    decodeTables.set(codec, table);
  }
  return table;
}

/** Indexed by the sample's 16 bits as unsigned (sample & 0xffff). */
function encodeTable(codec: G711Codec): Uint8Array {
  let table = encodeTables.get(codec);
  if (!table) {
    const encode = codec === 'PCMU' ? encodeMulawSample : encodeAlawSample;
    table = new Uint8Array(65536);
    for (let sample = -32768; sample < 32768; sample += 1) table[sample & 0xffff] = encode(sample);
    encodeTables.set(codec, table);
  }
  return table;
}

/**
 * Builds both laws' tables now (tens of milliseconds the first time): called when a call's media
 * opens, so the first prompt does not stall the shared media clock of every call in progress.
 */
export function prepareG711Tables(): void {
  for (const codec of ['PCMU', 'PCMA'] as const) {
    encodeTable(codec);
    decodeTable(codec);
  }
}

export function encodeG711(codec: G711Codec, pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  encodeG711Into(codec, pcm, 0, pcm.length, out, 0);
  return out;
}

/**
 * Encodes pcm[from, from + count) into target at offset, without allocating: the media path
 * writes straight into a packet buffer it reuses. Samples past the end of pcm encode as silence.
 */
export function encodeG711Into(codec: G711Codec, pcm: Int16Array, from: number, count: number, target: Uint8Array, offset: number): void {
  const table = encodeTable(codec);
  const available = Math.max(0, Math.min(count, pcm.length - from));
  for (let i = 0; i < available; i += 1) target[offset + i] = table[(pcm[from + i] as number) & 0xffff] as number;
  if (available < count) target.fill(G711_SILENCE_BYTE[codec], offset + available, offset + count);
}

export function decodeG711(codec: G711Codec, bytes: Uint8Array): Int16Array {
  const table = decodeTable(codec);
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) out[i] = table[bytes[i] as number] as number;
  return out;
}
