/**
 * RTP fixed header (RFC 3550 §5.1), written into caller-owned buffers so the send path allocates
 * nothing per packet, and parsed defensively: anything arriving on a media port may be garbage
 * (scanners, a stray STUN or RTCP packet), so parsing returns null instead of throwing.
 */

export const RTP_HEADER_BYTES = 12;

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  /** Contributing sources (RFC 3550 §5.1 CC/CSRC), empty unless a mixer sent it. */
  csrcs: readonly number[];
  /** A view into the received buffer, padding and header extension already removed. */
  payload: Uint8Array;
}

/** Writes the 12-byte header (V=2, no padding, no extension, no CSRCs) at offset 0. */
export function writeRtpHeader(target: Uint8Array, header: RtpHeader): void {
  writeRtpHeaderFields(target, header.marker, header.payloadType, header.sequence, header.timestamp, header.ssrc);
}

/** The same without a header object, for the per-packet send path. */
export function writeRtpHeaderFields(target: Uint8Array, marker: boolean, payloadType: number, sequence: number, timestamp: number, ssrc: number): void {
  target[0] = 0x80;
  target[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  target[2] = (sequence >>> 8) & 0xff;
  target[3] = sequence & 0xff;
  writeUint32(target, 4, timestamp);
  writeUint32(target, 8, ssrc);
}

export function buildRtpPacket(header: RtpHeader, payload: Uint8Array): Uint8Array {
  const packet = new Uint8Array(RTP_HEADER_BYTES + payload.length);
  writeRtpHeader(packet, header);
  packet.set(payload, RTP_HEADER_BYTES);
  return packet;
}

const NO_CSRCS: readonly number[] = Object.freeze([]);

export function parseRtpPacket(data: Uint8Array): RtpPacket | null {
  if (data.length < RTP_HEADER_BYTES) return null;
  const first = data[0] as number;
  if (first >> 6 !== 2) return null; // §5.1 V: only version 2 exists
  const second = data[1] as number;
  const payloadType = second & 0x7f;
  // RFC 5761 §4: an RTCP packet (types 200-204) read as RTP shows marker set and PT 72-76.
  if (second >= 200 && second <= 204) return null;
  const csrcCount = first & 0x0f;
  let offset = RTP_HEADER_BYTES + csrcCount * 4;
  if (data.length < offset) return null;
  const csrcs = csrcCount === 0 ? NO_CSRCS : Array.from({ length: csrcCount }, (_, i) => readUint32(data, RTP_HEADER_BYTES + i * 4));
  if (first & 0x10) {
    // §5.3.1: a 4-byte extension header whose second half counts the 32-bit words that follow.
    if (data.length < offset + 4) return null;
    const words = ((data[offset + 2] as number) << 8) | (data[offset + 3] as number);
    offset += 4 + words * 4;
    if (data.length < offset) return null;
  }
  let end = data.length;
  if (first & 0x20) {
    // §5.1 P: the last octet counts the padding octets, itself included.
    const padding = data[data.length - 1] as number;
    if (padding === 0 || end - padding < offset) return null;
    end -= padding;
  }
  return {
    marker: (second & 0x80) !== 0,
    payloadType,
    sequence: ((data[2] as number) << 8) | (data[3] as number),
    timestamp: readUint32(data, 4),
    ssrc: readUint32(data, 8),
    csrcs,
    payload: data.subarray(offset, end),
  };
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = (value >>> 24) & 0xff;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

function readUint32(data: Uint8Array, offset: number): number {
  return (((data[offset] as number) << 24) | ((data[offset + 1] as number) << 16) | ((data[offset + 2] as number) << 8) | (data[offset + 3] as number)) >>> 0;
}
