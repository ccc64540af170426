/**
 * SIP messages on the wire (RFC 3261 §7): parse a datagram into a request or a response and back.
 * Parsing never throws: a malformed datagram becomes `{ ok: false, reason }` so the socket handler
 * can drop it (§18.3 — a UDP message with a short body is discarded) and keep serving other calls.
 */
import { splitHeaderValues } from './headers.ts';

/** Compact header forms (RFC 3261 §7.3.3, plus RFC 3515 r, RFC 3265 o/u, RFC 4028 x, RFC 3841 a/j/d). */
const COMPACT_NAMES: Readonly<Record<string, string>> = {
  v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type',
  e: 'content-encoding', k: 'supported', s: 'subject', r: 'refer-to', o: 'event', u: 'allow-events',
  x: 'session-expires', a: 'accept-contact', j: 'reject-contact', d: 'request-disposition', b: 'referred-by',
};

/** Headers whose comma-separated values are separate entries (§7.3.1); the others keep commas (auth, dates). */
const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact', 'allow', 'supported', 'require', 'proxy-require', 'unsupported']);

/** Canonical spellings for the headers we write; others are written in the case we got them. */
const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  'via': 'Via', 'from': 'From', 'to': 'To', 'call-id': 'Call-ID', 'cseq': 'CSeq', 'contact': 'Contact',
  'max-forwards': 'Max-Forwards', 'content-type': 'Content-Type', 'content-length': 'Content-Length',
  'route': 'Route', 'record-route': 'Record-Route', 'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate', 'authorization': 'Authorization',
  'proxy-authorization': 'Proxy-Authorization', 'user-agent': 'User-Agent', 'allow': 'Allow',
  'supported': 'Supported', 'server': 'Server',
};

export function normaliseHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT_NAMES[lower] ?? lower;
}

/** Ordered header fields; names are kept in their long lowercase form. */
export class SipHeaders {
  private readonly fields: Array<[name: string, value: string]> = [];

  /** First value (after splitting lists), or undefined. */
  get(name: string): string | undefined {
    const key = normaliseHeaderName(name);
    for (const [n, v] of this.fields) {
      if (n === key) return LIST_HEADERS.has(key) ? splitHeaderValues(v)[0] : v;
    }
    return undefined;
  }

  /** Every value of a header, whether it came as several fields or as one comma list (§7.3.1). */
  getAll(name: string): string[] {
    const key = normaliseHeaderName(name);
    const values: string[] = [];
    for (const [n, v] of this.fields) {
      if (n !== key) continue;
      if (LIST_HEADERS.has(key)) values.push(...splitHeaderValues(v));
      else values.push(v);
    }
    return values;
  }

  has(name: string): boolean {
    const key = normaliseHeaderName(name);
    return this.fields.some(([n]) => n === key);
  }

  add(name: string, value: string): this {
    this.fields.push([normaliseHeaderName(name), value]);
    return this;
  }

  set(name: string, value: string): this {
    this.delete(name);
    return this.add(name, value);
  }

  delete(name: string): this {
    const key = normaliseHeaderName(name);
    for (let i = this.fields.length - 1; i >= 0; i--) if (this.fields[i]![0] === key) this.fields.splice(i, 1);
    return this;
  }

  entries(): ReadonlyArray<readonly [string, string]> {
    return this.fields;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    for (const [n, v] of this.fields) copy.add(n, v);
    return copy;
  }
}

export interface SipRequest { kind: 'request'; method: string; uri: string; headers: SipHeaders; body: string }
export interface SipResponse { kind: 'response'; status: number; reason: string; headers: SipHeaders; body: string }
export type SipMessage = SipRequest | SipResponse;

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; reason: string };

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
/** §8.1.1: the headers every request and response must carry for us to match it to anything. */
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'];

export function parseSipMessage(datagram: Buffer): ParseResult {
  let headEnd = datagram.indexOf(CRLFCRLF);
  let separator = 4;
  if (headEnd < 0) {
    headEnd = datagram.indexOf(LFLF);
    separator = 2;
  }
  // §7.5: the empty line is mandatory; a datagram without it has no body but we still accept it when the
  // Content-Length says 0 (some keep-alives end after the last header).
  if (headEnd < 0) {
    headEnd = datagram.length;
    separator = 0;
  }
  const lines = unfoldLines(datagram.toString('utf8', 0, headEnd));
  // §7.5: tolerate CRLFs before the start line (keep-alives, stray line ends).
  while (lines.length > 0 && lines[0] === '') lines.shift();
  const startLine = lines.shift();
  if (!startLine) return { ok: false, reason: 'empty datagram' };

  const headers = new SipHeaders();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, reason: `header line without a name: ${line.slice(0, 40)}` };
    headers.add(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  for (const name of MANDATORY) if (!headers.has(name)) return { ok: false, reason: `missing ${name} header` };

  const bodyBytes = datagram.subarray(Math.min(datagram.length, headEnd + separator));
  const lengthValue = headers.get('content-length');
  let body = bodyBytes;
  if (lengthValue !== undefined) {
    const length = Number(lengthValue);
    if (!Number.isInteger(length) || length < 0) return { ok: false, reason: `bad Content-Length ${lengthValue}` };
    // §18.3: a shorter body than announced means the datagram was truncated; extra bytes are ignored.
    if (length > bodyBytes.length) return { ok: false, reason: 'body shorter than Content-Length' };
    body = bodyBytes.subarray(0, length);
  }
  const bodyText = body.toString('utf8');

  if (startLine.startsWith('SIP/')) {
    // §7.2 Status-Line: SIP-Version SP Status-Code SP Reason-Phrase
    const first = startLine.indexOf(' ');
    const second = startLine.indexOf(' ', first + 1);
    const status = Number(startLine.slice(first + 1, second < 0 ? undefined : second));
    if (first < 0 || !Number.isInteger(status) || status < 100 || status > 699) {
      return { ok: false, reason: `bad status line: ${startLine.slice(0, 40)}` };
    }
    return { ok: true, message: { kind: 'response', status, reason: second < 0 ? '' : startLine.slice(second + 1), headers, body: bodyText } };
  }
  // §7.1 Request-Line: Method SP Request-URI SP SIP-Version
  const parts = startLine.split(' ');
  if (parts.length !== 3 || parts[2] !== 'SIP/2.0' || !parts[0] || !parts[1]) {
    return { ok: false, reason: `bad request line: ${startLine.slice(0, 40)}` };
  }
  return { ok: true, message: { kind: 'request', method: parts[0], uri: parts[1], headers, body: bodyText } };
}

/** §7.3.1: a line starting with whitespace continues the previous header. */
function unfoldLines(head: string): string[] {
  const lines: string[] = [];
  for (const raw of head.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] = `${lines[lines.length - 1]!.trimEnd()} ${line.trim()}`;
    } else {
      lines.push(line);
    }
  }
  return lines;
}

/** Serialise with one field per header entry and a Content-Length computed from the body bytes. */
export function serializeSipMessage(message: SipMessage): Buffer {
  const startLine = message.kind === 'request'
    ? `${message.method} ${message.uri} SIP/2.0`
    : `SIP/2.0 ${message.status} ${message.reason}`;
  const out: string[] = [startLine];
  for (const [name, value] of message.headers.entries()) {
    if (name === 'content-length') continue;
    out.push(`${CANONICAL_NAMES[name] ?? capitalise(name)}: ${value}`);
  }
  const body = Buffer.from(message.body, 'utf8');
  out.push(`Content-Length: ${body.length}`, '', '');
  return Buffer.concat([Buffer.from(out.join('\r\n'), 'utf8'), body]);
}

function capitalise(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
