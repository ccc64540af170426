/**
 * Venue tokens (场所码): what a venue's poster QR carries after `/v/`. Short on purpose, so the QR
 * stays small and cheap phones read it from a distance; checked only by this installation, so an
 * HMAC is enough (decision 0006).
 *
 * Layout, 37 bytes → 50 base64url characters:
 *   format (1 byte, 0x01) ‖ venue id (16, the uuid) ‖ token version (uint16 BE) ‖ day (uint16 BE) ‖ tag (16)
 * tag = HMAC-SHA-256(venue-token key, first 21 bytes), first 16 bytes. The key is derived with HKDF
 * from the installation's index key, label "venue-token", so it needs no storage of its own and is
 * the same on every server process. Day: days since 2020-01-01 (Asia/Shanghai) for a daily
 * screen code, 0 for a static poster.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { DAY_MS } from '../kernel/time.ts';

const FORMAT = 0x01;
const PAYLOAD_BYTES = 1 + 16 + 2 + 2;
const TAG_BYTES = 16;
export const VENUE_TOKEN_BYTES = PAYLOAD_BYTES + TAG_BYTES;
/** base64url without padding of 37 bytes. */
export const VENUE_TOKEN_CHARS = Math.ceil((VENUE_TOKEN_BYTES * 4) / 3);
export const MAX_TOKEN_VERSION = 0xffff;
export const MAX_DAY_NUMBER = 0xffff;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const EPOCH_MS = Date.UTC(2020, 0, 1);
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface VenueTokenClaims {
  venueId: string;
  tokenVersion: number;
  /** Day number of a daily (screen) code; null for a static poster. */
  day?: number | null;
}

export interface ReadVenueToken {
  venueId: string;
  tokenVersion: number;
  day: number | null;
}

// One derived key per keyring object: HKDF runs once, not per scan.
const keys = new WeakMap<Keyring, Buffer>();

function venueTokenKey(keyring: Keyring): Buffer {
  let key = keys.get(keyring);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', keyring.indexKey, Buffer.alloc(0), 'fangyi venue-token', 32));
    keys.set(keyring, key);
  }
  return key;
}

function tagOf(keyring: Keyring, payload: Buffer): Buffer {
  return createHmac('sha256', venueTokenKey(keyring)).update(payload).digest().subarray(0, TAG_BYTES);
}

/** The Asia/Shanghai day of an instant as a day number (2020-01-01 = 0). */
export function venueDayNumber(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS - EPOCH_MS) / DAY_MS);
}

export function issueVenueToken(keyring: Keyring, claims: VenueTokenClaims): string {
  if (!UUID.test(claims.venueId)) throw new Error('venue id must be a uuid');
  if (!Number.isInteger(claims.tokenVersion) || claims.tokenVersion < 1 || claims.tokenVersion > MAX_TOKEN_VERSION) {
    throw new Error(`token version must be 1–${MAX_TOKEN_VERSION}`);
  }
  const day = claims.day ?? 0;
  if (claims.day !== undefined && claims.day !== null && (!Number.isInteger(day) || day < 1 || day > MAX_DAY_NUMBER)) {
    throw new Error(`day must be 1–${MAX_DAY_NUMBER}`);
  }
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload[0] = FORMAT;
  Buffer.from(claims.venueId.replace(/-/g, ''), 'hex').copy(payload, 1);
  payload.writeUInt16BE(claims.tokenVersion, 17);
  payload.writeUInt16BE(day, 19);
  return Buffer.concat([payload, tagOf(keyring, payload)]).toString('base64url');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The token's claims, or undefined for anything malformed, of another format, or with a wrong tag. */
export function readVenueToken(keyring: Keyring, text: string): ReadVenueToken | undefined {
  if (typeof text !== 'string' || text.length !== VENUE_TOKEN_CHARS || !BASE64URL.test(text)) return undefined;
  const raw = Buffer.from(text, 'base64url');
  // Reject non-canonical spellings (the last character's unused bits set): one token, one text.
  if (raw.length !== VENUE_TOKEN_BYTES || raw.toString('base64url') !== text) return undefined;
  const payload = raw.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(tagOf(keyring, payload), raw.subarray(PAYLOAD_BYTES))) return undefined;
  if (payload[0] !== FORMAT) return undefined;
  const tokenVersion = payload.readUInt16BE(17);
  const day = payload.readUInt16BE(19);
  if (tokenVersion < 1) return undefined;
  return { venueId: uuidOf(payload.subarray(1, 17)), tokenVersion, day: day === 0 ? null : day };
}
