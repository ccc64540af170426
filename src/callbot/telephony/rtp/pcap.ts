/**
 * Reads the UDP payloads out of a classic libpcap capture (the format SIPp plays media from), so
 * tests can feed real captured RTP to the parsers. Read-only and small on purpose: IPv4 over
 * Ethernet, Linux cooked capture or raw IP; pcapng and IPv6 are not needed for SIPp's files.
 */
import { readFile } from 'node:fs/promises';

export interface CapturedUdp {
  /** Capture time in milliseconds since the epoch. */
  timeMs: number;
  sourcePort: number;
  destinationPort: number;
  payload: Uint8Array;
}

const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LINUX_SLL = 113;
const ETHERTYPE_IPV4 = 0x0800;
const IP_PROTOCOL_UDP = 17;

export async function readPcapUdp(path: string): Promise<CapturedUdp[]> {
  return parsePcapUdp(await readFile(path));
}

export function parsePcapUdp(file: Buffer): CapturedUdp[] {
  if (file.length < 24) throw new Error('pcap: file shorter than its global header');
  const magic = file.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!littleEndian && file.readUInt32BE(0) !== 0xa1b2c3d4 && file.readUInt32BE(0) !== 0xa1b23c4d) {
    throw new Error('pcap: not a libpcap file (pcapng is not supported)');
  }
  const u32 = (offset: number) => (littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  const nanoseconds = u32(0) === 0xa1b23c4d;
  const linkType = u32(20);
  const packets: CapturedUdp[] = [];
  for (let offset = 24; offset + 16 <= file.length; ) {
    const capturedLength = u32(offset + 8);
    const timeMs = u32(offset) * 1000 + u32(offset + 4) / (nanoseconds ? 1e6 : 1e3);
    const frame = file.subarray(offset + 16, offset + 16 + capturedLength);
    offset += 16 + capturedLength;
    const ip = ipv4Of(frame, linkType);
    const udp = ip && udpOf(ip);
    if (udp) packets.push({ timeMs, ...udp });
  }
  return packets;
}

function ipv4Of(frame: Buffer, linkType: number): Buffer | null {
  let offset: number;
  if (linkType === LINK_ETHERNET) offset = 14;
  else if (linkType === LINK_LINUX_SLL) offset = 16;
  else if (linkType === LINK_RAW) offset = 0;
  else return null;
  if (offset > 0 && (frame.length < offset || frame.readUInt16BE(offset - 2) !== ETHERTYPE_IPV4)) return null;
  return frame.subarray(offset);
}

function udpOf(ip: Buffer): Omit<CapturedUdp, 'timeMs'> | null {
  if (ip.length < 20 || ip[0]! >> 4 !== 4 || ip[9] !== IP_PROTOCOL_UDP) return null;
  const udp = ip.subarray((ip[0]! & 0x0f) * 4);
  if (udp.length < 8) return null;
  const length = Math.min(udp.readUInt16BE(4), udp.length);
  return { sourcePort: udp.readUInt16BE(0), destinationPort: udp.readUInt16BE(2), payload: udp.subarray(8, length) };
}
