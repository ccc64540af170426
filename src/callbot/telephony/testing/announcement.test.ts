import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alawRtpPackets, announcementAlaw } from './announcement.ts';

const canSynthesise = ['espeak-ng', 'sox'].every((tool) => spawnSync(tool, ['--version'], { timeout: 5000 }).status === 0);

describe('the early-media announcement', () => {
  it('packs A-law into 20 ms RTP packets, one stream', () => {
    const alaw = new Uint8Array(8000 * 0.07).map((_, i) => i & 0xff); // 70 ms: three full packets and a short one
    const packets = alawRtpPackets(alaw, { ssrc: 7, startSequence: 65535 });
    expect(packets.map((p) => p.atMs)).toEqual([0, 20, 40, 60]);
    expect(packets.map((p) => p.payload.length - 12)).toEqual([160, 160, 160, 80]);
    const view = (p: Uint8Array) => Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    expect(packets.map((p) => [view(p.payload)[1]! >> 7, view(p.payload)[1]! & 0x7f, view(p.payload).readUInt16BE(2), view(p.payload).readUInt32BE(4), view(p.payload).readUInt32BE(8)]))
      .toEqual([[1, 8, 65535, 0, 7], [0, 8, 0, 160, 7], [0, 8, 1, 320, 7], [0, 8, 2, 480, 7]]);
    expect(view(packets[1]!.payload).subarray(12)).toEqual(Buffer.from(alaw.subarray(160, 320)));
  });

  it.skipIf(!canSynthesise && !process.env.CI)('is a few seconds of Mandarin from espeak-ng (needs espeak-ng and sox)', async () => {
    const alaw = await announcementAlaw();
    expect(alaw.length / 8000).toBeGreaterThan(1.5);
    expect(alaw.length / 8000).toBeLessThan(4);
    // A-law silence is 0xD5/0x55 (G.711): speech moves far from it
    const loud = alaw.filter((b) => (b ^ 0x55) & 0x70).length;
    expect(loud / alaw.length).toBeGreaterThan(0.2);
  });
});
