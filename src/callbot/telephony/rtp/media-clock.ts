/**
 * The one media clock of a process (媒体时钟): every call's RTP stream is paced by it, from a
 * single timer, so 500 calls cost one timer wake-up every couple of milliseconds rather than 500
 * timers each drifting on its own.
 *
 * Frame n of a stream is due at start + n × 20 ms, computed from the start every time, so no
 * error accumulates; a tick that comes late sends every frame that has come due (up to
 * `maxCatchUpFrames`, beyond which frames are skipped: a receiver's jitter buffer would discard
 * them anyway) and never shifts the schedule by its own lateness. RTP timestamps are derived from
 * the frame index, so they keep pace with wall time even across skipped frames (RFC 3550 §5.1:
 * the timestamp reflects the sampling instant).
 *
 * Streams are spread over phase slots within the 20 ms frame, each new stream joining the least
 * used slot, so a tick sends ~1/10 of the packets instead of all of them at once.
 *
 * Lateness (send time − due time) is kept per packet in a fixed histogram: no allocation on the
 * hot path. It feeds the benchmark's rtp_late_ms_p99.
 */
import { performance } from 'node:perf_hooks';
import { LatenessHistogram } from './lateness-histogram.ts';

/** Called once per due frame; returns false when it sent no packet (kept out of the lateness). */
export type FrameHandler = (frameIndex: number) => boolean | void;

export interface PacedStream {
  /** Offset of this stream's frames within the frame period (its phase slot). */
  readonly phaseMs: number;
  /** Stops pacing; no frame callback runs after this returns. */
  stop(): void;
}

export interface LatenessStats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames given up because a tick came more than maxCatchUpFrames late. */
  skipped: number;
}

interface Stream extends PacedStream {
  onFrame: FrameHandler;
  startMs: number;
  nextIndex: number;
  nextDueMs: number;
  slot: number;
  active: boolean;
}

/** RtpSender's buffer ring must outlast one tick's catch-up of a stream (see rtp-sender.ts). */
export const MAX_CATCH_UP_FRAMES = 10;
/** A frame due within this is sent now: an early packet is harmless, another wake-up is not. */
const EARLY_TOLERANCE_MS = 0.5;

export class MediaClock {
  readonly frameMs: number;
  private readonly slotMs: number;
  private readonly maxCatchUpFrames: number;
  private readonly epochMs: number;
  private readonly slotLoad: number[];
  private streams: Stream[] = [];
  private inactiveCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private wakeAtMs = Infinity;
  private closed = false;
  private readonly lateness = new LatenessHistogram();
  private skipped = 0;

  constructor(o: { frameMs?: number; slotMs?: number; maxCatchUpFrames?: number } = {}) {
    this.frameMs = o.frameMs ?? 20;
    this.slotMs = Math.min(this.frameMs, o.slotMs ?? 2);
    this.maxCatchUpFrames = Math.min(MAX_CATCH_UP_FRAMES, Math.max(1, o.maxCatchUpFrames ?? 5));
    this.epochMs = performance.now();
    this.slotLoad = new Array<number>(Math.max(1, Math.round(this.frameMs / this.slotMs))).fill(0);
  }

  get streamCount(): number {
    return this.streams.length - this.inactiveCount;
  }

  /** Calls onFrame(0), onFrame(1), … one per frame, frame 0 within the next frame period. */
  addStream(onFrame: FrameHandler): PacedStream {
    if (this.closed) throw new Error('MediaClock is closed');
    const slot = this.leastUsedSlot();
    this.slotLoad[slot] = (this.slotLoad[slot] as number) + 1;
    const phaseMs = slot * this.slotMs;
    const now = performance.now();
    const startMs = this.epochMs + phaseMs + Math.ceil((now - this.epochMs - phaseMs) / this.frameMs) * this.frameMs;
    const stream: Stream = {
      onFrame, startMs, nextIndex: 0, nextDueMs: startMs, slot, phaseMs, active: true,
      stop: () => this.removeStream(stream),
    };
    this.streams.push(stream);
    this.scheduleWake(startMs);
    return stream;
  }

  latenessStats(): LatenessStats {
    const { lateness } = this;
    return { count: lateness.count, p50Ms: lateness.percentileMs(0.5), p99Ms: lateness.percentileMs(0.99), maxMs: lateness.maxMs, skipped: this.skipped };
  }

  resetStats(): void {
    this.lateness.reset();
    this.skipped = 0;
  }

  /** Stops every stream; the clock cannot be used again. */
  close(): void {
    this.closed = true;
    for (const stream of this.streams) stream.active = false;
    this.streams = [];
    this.inactiveCount = 0;
    this.cancelWake();
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.immediate = null;
    this.wakeAtMs = Infinity;
    let earliestDue = Infinity;
    for (const stream of this.streams) {
      if (stream.active) this.sendDueFrames(stream);
      if (stream.active && stream.nextDueMs < earliestDue) earliestDue = stream.nextDueMs;
    }
    if (this.inactiveCount > 0) this.compact();
    if (earliestDue < Infinity) this.scheduleWake(earliestDue);
  };

  private sendDueFrames(stream: Stream): void {
    let now = performance.now();
    while (stream.active && stream.nextDueMs - EARLY_TOLERANCE_MS <= now) {
      const behind = Math.floor((now - stream.nextDueMs) / this.frameMs) + 1;
      if (behind > this.maxCatchUpFrames) {
        const skip = behind - this.maxCatchUpFrames;
        this.skipped += skip;
        this.advance(stream, skip);
      }
      const lateMs = now - stream.nextDueMs;
      const index = stream.nextIndex;
      this.advance(stream, 1);
      if (stream.onFrame(index) !== false) this.lateness.record(lateMs);
      now = performance.now();
    }
  }

  private advance(stream: Stream, frames: number): void {
    stream.nextIndex += frames;
    stream.nextDueMs = stream.startMs + stream.nextIndex * this.frameMs;
  }

  private removeStream(stream: Stream): void {
    if (!stream.active) return;
    stream.active = false;
    this.inactiveCount += 1;
    this.slotLoad[stream.slot] = (this.slotLoad[stream.slot] as number) - 1;
    if (this.streamCount === 0) {
      this.compact();
      this.cancelWake();
    }
  }

  private compact(): void {
    this.streams = this.streams.filter((stream) => stream.active);
    this.inactiveCount = 0;
  }

  private leastUsedSlot(): number {
    let best = 0;
    for (let slot = 1; slot < this.slotLoad.length; slot += 1) {
      if ((this.slotLoad[slot] as number) < (this.slotLoad[best] as number)) best = slot;
    }
    return best;
  }

  /** One timer for the whole clock, set for the earliest due frame. */
  private scheduleWake(dueMs: number): void {
    if (this.closed || dueMs >= this.wakeAtMs) return;
    this.cancelWake();
    this.wakeAtMs = dueMs;
    const delay = dueMs - EARLY_TOLERANCE_MS - performance.now();
    // The timer is unreferenced: the calls' sockets keep the process alive, the clock alone must
    // not. The immediate stays referenced, or the event loop would block in its I/O poll past it.
    if (delay <= 0) this.immediate = setImmediate(this.tick);
    else this.timer = setTimeout(this.tick, delay).unref();
  }

  private cancelWake(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.wakeAtMs = Infinity;
  }
}

let shared: MediaClock | null = null;

/** The process-wide clock every call shares (created on first use). */
export function sharedMediaClock(): MediaClock {
  shared ??= new MediaClock();
  return shared;
}
