/**
 * Issuing tokens on the server with the region's current signing key. Decrypting and parsing a
 * private key costs more than the signature itself, so signers are cached per key name, and the
 * region's current key name for a few seconds: a rotation is picked up within CURRENT_KEY_TTL_MS,
 * (on the platform clock), well inside the one minute of clock skew verifiers allow after a
 * key's retirement.
 * The caches hang off the platform's keyring (one per running platform, none global).
 */
import { randomBytes } from 'node:crypto';
import type { Keyring } from '../../kernel/crypto/field-encryption.ts';
import { findCurrentKid, loadPrivateKey, rawPublicKeyFromPem, signBytes, listPublicKeys, type SigningKeyDeps } from '../signing-keys/service.ts';
import { encodeToken, type TokenSigner } from './encode.ts';
import { tokenFail } from './errors.ts';
import {
  ClaimsError, LIVE_VALIDITY_SECONDS, maskedNameForToken, PRINTED_TOKEN_ID_BYTES, PRINTED_VALIDITY_SECONDS, SUBJECT_BYTES, toHex, tokenKidOf,
  type Colour, type TokenClaims, type TokenKind,
} from './model.ts';

export const CURRENT_KEY_TTL_MS = 5_000;
const MAX_CACHED_SIGNERS = 1_000;

export interface IssueRequest {
  /** Pseudonymous subject id (10 random bytes drawn once per person), never an ID number: see newSubjectId. */
  subject: Uint8Array;
  /** The platform's mask (maskName); shortened here when it would not fit a token. */
  maskedName: string;
  colour: Colour;
  /** Default live (3 minutes); printed codes (关爱码) last 14 days and always carry a token id. */
  kind?: TokenKind;
  tokenId?: Uint8Array;
  /** Whole minutes, as seconds (tokens carry minutes). */
  validitySeconds?: number;
}

export interface IssuedToken {
  text: string;
  claims: TokenClaims;
  /** Readable name of the signing key (330100-20261128-k3x9qa) and its 8-byte token kid, hex. */
  keyName: string;
  kid: string;
}

interface NamedSigner extends TokenSigner { name: string; kidHex: string }
interface IssuerCache {
  signers: Map<string, Promise<NamedSigner>>;
  /** The same signers once loaded: the hot path takes them without awaiting a promise. */
  ready: Map<string, NamedSigner>;
  current: Map<string, { kid: string; loadedAt: number }>;
}
const caches = new WeakMap<Keyring, IssuerCache>();

function cacheFor(keyring: Keyring): IssuerCache {
  let cache = caches.get(keyring);
  if (!cache) {
    cache = { signers: new Map(), ready: new Map(), current: new Map() };
    caches.set(keyring, cache);
  }
  return cache;
}

async function loadSigner(deps: SigningKeyDeps, regionCode: string, name: string): Promise<NamedSigner> {
  const key = await loadPrivateKey(deps, name);
  const listed = (await listPublicKeys(deps.db, regionCode)).find((k) => k.kid === name)!;
  const kid = tokenKidOf(rawPublicKeyFromPem(key.algorithm, listed.publicKeyPem));
  return { name, algorithm: key.algorithm, kid, kidHex: toHex(kid), sign: (data) => signBytes(key, data) };
}

/** The region's current signer: from memory when the current key is known and loaded, else loaded. */
function currentSigner(deps: SigningKeyDeps, regionCode: string): NamedSigner | Promise<NamedSigner> {
  const cache = cacheFor(deps.keyring);
  const current = cache.current.get(regionCode);
  if (current && deps.clock.now().getTime() - current.loadedAt <= CURRENT_KEY_TTL_MS) {
    const ready = cache.ready.get(current.kid);
    if (ready) return ready;
  }
  return loadCurrentSigner(deps, regionCode);
}

async function loadCurrentSigner(deps: SigningKeyDeps, regionCode: string): Promise<NamedSigner> {
  const cache = cacheFor(deps.keyring);
  const nowMs = deps.clock.now().getTime();
  let current = cache.current.get(regionCode);
  if (!current || nowMs - current.loadedAt > CURRENT_KEY_TTL_MS) {
    current = { kid: await findCurrentKid(deps.db, regionCode), loadedAt: nowMs };
    cache.current.set(regionCode, current);
  }
  let signer = cache.signers.get(current.kid);
  if (!signer) {
    if (cache.signers.size >= MAX_CACHED_SIGNERS) {
      cache.signers.clear();
      cache.ready.clear();
    }
    const kid = current.kid;
    signer = loadSigner(deps, regionCode, kid);
    cache.signers.set(kid, signer);
    signer.then((loaded) => { if (cache.signers.get(kid) === signer) cache.ready.set(kid, loaded); }, () => cache.signers.delete(kid));
  }
  return signer;
}

/** Signs a health-code token for a person of a tenant region (throws TOKEN_CLAIMS_INVALID, SIGNING_KEY_NO_ACTIVE_KEY). */
export async function issueToken(deps: SigningKeyDeps, regionCode: string, request: IssueRequest): Promise<IssuedToken> {
  if (!/^[1-9][0-9]{5}$/.test(regionCode)) throw tokenFail('TOKEN_REGION_INVALID', { regionCode });
  const kind = request.kind ?? 'live';
  const issuedAt = Math.floor(deps.clock.now().getTime() / 1000);
  const validity = request.validitySeconds ?? (kind === 'printed' ? PRINTED_VALIDITY_SECONDS : LIVE_VALIDITY_SECONDS);
  const tokenId = request.tokenId ?? (kind === 'printed' ? new Uint8Array(randomBytes(PRINTED_TOKEN_ID_BYTES)) : undefined);
  const claims: TokenClaims = {
    issuer: Number(regionCode), subject: request.subject, maskedName: maskedNameForToken(request.maskedName), colour: request.colour,
    issuedAt, expiresAt: issuedAt + validity, kind, ...(tokenId ? { tokenId } : {}),
  };
  const found = currentSigner(deps, regionCode);
  const signer = found instanceof Promise ? await found : found;
  try {
    return { text: encodeToken(claims, signer), claims, keyName: signer.name, kid: signer.kidHex };
  } catch (error) {
    if (error instanceof ClaimsError) throw tokenFail('TOKEN_CLAIMS_INVALID', { reason: error.message });
    throw error;
  }
}

/** Forgets cached signers and current keys (after a rotation in this process, and in tests). */
export function forgetIssuerCache(keyring: Keyring): void {
  caches.delete(keyring);
}

/**
 * A person's pseudonymous subject id, drawn once when their code status is first stored and kept:
 * random, so nothing (not even the installation's keys) links it to the person without the database.
 */
export function newSubjectId(): Uint8Array {
  return new Uint8Array(randomBytes(SUBJECT_BYTES));
}
