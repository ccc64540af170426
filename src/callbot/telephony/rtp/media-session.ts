/**
 * The media side of one call (媒体会话): one UDP socket, RTP out on the shared media clock, RTP
 * in through a reorder buffer to keypad digits (RFC 4733) and decoded audio.
 *
 * The socket is bound before the INVITE so its port can go into the SDP offer, and it receives
 * from then on, so early media in a 183 is heard. Media is symmetric (RFC 4961): packets are
 * accepted from any source, since carriers' media relays often send from another address than
 * the one in their SDP, and we send to the address the SDP names.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { codecForPayloadType, decodeG711, G711_SAMPLE_RATE, prepareG711Tables, type G711Codec } from './g711.ts';
import { JitterBuffer } from './jitter-buffer.ts';
import type { MediaClock, PacedStream } from './media-clock.ts';
import { parseRtpPacket, type RtpPacket } from './packet.ts';
import { bindMediaSocket, type PortRange } from './ports.ts';
import { RtpSender, type PlayResult } from './rtp-sender.ts';
import { TelephoneEventReceiver } from './telephone-event.ts';

export type { PortRange } from './ports.ts';
export type { PlayResult } from './rtp-sender.ts';

/** The telephone-event payload type our SDP offers (RFC 4733 §7.1.1: dynamic; 101 by custom). */
export const DEFAULT_TELEPHONE_EVENT_PT = 101;
const DEFAULT_DIGIT_MS = 100;
/** 100 ms without packets: what follows is a new talkspurt, not a late packet of the last. */
const RESTART_AFTER_SILENT_FRAMES = 5;

export interface MediaSessionOptions {
  bindHost: string;
  clock: MediaClock;
  ports?: PortRange;
  /** The telephone-event payload type of our offer, which the far end sends us (RFC 3264 §5.1). */
  telephoneEventPt?: number;
  /** Packets held after a gap waiting for the missing one (20 ms each). */
  jitterDepth?: number;
}

export interface MediaSession {
  readonly localPort: number;
  start(remote: { host: string; port: number }, codec: G711Codec, telephoneEventPt: number | null): void;
  /** Plays 8 kHz PCM, or pieces of it back to back (no copy to join them). */
  play(pcm8k: Int16Array | readonly Int16Array[], o?: { stopOnDigit?: boolean }): Promise<PlayResult>;
  onDigit(listener: (digit: string) => void): () => void;
  onAudio(listener: (pcm8k: Int16Array) => void): () => void;
  sendDigit(digit: string, durationMs?: number): Promise<void>;
  readonly stats: { packetsSent: number; packetsReceived: number; packetsLost: number };
  close(): Promise<void>;
}

export async function openMediaSession(o: MediaSessionOptions): Promise<MediaSession> {
  prepareG711Tables();
  const socket = await bindMediaSocket(() => createSocket(isIPv6(o.bindHost) ? 'udp6' : 'udp4'), o.bindHost, o.ports);
  return new UdpMediaSession(socket, o);
}

class UdpMediaSession implements MediaSession {
  readonly localPort: number;
  private readonly socket: Socket;
  private readonly sender: RtpSender;
  private readonly paced: PacedStream;
  private readonly jitter: JitterBuffer<RtpPacket>;
  private readonly keypad = new TelephoneEventReceiver();
  private readonly digitListeners = new Set<(digit: string) => void>();
  private readonly audioListeners = new Set<(pcm8k: Int16Array) => void>();
  private readonly receiveEventPts: Set<number>;
  private remote: { host: string; port: number } | null = null;
  private remoteSsrc: number | null = null;
  private packetsReceived = 0;
  private framesSinceArrival = 0;
  private readonly jitterDepth: number;
  private closing: Promise<void> | null = null;

  constructor(socket: Socket, o: MediaSessionOptions) {
    this.socket = socket;
    this.localPort = socket.address().port;
    this.receiveEventPts = new Set([o.telephoneEventPt ?? DEFAULT_TELEPHONE_EVENT_PT]);
    this.jitterDepth = o.jitterDepth ?? 4;
    this.jitter = new JitterBuffer({ depth: this.jitterDepth, deliver: (packet) => this.handleInOrder(packet) });
    const samplesPerFrame = (o.clock.frameMs * G711_SAMPLE_RATE) / 1000;
    this.sender = new RtpSender((packet) => {
      const remote = this.remote as { host: string; port: number };
      this.socket.send(packet, remote.port, remote.host);
    }, samplesPerFrame);
    socket.on('message', (data) => this.receive(data));
    // A send to a closed port may surface as an error event; a call must not crash the process.
    socket.on('error', () => undefined);
    this.paced = o.clock.addStream((frameIndex) => this.onFrame(frameIndex));
  }

  get stats() {
    return { packetsSent: this.sender.packetsSent, packetsReceived: this.packetsReceived, packetsLost: this.jitter.stats.lost };
  }

  start(remote: { host: string; port: number }, codec: G711Codec, telephoneEventPt: number | null): void {
    if (this.closing) return;
    this.remote = { host: remote.host, port: remote.port };
    this.sender.configure(codec, telephoneEventPt);
    if (telephoneEventPt !== null) this.receiveEventPts.add(telephoneEventPt);
  }

  play(pcm8k: Int16Array | readonly Int16Array[], o: { stopOnDigit?: boolean } = {}): Promise<PlayResult> {
    return this.sender.play(pcm8k, o.stopOnDigit ?? false);
  }

  sendDigit(digit: string, durationMs = DEFAULT_DIGIT_MS): Promise<void> {
    if (!this.remote && !this.closing) return Promise.reject(new Error('sendDigit before start()'));
    return this.sender.sendDigit(digit, durationMs);
  }

  onDigit(listener: (digit: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  onAudio(listener: (pcm8k: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.paced.stop();
      this.sender.close();
      this.digitListeners.clear();
      this.audioListeners.clear();
      this.socket.close(() => resolve());
    });
    return this.closing;
  }

  /** The clock's frame callback: true when a packet went out. */
  private onFrame(frameIndex: number): boolean {
    // Without a playout timer, packets held behind a gap would wait for the next arrival forever
    // when the far end goes quiet; the frame tick releases them once the gap is hopeless.
    this.framesSinceArrival += 1;
    if (this.framesSinceArrival === this.jitterDepth) this.jitter.flush();
    if (!this.remote) return false;
    this.sender.sendFrame(frameIndex);
    return true;
  }

  private receive(data: Buffer): void {
    const packet = parseRtpPacket(data);
    if (!packet || this.closing) return;
    this.packetsReceived += 1;
    if (packet.ssrc !== this.remoteSsrc || this.framesSinceArrival >= RESTART_AFTER_SILENT_FRAMES) {
      // RFC 3550 §8.2: a new SSRC is a new source (an early-media announcement then the callee,
      // or a media server switching files), with a sequence space of its own. After a silence
      // the sequence may also start over with the same SSRC: SIPp replays each capture's headers
      // verbatim, so a second key press from one file looks like a burst of late duplicates.
      this.jitter.reset();
      this.remoteSsrc = packet.ssrc;
    }
    this.framesSinceArrival = 0;
    this.jitter.push(packet.sequence, packet);
  }

  private handleInOrder(packet: RtpPacket): void {
    if (this.receiveEventPts.has(packet.payloadType)) {
      const digit = this.keypad.accept(packet.ssrc, packet.timestamp, packet.payload);
      if (digit === null) return;
      // Barge-in: a key press ends an interruptible prompt at once.
      if (this.sender.playIsInterruptible) this.sender.endPlayback('interrupted');
      for (const listener of this.digitListeners) notify(listener, digit);
      return;
    }
    const codec = codecForPayloadType(packet.payloadType);
    if (!codec || this.audioListeners.size === 0) return;
    const pcm = decodeG711(codec, packet.payload);
    for (const listener of this.audioListeners) notify(listener, pcm);
  }
}

/** A listener's bug is reported, not allowed to stop the media of this and every other call. */
function notify<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'MediaSessionListener');
  }
}
