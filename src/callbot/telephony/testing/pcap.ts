/**
 * RTP packets and the libpcap file SIPp's play_pcap_audio replays: SIPp sends each UDP payload
 * as it is (rewriting only addresses, ports and the UDP checksum), paced by the capture times.
 */

/** One RTP packet and when it is sent, from the start of the capture. */
export interface RtpPacket { atMs: number; payload: Uint8Array }

const RTP_PORT = 6000;

/** RFC 3550 §5.1 fixed header, then the payload. */
export function rtpPacket(h: { marker: boolean; payloadType: number; sequence: number; timestamp: number; ssrc: number }, payload: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + payload.length);
  out[0] = 0x80; // RFC 3550 §5.1: version 2, no padding, no extension, no CSRC
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.sequence, 2);
  out.writeUInt32BE(h.timestamp, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  out.set(payload, 12);
  return out;
}

/** libpcap format, link type 1 (Ethernet), IPv4/UDP from and to 127.0.0.1 (SIPp rewrites both). */
export function pcapFile(packets: RtpPacket[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); // snaplen: SIPp refuses truncated packets
  header.writeUInt32LE(1, 20);
  const records = packets.map((p, i) => {
    const frame = ethernetIpv4Udp(p.payload, i);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    record.writeUInt32LE(Math.round((p.atMs % 1000) * 1000), 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

function ethernetIpv4Udp(payload: Uint8Array, id: number): Buffer {
  const frame = Buffer.alloc(14 + 20 + 8 + payload.length);
  frame.writeUInt16BE(0x0800, 12);
  const ip = frame.subarray(14, 34);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 8 + payload.length, 2);
  ip.writeUInt16BE(id & 0xffff, 4);
  ip[8] = 64;
  ip[9] = 17;
  ip.set([127, 0, 0, 1], 12);
  ip.set([127, 0, 0, 1], 16);
  ip.writeUInt16BE(internetChecksum(ip), 10);
  const udp = frame.subarray(34);
  udp.writeUInt16BE(RTP_PORT, 0);
  udp.writeUInt16BE(RTP_PORT, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  udp.set(payload, 8); // UDP checksum 0 = none (RFC 768); SIPp computes its own when sending
  return frame;
}

function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
