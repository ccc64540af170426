/**
 * Header value grammar (RFC 3261 §20, §25.1) for the fields the user agent reads: Via, From/To,
 * Contact, Route/Record-Route, CSeq and SIP URIs. Hand-written scanners (no regular expressions per
 * message) because every datagram of hundreds of calls passes through them.
 */

/** Split a comma list (§7.3.1) while respecting quoted strings and <…> (a URI or display name may hold commas). */
export function splitHeaderValues(value: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      const part = value.slice(start, i).trim();
      if (part) values.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) values.push(last);
  return values;
}

/** `;name=value;flag` parameters (§25.1 generic-param); names lowercased, quotes removed. */
export function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) params[trimmed.toLowerCase()] = '';
    else params[trimmed.slice(0, eq).trim().toLowerCase()] = unquote(trimmed.slice(eq + 1).trim());
  }
  return params;
}

export function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

export interface HostPort { host: string; port: number | null }

/** `host`, `host:port`, `[v6]`, `[v6]:port`. */
export function parseHostPort(text: string): HostPort {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const port = text.slice(close + 1).startsWith(':') ? Number(text.slice(close + 2)) : null;
    return { host: text.slice(1, close), port: Number.isInteger(port) ? port : null };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, port: null };
  const port = Number(text.slice(colon + 1));
  return { host: text.slice(0, colon), port: Number.isInteger(port) ? port : null };
}

/** §20.42 Via: `SIP/2.0/UDP host:port;branch=…;received=…;rport`. */
export interface Via { transport: string; sentBy: HostPort; params: Record<string, string> }

export function parseVia(value: string): Via | null {
  const slash = value.lastIndexOf('/', value.indexOf(' ') < 0 ? value.length : value.indexOf(' '));
  const space = value.indexOf(' ', slash);
  if (slash < 0 || space < 0) return null;
  const rest = value.slice(space + 1).trim();
  const semi = rest.indexOf(';');
  const sentBy = parseHostPort((semi < 0 ? rest : rest.slice(0, semi)).trim());
  return { transport: value.slice(slash + 1, space).trim().toUpperCase(), sentBy, params: semi < 0 ? {} : parseParams(rest.slice(semi + 1)) };
}

/** §20.10 name-addr / addr-spec with header params (tag, lr inside the URI, expires…). */
export interface NameAddr { display: string; uri: string; params: Record<string, string> }

export function parseNameAddr(value: string): NameAddr {
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    const after = value.slice(close + 1);
    const semi = after.indexOf(';');
    return {
      display: unquote(value.slice(0, open).trim()),
      uri: value.slice(open + 1, close),
      params: semi < 0 ? {} : parseParams(after.slice(semi + 1)),
    };
  }
  // §20.10: without <>, everything after the first ';' is a header parameter, not a URI parameter.
  const semi = value.indexOf(';');
  return { display: '', uri: (semi < 0 ? value : value.slice(0, semi)).trim(), params: semi < 0 ? {} : parseParams(value.slice(semi + 1)) };
}

/** Render a name-addr back, always with <> so URI parameters cannot be mistaken for header parameters. */
export function formatNameAddr(na: { display?: string; uri: string; params?: Record<string, string> }): string {
  const display = na.display ? `"${na.display.replace(/(["\\])/g, '\\$1')}" ` : '';
  let text = `${display}<${na.uri}>`;
  for (const [name, v] of Object.entries(na.params ?? {})) text += v === '' ? `;${name}` : `;${name}=${v}`;
  return text;
}

/** §20.16 CSeq: `314159 INVITE`. */
export function parseCSeq(value: string): { seq: number; method: string } | null {
  const space = value.trim().indexOf(' ');
  if (space < 0) return null;
  const seq = Number(value.trim().slice(0, space));
  if (!Number.isInteger(seq) || seq < 0 || seq >= 2 ** 31) return null;
  return { seq, method: value.trim().slice(space + 1).trim() };
}

/** §19.1.1 SIP URI: `sip:user@host:port;params?headers`. */
export interface SipUri { scheme: string; user: string | null; host: string; port: number | null; params: Record<string, string> }

export function parseSipUri(uri: string): SipUri | null {
  const colon = uri.indexOf(':');
  if (colon < 0) return null;
  const scheme = uri.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return null;
  let rest = uri.slice(colon + 1);
  const question = rest.indexOf('?');
  if (question >= 0) rest = rest.slice(0, question);
  const at = rest.lastIndexOf('@');
  const user = at < 0 ? null : rest.slice(0, at);
  const hostPart = at < 0 ? rest : rest.slice(at + 1);
  const semi = hostPart.indexOf(';');
  const hp = parseHostPort(semi < 0 ? hostPart : hostPart.slice(0, semi));
  if (!hp.host) return null;
  return { scheme, user, host: hp.host, port: hp.port, params: semi < 0 ? {} : parseParams(hostPart.slice(semi + 1)) };
}

/** Where a request to this URI goes over UDP (RFC 3263 would add DNS SRV; we take host and port as given). */
export function uriDestination(uri: string): { host: string; port: number } | null {
  const parsed = parseSipUri(uri);
  if (!parsed) return null;
  const maddr = parsed.params['maddr'];
  return { host: maddr || parsed.host, port: parsed.port ?? (parsed.scheme === 'sips' ? 5061 : 5060) };
}
