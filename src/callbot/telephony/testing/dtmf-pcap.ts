/**
 * Writes key presses as a libpcap capture of RFC 4733 telephone-event packets, for SIPp's
 * play_pcap_audio to replay into a call: the SIPp callees of the tests "press keys" with these.
 *
 * SIPp replays the UDP payloads unchanged (it rewrites only ports, addresses and the UDP checksum)
 * and paces them by the capture timestamps, so everything a receiver checks — sequence numbers,
 * RTP timestamps, marker and end bits — is decided here.
 */
import { writeFile } from 'node:fs/promises';
import { pcapFile, rtpPacket, type RtpPacket } from './pcap.ts';

export interface DtmfPcapOptions {
  /** The telephone-event payload type the SDP answer names (RFC 4733 §7.1: dynamic). */
  payloadType?: number;
  /** How long each key is held. */
  digitMs?: number;
  /** Silence between two keys. */
  gapMs?: number;
  /** Continuity across several captures replayed into one call (RFC 3550 §5.1): one SSRC, sequence numbers and timestamps that go on. */
  ssrc?: number;
  startSequence?: number;
  startTimestamp?: number;
}

export interface DtmfPcapInfo {
  packets: number;
  /** Time from the first packet to the last one. */
  durationMs: number;
  /** Where a capture replayed after this one continues. */
  nextSequence: number;
  nextTimestamp: number;
}

/** RFC 4733 §3.2 and §2.5.1.2: updates every 20 ms while the key is held. */
const UPDATE_MS = 20;
const CLOCK_PER_MS = 8; // telephone-event/8000
/** RFC 4733 §2.5.1.4: the final packet of an event is sent three times. */
const END_REPEATS = 3;
/** -10 dBm0: the power level of a standard DTMF tone (RFC 4733 §2.3.4 volume field). */
const VOLUME = 10;

const EVENT_CODES: Readonly<Record<string, number>> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
  '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15, // RFC 4733 §3.2 table 7
};


/** The RTP packets (header + event payload) of a digit string, with their send times. */
export function dtmfRtpPackets(digits: string, o: DtmfPcapOptions = {}): { packets: RtpPacket[]; info: DtmfPcapInfo } {
  const stepMs = (o.digitMs ?? 160) + (o.gapMs ?? 240);
  return scheduledKeyPackets([...digits].map((key, index) => ({ key, atMs: index * stepMs })), digits.length * stepMs, o);
}

/**
 * The packets of several answers keyed one after another in one call: the keys of an answer are
 * `gapMs` apart, answers `answerGapMs` apart (from the last key's release to the next press).
 */
export function keypadAnswerPackets(answers: readonly string[], o: DtmfPcapOptions & { answerGapMs?: number } = {}): { packets: RtpPacket[]; info: DtmfPcapInfo } {
  const digitMs = o.digitMs ?? 160;
  const gapMs = o.gapMs ?? 240;
  const answerGapMs = o.answerGapMs ?? 1200;
  const keys: ScheduledKey[] = [];
  let atMs = 0;
  for (const answer of answers) {
    [...answer].forEach((key, index) => {
      if (index > 0) atMs += gapMs;
      keys.push({ key, atMs });
      atMs += digitMs;
    });
    atMs += answerGapMs;
  }
  return scheduledKeyPackets(keys, atMs, o);
}

/** Writes the capture; resolves with where a following capture would continue. */
export async function writeDtmfPcap(path: string, digits: string, o: DtmfPcapOptions = {}): Promise<DtmfPcapInfo> {
  const { packets, info } = dtmfRtpPackets(digits, o);
  await writeFile(path, pcapFile(packets));
  return info;
}

/** As writeDtmfPcap, for a whole call's answers (keypadAnswerPackets). */
export async function writeKeypadAnswersPcap(path: string, answers: readonly string[], o: DtmfPcapOptions & { answerGapMs?: number } = {}): Promise<DtmfPcapInfo> {
  const { packets, info } = keypadAnswerPackets(answers, o);
  await writeFile(path, pcapFile(packets));
  return info;
}

interface ScheduledKey { key: string; atMs: number }

function scheduledKeyPackets(keys: readonly ScheduledKey[], endMs: number, o: DtmfPcapOptions): { packets: RtpPacket[]; info: DtmfPcapInfo } {
  const payloadType = o.payloadType ?? 101;
  const digitMs = o.digitMs ?? 160;
  const ssrc = o.ssrc ?? 0x46590001;
  let sequence = o.startSequence ?? 1000;
  const baseTimestamp = o.startTimestamp ?? 0;
  if (digitMs < UPDATE_MS) throw new RangeError(`digitMs must be at least ${UPDATE_MS}`);
  const packets: RtpPacket[] = [];
  for (const { key, atMs } of keys) {
    const event = EVENT_CODES[key.toUpperCase()];
    if (event === undefined) throw new RangeError(`not a DTMF key: ${JSON.stringify(key)}`);
    // RFC 4733 §2.5.1.2: every packet of one event carries the event's start time as its timestamp.
    const timestamp = (baseTimestamp + atMs * CLOCK_PER_MS) >>> 0;
    const updates = Math.max(1, Math.round(digitMs / UPDATE_MS));
    for (let n = 1; n <= updates; n++) {
      const last = n === updates;
      const duration = Math.min(0xffff, n * UPDATE_MS * CLOCK_PER_MS);
      for (let repeat = 0; repeat < (last ? END_REPEATS : 1); repeat++) {
        packets.push({
          atMs: atMs + (n - 1 + repeat) * UPDATE_MS,
          // RFC 4733 §2.5.1.1: the marker bit flags the first packet of an event.
          payload: rtpPacket({ marker: n === 1, payloadType, sequence, timestamp, ssrc }, eventPayload(event, last, duration)),
        });
        // RFC 3550 §5.1: one more per packet sent, the end repeats included.
        sequence = (sequence + 1) & 0xffff;
      }
    }
  }
  const durationMs = packets.length ? packets[packets.length - 1]!.atMs : 0;
  return {
    packets,
    info: { packets: packets.length, durationMs, nextSequence: sequence, nextTimestamp: (baseTimestamp + endMs * CLOCK_PER_MS) >>> 0 },
  };
}

/** RFC 4733 §2.3: event, E|R|volume, duration. */
function eventPayload(event: number, end: boolean, duration: number): Uint8Array {
  return Uint8Array.of(event, (end ? 0x80 : 0) | VOLUME, duration >> 8, duration & 0xff);
}
