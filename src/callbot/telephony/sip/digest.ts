/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22.4): a 401 carries WWW-Authenticate and
 * is answered with Authorization, a 407 carries Proxy-Authenticate and is answered with
 * Proxy-Authorization. Response computation from RFC 2617 §3.2.2 (MD5, MD5-sess, qop auth/auth-int)
 * and RFC 7616 §3.4.1 (SHA-256 variants, which carriers sometimes offer first).
 */
import { createHash, randomBytes } from 'node:crypto';
import { splitHeaderValues, unquote } from './headers.ts';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: string;
  /** qop options offered (RFC 2617 §3.2.1), empty for the RFC 2069 form without qop. */
  qop: string[];
  stale: boolean;
}

export interface DigestCredentials { username: string; password: string }

const HASHES: Readonly<Record<string, 'md5' | 'sha256'>> = { 'MD5': 'md5', 'MD5-SESS': 'md5', 'SHA-256': 'sha256', 'SHA-256-SESS': 'sha256' };

/** Parse `Digest realm="…", nonce="…", qop="auth,auth-int", …`; null for other schemes or missing realm/nonce. */
export function parseDigestChallenge(value: string): DigestChallenge | null {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0 || trimmed.slice(0, space).toLowerCase() !== 'digest') return null;
  const params: Record<string, string> = {};
  for (const part of splitHeaderValues(trimmed.slice(space + 1))) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim().toLowerCase()] = unquote(part.slice(eq + 1).trim());
  }
  if (params['realm'] === undefined || !params['nonce']) return null;
  return {
    realm: params['realm'],
    nonce: params['nonce'],
    opaque: params['opaque'],
    algorithm: (params['algorithm'] ?? 'MD5').toUpperCase(),
    qop: params['qop'] ? params['qop'].split(',').map((q) => q.trim().toLowerCase()).filter(Boolean) : [],
    stale: (params['stale'] ?? '').toLowerCase() === 'true',
  };
}

/** Everything that goes into one digest response; `cnonce` and `nc` are given by tests, random otherwise. */
export interface DigestInput {
  challenge: DigestChallenge;
  credentials: DigestCredentials;
  method: string;
  uri: string;
  body?: string;
  cnonce?: string;
  nonceCount?: number;
}

export interface DigestAnswer { response: string; qop: string | null; cnonce: string | null; nc: string | null }

/** Compute the `response` value; null when the algorithm or every offered qop is unsupported. */
export function computeDigestResponse(input: DigestInput): DigestAnswer | null {
  const { challenge, credentials, method, uri } = input;
  const algorithm = HASHES[challenge.algorithm];
  if (!algorithm) return null;
  const h = (text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

  // RFC 2617 §3.2.2: prefer qop=auth; auth-int only when it is the only option (it hashes the body).
  let qop: string | null = null;
  if (challenge.qop.length > 0) {
    if (challenge.qop.includes('auth')) qop = 'auth';
    else if (challenge.qop.includes('auth-int')) qop = 'auth-int';
    else return null;
  }
  const cnonce = qop || challenge.algorithm.endsWith('-SESS') ? (input.cnonce ?? randomBytes(8).toString('hex')) : null;
  const nc = qop ? (input.nonceCount ?? 1).toString(16).padStart(8, '0') : null;

  // §3.2.2.2 A1; the -sess variants fold in nonce and cnonce once per session.
  let ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  if (challenge.algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${challenge.nonce}:${cnonce}`);
  // §3.2.2.3 A2
  const ha2 = qop === 'auth-int' ? h(`${method}:${uri}:${h(input.body ?? '')}`) : h(`${method}:${uri}`);
  // §3.2.2.1 request-digest
  const response = qop
    ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : h(`${ha1}:${challenge.nonce}:${ha2}`);
  return { response, qop, cnonce, nc };
}

/** The Authorization / Proxy-Authorization value (RFC 2617 §3.2.2, RFC 3261 §22.4 — uri is the Request-URI). */
export function buildDigestAuthorization(input: DigestInput): string | null {
  const answer = computeDigestResponse(input);
  if (!answer) return null;
  const { challenge } = input;
  const q = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [
    `username=${q(input.credentials.username)}`,
    `realm=${q(challenge.realm)}`,
    `nonce=${q(challenge.nonce)}`,
    `uri=${q(input.uri)}`,
    `response=${q(answer.response)}`,
    `algorithm=${challenge.algorithm === 'MD5' ? 'MD5' : challenge.algorithm}`,
  ];
  if (answer.cnonce) parts.push(`cnonce=${q(answer.cnonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${q(challenge.opaque)}`);
  if (answer.qop) parts.push(`qop=${answer.qop}`, `nc=${answer.nc}`);
  return `Digest ${parts.join(', ')}`;
}

/**
 * The header to add for a 401/407 challenge response (§22.2, §22.3), or null when we cannot answer it
 * (no credentials, no digest challenge we understand).
 */
export function answerChallenge(
  challengeResponse: { status: number; headers: { getAll(name: string): string[] } },
  credentials: DigestCredentials | null,
  request: { method: string; uri: string; body: string },
): { name: 'Authorization' | 'Proxy-Authorization'; value: string } | null {
  if (!credentials) return null;
  const proxy = challengeResponse.status === 407;
  const values = challengeResponse.headers.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate');
  // Several challenges may be offered (RFC 7616 §3.7): take the first we can compute.
  for (const value of values) {
    const challenge = parseDigestChallenge(value);
    if (!challenge) continue;
    const authorization = buildDigestAuthorization({ challenge, credentials, method: request.method, uri: request.uri, body: request.body });
    if (authorization) return { name: proxy ? 'Proxy-Authorization' : 'Authorization', value: authorization };
  }
  return null;
}
