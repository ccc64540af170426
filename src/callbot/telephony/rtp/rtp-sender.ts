/**
 * What one call sends each 20 ms frame: a key press in progress (RFC 4733), else the next frame
 * of the prompt being played, else silence — a carrier tears down a call whose RTP stops, so a
 * packet goes out every frame while the call is up.
 *
 * Packets are written into a small ring of preallocated buffers: dgram hands a buffer to the
 * kernel only after send() returns (its address lookup completes on the next tick), so a buffer
 * cannot be rewritten at once, but the clock sends at most MAX_CATCH_UP_FRAMES frames of one call
 * per tick, fewer than the ring holds. The remote host should be an IP address (SDP c= lines
 * are): a name would add a real DNS lookup between send() and the kernel.
 */
import { randomInt } from 'node:crypto';
import { encodeG711Into, G711_PAYLOAD_TYPE, G711_SILENCE_BYTE, type G711Codec } from './g711.ts';
import { MAX_CATCH_UP_FRAMES } from './media-clock.ts';
import { RTP_HEADER_BYTES, writeRtpHeaderFields } from './packet.ts';
import { digitToEvent, planDigitPackets, TELEPHONE_EVENT_BYTES, DEFAULT_EVENT_VOLUME, writeTelephoneEvent, type PlannedEventPacket } from './telephone-event.ts';

/** 20 ms at G.711's 8,000 samples a second (RFC 3551 §4.5.14: 20 ms is the default packet). */
export const FRAME_SAMPLES = 160;
export type PlayResult = 'completed' | 'interrupted' | 'closed';

const RING = MAX_CATCH_UP_FRAMES + 6;

interface Playback {
  /** The prompt as pieces played back to back (a question and its keypad instructions, a name inside a sentence): no copy to join them. */
  segments: readonly Int16Array[];
  segment: number;
  position: number;
  started: boolean;
  stopOnDigit: boolean;
  resolve: (result: PlayResult) => void;
}

interface KeyPress {
  event: number;
  packets: PlannedEventPacket[];
  next: number;
  timestamp: number;
  resolve: () => void;
}

export class RtpSender {
  packetsSent = 0;
  private readonly transmit: (packet: Buffer) => void;
  private readonly frameSamples: number;
  private readonly audioPackets: Buffer[] = [];
  private readonly eventPackets: Buffer[] = [];
  private ring = 0;
  // RFC 3550 §5.1: SSRC, initial sequence number and timestamp are random, so that a stream
  // restarted on the same port is not mistaken for the old one and plaintext is less predictable.
  private readonly ssrc = randomInt(0, 2 ** 32 - 1);
  private sequence = randomInt(0, 65536);
  private readonly timestampBase = randomInt(0, 2 ** 32 - 1);
  private codec: G711Codec = 'PCMU';
  private telephoneEventPt: number | null = null;
  private playback: Playback | null = null;
  private readonly keyPresses: KeyPress[] = [];
  private closed = false;

  constructor(transmit: (packet: Buffer) => void, frameSamples = FRAME_SAMPLES) {
    this.transmit = transmit;
    this.frameSamples = frameSamples;
    for (let i = 0; i < RING; i += 1) {
      const packet = Buffer.alloc(RTP_HEADER_BYTES + frameSamples);
      this.audioPackets.push(packet);
      this.eventPackets.push(packet.subarray(0, RTP_HEADER_BYTES + TELEPHONE_EVENT_BYTES));
    }
  }

  get isPlaying(): boolean {
    return this.playback !== null;
  }

  get playIsInterruptible(): boolean {
    return this.playback?.stopOnDigit ?? false;
  }

  configure(codec: G711Codec, telephoneEventPt: number | null): void {
    this.codec = codec;
    this.telephoneEventPt = telephoneEventPt;
    // A re-negotiation without telephone-event drops key presses not yet sent.
    if (telephoneEventPt === null) for (const keyPress of this.keyPresses.splice(0)) keyPress.resolve();
  }

  /** Plays pcm (or pieces of it, back to back) from the next frame on; a play already in progress ends 'interrupted'. */
  play(pcm: Int16Array | readonly Int16Array[], stopOnDigit: boolean): Promise<PlayResult> {
    if (this.closed) return Promise.resolve('closed');
    this.endPlayback('interrupted');
    const segments = (Array.isArray(pcm) ? pcm : [pcm]).filter((segment: Int16Array) => segment.length > 0);
    if (segments.length === 0) return Promise.resolve('completed');
    return new Promise((resolve) => {
      this.playback = { segments, segment: 0, position: 0, started: false, stopOnDigit, resolve };
    });
  }

  endPlayback(result: PlayResult): void {
    const playback = this.playback;
    this.playback = null;
    playback?.resolve(result);
  }

  /** Queues a key press; resolves once its last end packet is sent (or the call closes). */
  sendDigit(digit: string, durationMs: number): Promise<void> {
    const event = digitToEvent(digit);
    if (event === null) return Promise.reject(new RangeError(`not a keypad digit: ${JSON.stringify(digit)}`));
    if (this.closed) return Promise.resolve();
    if (this.telephoneEventPt === null) return Promise.reject(new Error('telephone-event was not negotiated for this call'));
    return new Promise((resolve) => {
      this.keyPresses.push({ event, packets: planDigitPackets(durationMs, this.frameSamples), next: 0, timestamp: 0, resolve });
    });
  }

  /** The clock's frame callback: exactly one packet per frame. */
  sendFrame(frameIndex: number): void {
    if (this.closed) return;
    // §5.1: the timestamp follows the sampling clock, 160 per 20 ms frame, even across skipped frames.
    const timestamp = (this.timestampBase + frameIndex * this.frameSamples) % 2 ** 32;
    const slot = this.ring;
    this.ring = (this.ring + 1) % RING;
    const keyPress = this.keyPresses[0];
    if (keyPress) this.sendEventPacket(keyPress, slot, timestamp);
    else this.sendAudioPacket(slot, timestamp);
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packetsSent += 1;
  }

  close(): void {
    this.closed = true;
    this.endPlayback('closed');
    for (const keyPress of this.keyPresses.splice(0)) keyPress.resolve();
  }

  private sendAudioPacket(slot: number, timestamp: number): void {
    const packet = this.audioPackets[slot] as Buffer;
    const playback = this.playback;
    let filled = 0;
    if (playback) {
      // A frame may straddle two pieces of the prompt.
      while (filled < this.frameSamples && playback.segment < playback.segments.length) {
        const segment = playback.segments[playback.segment] as Int16Array;
        const take = Math.min(this.frameSamples - filled, segment.length - playback.position);
        encodeG711Into(this.codec, segment, playback.position, take, packet, RTP_HEADER_BYTES + filled);
        filled += take;
        playback.position += take;
        if (playback.position >= segment.length) { playback.segment += 1; playback.position = 0; }
      }
    }
    if (filled < this.frameSamples) packet.fill(G711_SILENCE_BYTE[this.codec], RTP_HEADER_BYTES + filled, RTP_HEADER_BYTES + this.frameSamples);
    // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt after silence.
    const marker = playback !== null && !playback.started;
    writeRtpHeaderFields(packet, marker, G711_PAYLOAD_TYPE[this.codec], this.sequence, timestamp, this.ssrc);
    this.transmit(packet);
    if (playback) {
      playback.started = true;
      if (playback.segment >= playback.segments.length) this.endPlayback('completed');
    }
  }

  private sendEventPacket(keyPress: KeyPress, slot: number, timestamp: number): void {
    const packet = this.eventPackets[slot] as Buffer;
    const planned = keyPress.packets[keyPress.next] as PlannedEventPacket;
    // RFC 4733 §2.5.1.2: every packet of one key press carries the timestamp of its first.
    if (keyPress.next === 0) keyPress.timestamp = timestamp;
    writeRtpHeaderFields(packet, planned.marker, this.telephoneEventPt as number, this.sequence, keyPress.timestamp, this.ssrc);
    writeTelephoneEvent(packet, RTP_HEADER_BYTES, { event: keyPress.event, end: planned.end, volume: DEFAULT_EVENT_VOLUME, duration: planned.duration });
    this.transmit(packet);
    keyPress.next += 1;
    if (keyPress.next >= keyPress.packets.length) {
      this.keyPresses.shift();
      keyPress.resolve();
    }
  }
}
