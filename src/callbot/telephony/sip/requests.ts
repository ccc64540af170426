/** Building requests and responses, and the identifiers they carry (RFC 3261 §8.1.1, §8.2.6). */
import { randomBytes } from 'node:crypto';
import { parseCSeq, parseNameAddr, parseVia } from './headers.ts';
import { SipHeaders, type SipRequest, type SipResponse } from './message.ts';

/** §8.1.1.7: branches start with the magic cookie so RFC 3261 peers match on them alone. */
export const BRANCH_COOKIE = 'z9hG4bK';

export function newBranch(): string {
  return `${BRANCH_COOKIE}${randomBytes(8).toString('hex')}`;
}

/** §19.3: tags need only be globally unique and cryptographically random (32 bits at least). */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function newCallId(host: string): string {
  return `${randomBytes(12).toString('hex')}@${host.includes(':') ? `[${host}]` : host}`;
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export interface RequestFields {
  method: string;
  uri: string;
  /** Our sent-by (§18.1.1); rport asks the peer to answer the port we sent from (RFC 3581). */
  via: { host: string; port: number; branch: string };
  from: string;
  to: string;
  callId: string;
  cseq: number;
  /** CSeq method when it differs from the request method (never; ACK and CANCEL carry their own). */
  routes?: readonly string[];
  contact?: string;
  userAgent?: string;
  extra?: ReadonlyArray<readonly [string, string]>;
  body?: { type: string; content: string };
}

export function buildRequest(f: RequestFields): SipRequest {
  const headers = new SipHeaders()
    .add('Via', `SIP/2.0/UDP ${formatHostPort(f.via.host, f.via.port)};branch=${f.via.branch};rport`)
    .add('Max-Forwards', '70');
  for (const route of f.routes ?? []) headers.add('Route', route);
  headers.add('From', f.from).add('To', f.to).add('Call-ID', f.callId).add('CSeq', `${f.cseq} ${f.method}`);
  if (f.contact) headers.add('Contact', f.contact);
  if (f.userAgent) headers.add('User-Agent', f.userAgent);
  for (const [name, value] of f.extra ?? []) headers.add(name, value);
  if (f.body) headers.add('Content-Type', f.body.type);
  return { kind: 'request', method: f.method, uri: f.uri, headers, body: f.body?.content ?? '' };
}

/** §8.2.6.2: a response copies Via, From, Call-ID and CSeq, and To with our tag added when absent. */
export function buildResponse(
  request: SipRequest,
  status: number,
  reason: string,
  o: { toTag?: string; extra?: ReadonlyArray<readonly [string, string]>; body?: { type: string; content: string } } = {},
): SipResponse {
  const headers = new SipHeaders();
  for (const via of request.headers.getAll('via')) headers.add('Via', via);
  headers.add('From', request.headers.get('from') ?? '');
  const to = request.headers.get('to') ?? '';
  const needsTag = o.toTag && status > 100 && parseNameAddr(to).params['tag'] === undefined;
  headers.add('To', needsTag ? `${to};tag=${o.toTag}` : to);
  headers.add('Call-ID', request.headers.get('call-id') ?? '').add('CSeq', request.headers.get('cseq') ?? '');
  for (const [name, value] of o.extra ?? []) headers.add(name, value);
  if (o.body) headers.add('Content-Type', o.body.type);
  return { kind: 'response', status, reason, headers, body: o.body?.content ?? '' };
}

/** The fields every matching decision needs, read once per message. */
export interface MessageKeys {
  branch: string;
  sentBy: string;
  callId: string;
  cseq: { seq: number; method: string };
  fromTag: string | undefined;
  toTag: string | undefined;
}

export function readMessageKeys(message: { headers: SipHeaders }): MessageKeys | null {
  const via = parseVia(message.headers.get('via') ?? '');
  const cseq = parseCSeq(message.headers.get('cseq') ?? '');
  if (!via || !cseq) return null;
  return {
    branch: via.params['branch'] ?? '',
    sentBy: `${via.sentBy.host}:${via.sentBy.port ?? 5060}`,
    callId: message.headers.get('call-id') ?? '',
    cseq,
    fromTag: parseNameAddr(message.headers.get('from') ?? '').params['tag'],
    toTag: parseNameAddr(message.headers.get('to') ?? '').params['tag'],
  };
}
