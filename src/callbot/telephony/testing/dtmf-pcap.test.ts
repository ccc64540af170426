import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keypadAnswerPackets, writeDtmfPcap, writeKeypadAnswersPcap } from './dtmf-pcap.ts';

interface Captured { atUs: number; srcPort: number; dstPort: number; marker: boolean; pt: number; seq: number; ts: number; ssrc: number; event: number; end: boolean; volume: number; duration: number }

/** Reads back what SIPp's prepare_pcap reads: libpcap, Ethernet, IPv4, UDP, RTP. */
function readPcap(bytes: Buffer): { linkType: number; packets: Captured[] } {
  expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const packets: Captured[] = [];
  for (let o = 24; o < bytes.length;) {
    const captured = bytes.readUInt32LE(o + 8);
    expect(bytes.readUInt32LE(o + 12)).toBe(captured); // SIPp refuses truncated packets
    const frame = bytes.subarray(o + 16, o + 16 + captured);
    expect(frame.readUInt16BE(12)).toBe(0x0800);
    const ip = frame.subarray(14);
    expect(ip[9]).toBe(17);
    expect(ip.readUInt16BE(2)).toBe(ip.length);
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    expect(udp.readUInt16BE(4)).toBe(udp.length);
    const rtp = udp.subarray(8);
    packets.push({
      atUs: bytes.readUInt32LE(o) * 1e6 + bytes.readUInt32LE(o + 4),
      srcPort: udp.readUInt16BE(0), dstPort: udp.readUInt16BE(2),
      marker: (rtp[1]! & 0x80) !== 0, pt: rtp[1]! & 0x7f, seq: rtp.readUInt16BE(2), ts: rtp.readUInt32BE(4), ssrc: rtp.readUInt32BE(8),
      event: rtp[12]!, end: (rtp[13]! & 0x80) !== 0, volume: rtp[13]! & 0x3f, duration: rtp.readUInt16BE(14),
    });
    o += 16 + captured;
  }
  return { linkType: bytes.readUInt32LE(20), packets };
}

const dir = await mkdtemp(join(tmpdir(), 'fangyi-dtmf-pcap-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeDtmfPcap', () => {
  it('writes each key as RFC 4733 events: marker first, growing duration, end sent three times', async () => {
    const path = join(dir, 'keys.pcap');
    const info = await writeDtmfPcap(path, '3#', { payloadType: 96, digitMs: 100, gapMs: 300, startSequence: 65534, startTimestamp: 0xfffffc00 });
    const { linkType, packets } = readPcap(await readFile(path));
    expect(linkType).toBe(1);
    expect(info.packets).toBe(packets.length);
    // 100 ms held = 5 updates, the last one twice more: 7 packets a key
    expect(packets).toHaveLength(14);
    expect(new Set(packets.map((p) => p.pt))).toEqual(new Set([96]));
    expect(new Set(packets.map((p) => p.dstPort)).size).toBe(1); // SIPp shifts ports by their distance from the lowest
    packets.forEach((p, i) => expect(p.seq).toBe((65534 + i) & 0xffff)); // wraps past 65535
    expect(info.nextSequence).toBe((65534 + 14) & 0xffff);

    const [three, pound] = [packets.slice(0, 7), packets.slice(7)];
    for (const [key, event, startMs] of [[three, 3, 0], [pound, 11, 400]] as const) {
      expect(key.map((p) => p.event)).toEqual(Array(7).fill(event));
      expect(key.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
      expect(key.map((p) => p.end)).toEqual([false, false, false, false, true, true, true]);
      expect(key.map((p) => p.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
      expect(new Set(key.map((p) => p.ts))).toEqual(new Set([(0xfffffc00 + startMs * 8) >>> 0]));
      expect(key.map((p) => p.atUs)).toEqual([0, 20, 40, 60, 80, 100, 120].map((ms) => (startMs + ms) * 1000));
      expect(key.every((p) => p.volume === 10)).toBe(true);
    }
    expect(info.durationMs).toBe(520);
  });

  it('uses the defaults of the contract: payload type 101, 160 ms keys 400 ms apart', async () => {
    const path = join(dir, 'default.pcap');
    await writeDtmfPcap(path, '1*9');
    const { packets } = readPcap(await readFile(path));
    const starts = packets.filter((p) => p.marker);
    expect(starts.map((p) => [p.event, p.atUs / 1000, p.pt])).toEqual([[1, 0, 101], [10, 400, 101], [9, 800, 101]]);
    expect(packets.filter((p) => p.end).map((p) => p.duration)).toEqual(Array(9).fill(1280));
  });

  it('refuses what is not a key', async () => {
    await expect(writeDtmfPcap(join(dir, 'bad.pcap'), '12x')).rejects.toThrow(/not a DTMF key/);
  });
});

describe('keypad answers of one call', () => {
  it('spaces answers by the answer gap and the keys of an answer by the key gap, one stream throughout', async () => {
    const path = join(dir, 'answers.pcap');
    await writeKeypadAnswersPcap(path, ['1', '365#', '2'], { answerGapMs: 1000, digitMs: 160, gapMs: 240 });
    const { packets } = readPcap(await readFile(path));
    const starts = packets.filter((p) => p.marker).map((p) => [p.event, p.atUs / 1000, p.ts / 8]);
    // '1' at 0, released at 160; 365# from 1160, each key 400 ms on; '2' 1000 ms after '#' is released
    expect(starts).toEqual([[1, 0, 0], [3, 1160, 1160], [6, 1560, 1560], [5, 1960, 1960], [11, 2360, 2360], [2, 3520, 3520]]);
    expect(new Set(packets.map((p) => p.ssrc)).size).toBe(1);
    packets.forEach((p, i) => expect(p.seq).toBe(packets[0]!.seq + i));
  });

  it('reports how long the keys take', () => {
    const { info } = keypadAnswerPackets(['1', '2'], { answerGapMs: 500 });
    // second key pressed at 660 ms; its last end packet 140 + 40 ms later
    expect(info.durationMs).toBe(660 + 180);
  });
});
