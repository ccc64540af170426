import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, encodeG711Into, G711_SILENCE_BYTE, type G711Codec } from './g711.ts';
import { parseRtpPacket } from './packet.ts';
import { readPcapUdp } from './pcap.ts';

const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('G.711 μ-law', () => {
  it('decodes the reference values', () => {
    const decoded = decodeG711('PCMU', Uint8Array.of(0xff, 0x7f, 0x00, 0x80, 0xfe, 0x7e));
    expect(Array.from(decoded)).toEqual([0, 0, -32124, 32124, 8, -8]);
  });

  it('encodes zero as 0xFF and the extremes as the end codes', () => {
    expect(Array.from(encodeG711('PCMU', Int16Array.of(0, -32768, 32767, -8, 8)))).toEqual([0xff, 0x00, 0x80, 0x7e, 0xfe]);
  });

  it('round-trips within half a quantisation step over the whole 16-bit range', () => {
    const decoded = decodeG711('PCMU', encodeG711('PCMU', everySample));
    let worst = 0;
    const outOfBound: number[] = [];
    for (let i = 0; i < everySample.length; i += 1) {
      const sample = everySample[i]!;
      const error = Math.abs(decoded[i]! - sample);
      // Segment e spans 2^(e+7)..2^(e+8) of (|x| + bias) with steps 2^(e+3): half a step ≤ (|x|+132)/32.
      if (error > (Math.abs(sample) + 132) / 32) outOfBound.push(sample);
      worst = Math.max(worst, error);
    }
    expect(outOfBound).toEqual([]);
    expect(worst).toBeGreaterThan(0);
  });

  it('re-encodes every decoded byte to itself, except negative zero', () => {
    const again = encodeG711('PCMU', decodeG711('PCMU', everyByte));
    for (let byte = 0; byte < 256; byte += 1) expect(again[byte]).toBe(byte === 0x7f ? 0xff : byte);
  });
});

describe('G.711 A-law', () => {
  it('decodes the reference values', () => {
    expect(Array.from(decodeG711('PCMA', Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a)))).toEqual([8, -8, 32256, -32256]);
  });

  it('encodes zero as 0xD5 and -1 as 0x55', () => {
    expect(Array.from(encodeG711('PCMA', Int16Array.of(0, -1, 32767, -32768)))).toEqual([0xd5, 0x55, 0xaa, 0x2a]);
  });

  it('round-trips within half a step (1/32 of the magnitude, 8 near zero) over the whole range', () => {
    const decoded = decodeG711('PCMA', encodeG711('PCMA', everySample));
    const outOfBound = everySample.filter((sample, i) => Math.abs(decoded[i]! - sample) > Math.abs(sample) / 32 + 8);
    expect(Array.from(outOfBound)).toEqual([]);
  });

  it('re-encodes every decoded byte to itself', () => {
    expect(Array.from(encodeG711('PCMA', decodeG711('PCMA', everyByte)))).toEqual(Array.from(everyByte));
  });
});

describe.each<G711Codec>(['PCMU', 'PCMA'])('%s', (codec) => {
  it('is monotonic: a louder sample never decodes quieter', () => {
    const decoded = decodeG711(codec, encodeG711(codec, everySample));
    const inversions = decoded.filter((value, i) => i > 0 && value < decoded[i - 1]!);
    expect(inversions.length).toBe(0);
  });

  it('encodes into a packet buffer in place, padding a short tail with silence', () => {
    const target = new Uint8Array(12 + 160).fill(0x11);
    const pcm = Int16Array.from({ length: 100 }, (_, i) => i * 300 - 15000);
    encodeG711Into(codec, pcm, 40, 160, target, 12);
    expect(Array.from(target.subarray(0, 12))).toEqual(new Array(12).fill(0x11));
    expect(Array.from(target.subarray(12, 72))).toEqual(Array.from(encodeG711(codec, pcm.subarray(40))));
    expect(target.subarray(72).every((byte) => byte === G711_SILENCE_BYTE[codec])).toBe(true);
  });
});

describe('a real A-law capture (SIPp g711a.pcap)', () => {
  it('parses every packet as RTP PCMA and decodes the payloads to plausible speech', async () => {
    const captured = await readPcapUdp('/usr/share/sip-tester/g711a.pcap');
    expect(captured.length).toBeGreaterThan(100);
    let peak = 0;
    let previous: number | null = null;
    for (const { payload } of captured) {
      const packet = parseRtpPacket(payload);
      expect(packet?.payloadType).toBe(8);
      expect(packet!.payload.length).toBe(240); // this capture has 30 ms packets
      if (previous !== null) expect(packet!.sequence).toBe((previous + 1) & 0xffff);
      previous = packet!.sequence;
      const pcm = decodeG711('PCMA', packet!.payload);
      for (const sample of pcm) peak = Math.max(peak, Math.abs(sample));
    }
    expect(peak).toBeGreaterThan(1000);
  });
});
