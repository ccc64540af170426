import { describe, expect, it } from 'vitest';
import { buildRtpPacket, parseRtpPacket, RTP_HEADER_BYTES } from './packet.ts';

const header = { marker: true, payloadType: 8, sequence: 0xfffe, timestamp: 0xfffffff0, ssrc: 0xdeadbeef };

describe('RTP header (RFC 3550 §5.1)', () => {
  it('round-trips every field, including values at the top of their range', () => {
    const payload = Uint8Array.of(1, 2, 3);
    const packet = buildRtpPacket(header, payload);
    expect(packet.length).toBe(RTP_HEADER_BYTES + 3);
    expect(packet[0]).toBe(0x80); // V=2, P=0, X=0, CC=0
    expect(packet[1]).toBe(0x88); // M=1, PT=8
    expect(parseRtpPacket(packet)).toEqual({ ...header, csrcs: [], payload });
  });

  it('skips CSRCs, the header extension and padding to find the payload', () => {
    const raw = Uint8Array.from([
      0xb2, 0x00, 0x00, 0x07, 0, 0, 0, 160, 0, 0, 0, 9, // V=2 P=1 X=1 CC=2, PT 0, seq 7, ts 160, ssrc 9
      0, 0, 0, 1, 0, 0, 0, 2, // CSRCs
      0xbe, 0xde, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd, // extension: one 32-bit word
      0x11, 0x22, // payload
      0x00, 0x00, 0x03, // three octets of padding
    ]);
    const packet = parseRtpPacket(raw);
    expect(packet).toMatchObject({ marker: false, payloadType: 0, sequence: 7, timestamp: 160, ssrc: 9, csrcs: [1, 2] });
    expect(Array.from(packet!.payload)).toEqual([0x11, 0x22]);
  });

  it('returns null for garbage instead of throwing', () => {
    const valid = buildRtpPacket(header, Uint8Array.of(1));
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      valid.subarray(0, 11),
      Uint8Array.from(valid, (byte, i) => (i === 0 ? 0x40 : byte)), // version 1
      Uint8Array.from([0x8f, ...valid.subarray(1)]), // 15 CSRCs announced, none present
      Uint8Array.from([0x90, ...valid.subarray(1)]), // extension announced, too short
      Uint8Array.from([0xa0, ...valid.subarray(1, 12), 0x00]), // padding count 0
      Uint8Array.from([0xa0, ...valid.subarray(1, 12), 0x09]), // padding longer than the packet
      Uint8Array.from([0x80, 0xc8, ...valid.subarray(2)]), // an RTCP sender report on the RTP port
      Buffer.from('OPTIONS sip:x SIP/2.0\r\n'),
    ];
    for (const data of cases) expect(parseRtpPacket(data)).toBeNull();
    for (let seed = 1; seed <= 2000; seed += 1) {
      const noise = Uint8Array.from({ length: seed % 40 }, (_, i) => (seed * 7919 + i * 104729) & 0xff);
      expect(() => parseRtpPacket(noise)).not.toThrow();
    }
  });
});
