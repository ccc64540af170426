/**
 * Personal data at rest: AES-256-GCM per field, and a keyed hash (HMAC-SHA256) to find a record
 * by an encrypted value without decrypting the table ("blind index").
 *
 * Ciphertext format: `<keyId>.<base64(iv ‖ tag ‖ ciphertext)>`. The key id makes rotation a matter
 * of adding a new current key: old rows keep decrypting with the key they name, and
 * re-encryption can run in the background. The blind-index key is separate and not rotated
 * (changing it means recomputing every index column).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface Keyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  indexKey: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function parseKeyList(list: string): { currentKeyId: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  let currentKeyId = '';
  for (const entry of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [id, b64] = entry.split(':');
    if (!id || !b64 || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`bad data key entry "${id ?? ''}"`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`data key ${id} must be 32 bytes (base64)`);
    keys.set(id, key);
    if (!currentKeyId) currentKeyId = id;
  }
  if (!currentKeyId) throw new Error('no data key given');
  return { currentKeyId, keys };
}

export function encryptField(keyring: Keyring, plaintext: string): string {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new Error('current data key missing from keyring');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyring.currentKeyId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${keyring.currentKeyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function decryptField(keyring: Keyring, stored: string): string {
  const dot = stored.indexOf('.');
  const keyId = stored.slice(0, dot);
  const key = keyring.keys.get(keyId);
  if (dot < 1 || !key) throw new Error(`no data key "${keyId}" to decrypt a field`);
  const raw = Buffer.from(stored.slice(dot + 1), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** True when the value was written with an older key and should be re-encrypted. */
export function needsReencryption(keyring: Keyring, stored: string): boolean {
  return !stored.startsWith(`${keyring.currentKeyId}.`);
}

/** Keyed hash for lookups; `purpose` separates namespaces (an ID number never matches a phone). */
export function blindIndex(keyring: Keyring, purpose: string, normalizedValue: string): string {
  return createHmac('sha256', keyring.indexKey).update(`${purpose}\u0000${normalizedValue}`).digest('base64url');
}

export function newRandomKey(): string {
  return randomBytes(32).toString('base64');
}
