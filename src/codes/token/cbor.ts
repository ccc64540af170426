/**
 * The small, strict subset of CBOR (RFC 8949) a health-code token needs: unsigned and negative
 * integers, byte and text strings, arrays, maps with integer keys, and tag 18 (COSE_Sign1).
 * Decoding is deterministic-only: shortest integer and length forms, definite lengths, no
 * duplicate map keys, no trailing bytes. Anything else is refused, so one token has exactly one
 * byte form and a flipped bit can never decode to "the same" token. Pure and isomorphic.
 */

export type CborValue = number | Uint8Array | string | CborValue[] | CborMap | CborTagged;
export type CborMap = Map<number, CborValue>;
export interface CborTagged {
  tag: number;
  value: CborValue;
}

export class CborError extends Error {
  constructor(message: string) {
    super(`CBOR: ${message}`);
    this.name = 'CborError';
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Core deterministic order (RFC 8949 §4.2.1) for integer keys: 0, 1, …, then -1, -2, …. */
function keyRank(key: number): number {
  return key >= 0 ? key : 2 ** 33 - 1 - key;
}

function head(major: number, length: number, out: number[]): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) throw new CborError(`length out of range: ${length}`);
  const m = major << 5;
  if (length < 24) out.push(m | length);
  else if (length < 0x100) out.push(m | 24, length);
  else if (length < 0x10000) out.push(m | 25, length >> 8, length & 0xff);
  else out.push(m | 26, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

function byRank([a]: [number, CborValue], [b]: [number, CborValue]): number {
  return keyRank(a) - keyRank(b);
}

function pushBytes(bytes: Uint8Array, out: number[]): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

function encodeInto(value: CborValue, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new CborError('only integers are supported');
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    pushBytes(value, out);
  } else if (typeof value === 'string') {
    const bytes = textEncoder.encode(value);
    head(3, bytes.length, out);
    pushBytes(bytes, out);
  } else if (Array.isArray(value)) {
    head(4, value.length, out);
    for (const item of value) encodeInto(item, out);
  } else if (value instanceof Map) {
    head(5, value.size, out);
    for (const [key, item] of [...value].sort(byRank)) {
      encodeInto(key, out);
      encodeInto(item, out);
    }
  } else {
    head(6, value.tag, out);
    encodeInto(value.value, out);
  }
}

export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out);
  return Uint8Array.from(out);
}

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new CborError('unexpected end of input');
    return this.bytes[this.offset++]!;
  }

  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) throw new CborError('unexpected end of input');
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** The argument of a head, refusing non-shortest forms and indefinite lengths. */
  argument(info: number): number {
    if (info < 24) return info;
    if (info === 24) return this.shortest(this.byte(), 24);
    if (info === 25) return this.shortest((this.byte() << 8) | this.byte(), 0x100);
    if (info === 26) return this.shortest(((this.byte() << 24) >>> 0) + ((this.byte() << 16) | (this.byte() << 8) | this.byte()), 0x10000);
    if (info === 27) throw new CborError('64-bit values are not supported');
    throw new CborError(info === 31 ? 'indefinite lengths are not allowed' : `reserved additional info ${info}`);
  }

  private shortest(value: number, minimum: number): number {
    if (value < minimum) throw new CborError('non-shortest integer or length');
    return value;
  }
}

const MAX_DEPTH = 8;

function decodeItem(reader: Reader, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw new CborError('nested too deeply');
  const initial = reader.byte();
  const major = initial >> 5;
  const argument = reader.argument(initial & 0x1f);
  switch (major) {
    case 0: return argument;
    case 1: return -1 - argument;
    // A view, not a copy: decoded tokens are read, never changed in place.
    case 2: return reader.take(argument);
    case 3:
      try {
        return textDecoder.decode(reader.take(argument));
      } catch {
        throw new CborError('text string is not valid UTF-8');
      }
    case 4: {
      const items: CborValue[] = [];
      for (let i = 0; i < argument; i++) items.push(decodeItem(reader, depth + 1));
      return items;
    }
    case 5: {
      const map: CborMap = new Map();
      let previousRank = -1;
      for (let i = 0; i < argument; i++) {
        const key = decodeItem(reader, depth + 1);
        if (typeof key !== 'number') throw new CborError('map keys must be integers');
        if (map.has(key)) throw new CborError(`duplicate map key ${key}`);
        if (keyRank(key) < previousRank) throw new CborError('map keys out of deterministic order');
        previousRank = keyRank(key);
        map.set(key, decodeItem(reader, depth + 1));
      }
      return map;
    }
    case 6: return { tag: argument, value: decodeItem(reader, depth + 1) };
    default: throw new CborError('floats and simple values are not supported');
  }
}

/** Decodes exactly one item filling the whole input. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new Reader(bytes);
  const value = decodeItem(reader, 0);
  if (reader.offset !== bytes.length) throw new CborError(`${bytes.length - reader.offset} trailing bytes`);
  return value;
}

export function isCborMap(value: CborValue | undefined): value is CborMap {
  return value instanceof Map;
}
