/**
 * Keypad digits as RTP telephone-events (RFC 4733). Carriers and SIPp send key presses this way
 * rather than as audio tones, so a key press survives the G.711 path exactly. The sender follows
 * §2.5.1: one timestamp per key press, a growing duration, and the end packet sent three times;
 * the receiver reports each key press once, at its first packet, whichever that is.
 */
import { performance } from 'node:perf_hooks';

export interface TelephoneEvent {
  /** §3.2 event code: 0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D'. */
  event: number;
  /** §2.3 E bit: this packet ends the event. */
  end: boolean;
  /** §2.3 power level in -dBm0, 0-63. */
  volume: number;
  /** §2.3 duration so far in timestamp units (8 kHz samples for G.711). */
  duration: number;
}

export const TELEPHONE_EVENT_BYTES = 4;
/** -10 dBm0: the level common keypads send; receivers only check it for tone regeneration. */
export const DEFAULT_EVENT_VOLUME = 10;
/** §2.5.1.4: the final packet is sent three times so one lost packet does not hold a digit. */
export const END_PACKET_REPEATS = 3;

const DIGITS = '0123456789*#ABCD';

export function digitToEvent(digit: string): number | null {
  const index = DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && index >= 0 ? index : null;
}

export function eventToDigit(event: number): string | null {
  return event >= 0 && event < DIGITS.length ? (DIGITS[event] as string) : null;
}

/** §2.3 layout: event(8) | E(1) R(1) volume(6) | duration(16). */
export function writeTelephoneEvent(target: Uint8Array, offset: number, e: TelephoneEvent): void {
  target[offset] = e.event & 0xff;
  target[offset + 1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  target[offset + 2] = (e.duration >>> 8) & 0xff;
  target[offset + 3] = e.duration & 0xff;
}

export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  const out = new Uint8Array(TELEPHONE_EVENT_BYTES);
  writeTelephoneEvent(out, 0, e);
  return out;
}

export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < TELEPHONE_EVENT_BYTES) return null;
  const flags = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

/** One packet of a key press as the sender emits it, one per 20 ms frame. */
export interface PlannedEventPacket {
  /** §2.5.1.2: the marker bit is set on the first packet of an event only. */
  marker: boolean;
  end: boolean;
  duration: number;
}

/**
 * The packets of one key press lasting `durationMs`: all share the timestamp of the first
 * (§2.5.1.2), each carries the duration so far, and the end packet goes out three times with
 * the same final duration (§2.5.1.4).
 */
export function planDigitPackets(durationMs: number, frameSamples = 160, sampleRate = 8000): PlannedEventPacket[] {
  const totalSamples = Math.max(frameSamples, Math.round((durationMs * sampleRate) / 1000));
  // §2.5.1.3: a duration past 16 bits would need a new segment; key presses are far shorter.
  const finalDuration = Math.min(0xffff, Math.ceil(totalSamples / frameSamples) * frameSamples);
  const packets: PlannedEventPacket[] = [];
  for (let duration = frameSamples; duration < finalDuration; duration += frameSamples) {
    packets.push({ marker: packets.length === 0, end: false, duration });
  }
  for (let i = 0; i < END_PACKET_REPEATS; i += 1) packets.push({ marker: packets.length === 0, end: true, duration: finalDuration });
  return packets;
}

/**
 * Turns received event packets into key presses. A key press is identified by its (SSRC,
 * timestamp) (§2.5.2.1: packets of one event share the timestamp), so retransmitted end packets
 * and continuation packets are not counted again, and a press whose start packets were lost is
 * still reported at the first packet that does arrive. A few recent presses are remembered so a
 * late, reordered packet of the previous press is not taken as a new one.
 *
 * A press's packets come every 20-50 ms; the same (SSRC, timestamp) after a quarter second without
 * any is a new press replayed from the same recording (SIPp replays a capture's RTP headers
 * verbatim, so a second "1" from dtmf_2833_1.pcap repeats the first one's), not a retransmission.
 */
export class TelephoneEventReceiver {
  private readonly recent: { key: string; lastSeenMs: number }[] = [];
  private static readonly REMEMBERED = 8;
  private static readonly SAME_PRESS_WITHIN_MS = 250;

  /** The digit of a new key press, or null for a repeat, an unknown event or garbage. */
  accept(ssrc: number, timestamp: number, payload: Uint8Array, nowMs = performance.now()): string | null {
    const event = decodeTelephoneEvent(payload);
    if (!event) return null;
    const key = `${ssrc}:${timestamp}`;
    const known = this.recent.find((entry) => entry.key === key);
    if (known) {
      const samePress = nowMs - known.lastSeenMs < TelephoneEventReceiver.SAME_PRESS_WITHIN_MS;
      known.lastSeenMs = nowMs;
      if (samePress) return null;
    } else {
      this.recent.push({ key, lastSeenMs: nowMs });
      if (this.recent.length > TelephoneEventReceiver.REMEMBERED) this.recent.shift();
    }
    return eventToDigit(event.event);
  }

  reset(): void {
    this.recent.length = 0;
  }
}
