/**
 * The carrier announcement the early-media resident plays before its 486 (issue 9: carriers play
 * "您拨打的电话已关机" before a final response): Mandarin from espeak-ng, as A-law RTP in a capture
 * for SIPp. Where espeak-ng or sox is missing, Debian's own early-media capture stands in.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pcapFile, rtpPacket, type RtpPacket } from './pcap.ts';

const run = promisify(execFile);

export const ANNOUNCEMENT_TEXT = '您拨打的电话已关机';
/** espeak-ng's cmn-latn-pinyin voice reads tone-numbered pinyin (its cmn voice would spell it). */
const ANNOUNCEMENT_PINYIN = 'nin2 bo1 da3 de5 dian4 hua4 yi3 guan1 ji1';
export const DEBIAN_EARLY_MEDIA_PCAP = '/usr/share/sip-tester/g711a.pcap';

/** RFC 3551 §4.5.14: 8000 samples a second, one byte each; §4.2: 20 ms packets. */
const SAMPLES_PER_PACKET = 160;
const PCMA_PAYLOAD_TYPE = 8; // RFC 3551 §6 table 4

/** 8 kHz A-law bytes as RTP packets every 20 ms, the marker on the first (RFC 3551 §4.1: start of a talkspurt). */
export function alawRtpPackets(alaw: Uint8Array, o: { ssrc?: number; startSequence?: number } = {}): RtpPacket[] {
  const packets: RtpPacket[] = [];
  for (let offset = 0, n = 0; offset < alaw.length; offset += SAMPLES_PER_PACKET, n++) {
    const payload = alaw.subarray(offset, offset + SAMPLES_PER_PACKET);
    packets.push({
      atMs: n * 20,
      payload: rtpPacket({
        marker: n === 0, payloadType: PCMA_PAYLOAD_TYPE, sequence: ((o.startSequence ?? 2000) + n) & 0xffff,
        timestamp: offset, ssrc: o.ssrc ?? 0x46590100,
      }, payload),
    });
  }
  return packets;
}

let synthesised: Promise<Uint8Array> | undefined;
/** The announcement as 8 kHz A-law, synthesised once per process. */
export function announcementAlaw(): Promise<Uint8Array> {
  synthesised ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fangyi-announcement-'));
    try {
      const wav = join(dir, 'announcement.wav');
      const alaw = join(dir, 'announcement.al');
      await run('espeak-ng', ['-v', 'cmn-latn-pinyin', '-w', wav, ANNOUNCEMENT_PINYIN], { timeout: 10_000 });
      await run('sox', [wav, '-r', '8000', '-c', '1', '-e', 'a-law', '-t', 'raw', alaw, 'norm', '-3'], { timeout: 10_000 });
      return new Uint8Array(await readFile(alaw));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  synthesised.catch(() => { synthesised = undefined; });
  return synthesised;
}

/** Writes the announcement capture; tells which audio it holds. */
export async function writeAnnouncementPcap(path: string): Promise<'espeak-ng' | 'debian-g711a'> {
  try {
    await writeFile(path, pcapFile(alawRtpPackets(await announcementAlaw())));
    return 'espeak-ng';
  } catch {
    await copyFile(DEBIAN_EARLY_MEDIA_PCAP, path);
    return 'debian-g711a';
  }
}
