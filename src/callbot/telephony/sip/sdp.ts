/**
 * The SDP we offer and the answer we accept (RFC 4566 syntax, RFC 3264 offer/answer): one audio
 * stream with G.711 (RFC 3551 static payload types 0 PCMU, 8 PCMA) and RFC 4733 telephone-events.
 */

/** Same strings as rtp/g711.ts G711Codec. */
export type SdpCodec = 'PCMU' | 'PCMA';
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpMedia {
  address: string;
  port: number;
  codec: SdpCodec;
  /** Payload type the answerer uses for telephone-event, null when it did not accept DTMF events. */
  telephoneEventPt: number | null;
  direction: SdpDirection;
}

export type SdpErrorCode = 'SDP_NO_AUDIO' | 'SDP_AUDIO_REJECTED' | 'SDP_NO_G711' | 'SDP_NO_CONNECTION' | 'SDP_MALFORMED';

export class SdpError extends Error {
  readonly code: SdpErrorCode;
  constructor(code: SdpErrorCode, message: string) {
    super(message);
    this.name = 'SdpError';
    this.code = code;
  }
}

/** RFC 3551 §6 static payload types. */
const STATIC_PT: Readonly<Record<number, SdpCodec>> = { 0: 'PCMU', 8: 'PCMA' };
const DEFAULT_TELEPHONE_EVENT_PT = 101;

export interface SdpOfferOptions {
  address: string;
  port: number;
  sessionId: string;
  sessionVersion?: number;
  codecs?: SdpCodec[];
  telephoneEventPt?: number;
}

export function buildSdpOffer(o: SdpOfferOptions): string {
  const codecs = o.codecs && o.codecs.length > 0 ? o.codecs : (['PCMU', 'PCMA'] as SdpCodec[]);
  const te = o.telephoneEventPt ?? DEFAULT_TELEPHONE_EVENT_PT;
  const ip = o.address.includes(':') ? 'IP6' : 'IP4';
  const pts = codecs.map((c) => (c === 'PCMU' ? 0 : 8));
  const lines = [
    'v=0',
    // RFC 4566 §5.2: the version must grow when a changed description is sent in the same session.
    `o=fangyi ${o.sessionId} ${o.sessionVersion ?? 1} IN ${ip} ${o.address}`,
    's=fangyi',
    `c=IN ${ip} ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP ${[...pts, te].join(' ')}`,
    ...codecs.map((c, i) => `a=rtpmap:${pts[i]} ${c}/8000`),
    // RFC 4733 §7.1.1: events 0-15 are the DTMF keys, 16 flash.
    `a=rtpmap:${te} telephone-event/8000`,
    `a=fmtp:${te} 0-16`,
    'a=ptime:20',
    'a=sendrecv',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

interface MediaSection { port: number; proto: string; formats: number[]; attributes: string[]; connection: string | null }

/** Parse the answer: the first m=audio section; connection at media level over session level (RFC 4566 §5.7). */
export function parseSdpAnswer(sdp: string): SdpMedia {
  let sessionConnection: string | null = null;
  let sessionDirection: SdpDirection = 'sendrecv';
  let audio: MediaSection | null = null;
  let current: MediaSection | null = null;
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length < 2 || line[1] !== '=') continue;
    const type = line[0];
    const value = line.slice(2).trim();
    if (type === 'm') {
      const [media, port, proto, ...formats] = value.split(' ').filter(Boolean);
      current = { port: Number(port), proto: proto ?? '', formats: formats.map(Number), attributes: [], connection: null };
      if (media === 'audio' && !audio) audio = current;
    } else if (type === 'c') {
      const address = value.split(' ')[2]?.split('/')[0] ?? null;
      if (current) current.connection = address;
      else sessionConnection = address;
    } else if (type === 'a') {
      if (current) current.attributes.push(value);
      else if (DIRECTIONS.has(value)) sessionDirection = value as SdpDirection;
    }
  }
  if (!audio) throw new SdpError('SDP_NO_AUDIO', 'the answer has no audio stream');
  if (!Number.isInteger(audio.port) || audio.port < 0 || audio.port > 65535) throw new SdpError('SDP_MALFORMED', 'bad audio port');
  // RFC 3264 §6: port 0 in the answer rejects the stream.
  if (audio.port === 0) throw new SdpError('SDP_AUDIO_REJECTED', 'the answerer rejected the audio stream');

  const rtpmap = new Map<number, string>();
  let direction = sessionDirection;
  for (const attribute of audio.attributes) {
    if (attribute.startsWith('rtpmap:')) {
      const space = attribute.indexOf(' ');
      rtpmap.set(Number(attribute.slice(7, space)), attribute.slice(space + 1).trim().toUpperCase());
    } else if (DIRECTIONS.has(attribute)) direction = attribute as SdpDirection;
  }
  let codec: SdpCodec | null = null;
  let telephoneEventPt: number | null = null;
  for (const pt of audio.formats) {
    const encoding = rtpmap.get(pt);
    // RFC 3264 §6.1: the answerer lists what it will use in order of preference; take the first G.711.
    const asCodec = encoding ? g711FromEncoding(encoding) : STATIC_PT[pt] ?? null;
    if (asCodec && !codec) codec = asCodec;
    if (encoding?.startsWith('TELEPHONE-EVENT/8000') && telephoneEventPt === null) telephoneEventPt = pt;
  }
  if (!codec) throw new SdpError('SDP_NO_G711', 'the answer has neither PCMU nor PCMA');
  const address = audio.connection ?? sessionConnection;
  if (!address) throw new SdpError('SDP_NO_CONNECTION', 'the answer has no connection address');
  // RFC 3264 §8.4: the old hold form c=0.0.0.0 means the peer does not want media now.
  if (address === '0.0.0.0') direction = 'inactive';
  return { address, port: audio.port, codec, telephoneEventPt, direction };
}

function g711FromEncoding(encoding: string): SdpCodec | null {
  if (encoding.startsWith('PCMU/8000')) return 'PCMU';
  if (encoding.startsWith('PCMA/8000')) return 'PCMA';
  return null;
}
