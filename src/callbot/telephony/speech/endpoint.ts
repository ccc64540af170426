/**
 * End-of-speech detection (端点检测) on the caller's audio: decides when an answer starts and when
 * it is over, so the recogniser hears only the answer and the robot does not wait on silence.
 *
 * Energy-based with an adaptive noise floor. A phone line is never digitally silent: G.711
 * quantisation of idle channels (A-law decodes "zero" as ±8), comfort noise and line hiss sit at
 * −75…−50 dBFS, and noisy lines far higher. A frame counts as voiced when it is both clearly above
 * the line's own floor and above an absolute level no idle line reaches. The floor is the quietest
 * frame of the last two seconds (minimum statistics): speech always dips between syllables, so it
 * does not lift the floor, while a steady noise that gets louder becomes the floor within the
 * window and stops counting as speech.
 */
import { PHONE_SAMPLE_RATE } from './recogniser.ts';

export interface EndOfSpeechDetectorOptions {
  /** Voiced audio needed, without a break, before speech counts as started (N). Default 100 ms. */
  startMs?: number;
  /** Trailing silence that ends an utterance (M). Default 700 ms. */
  endSilenceMs?: number;
  /** Voiced audio an utterance needs before silence can end it (K); shorter bursts (a click, a
   * knock) are dropped and listening goes on. Default 200 ms. */
  minSpeechMs?: number;
  /** How far above the noise floor a frame must be to count as voiced. Default 12 dB. */
  thresholdDb?: number;
  /** Absolute level below which nothing is voiced, whatever the floor. Default −45 dBFS. */
  minSpeechDbfs?: number;
  /** How far back the noise floor looks for the quietest frame. Default 2000 ms. */
  floorWindowMs?: number;
  /** Sample rate of the pushed frames. Default 8000. */
  sampleRate?: number;
}

export type DetectorVerdict = 'silence' | 'speech' | 'end_of_speech';

const DEFAULTS = { startMs: 100, endSilenceMs: 700, minSpeechMs: 200, thresholdDb: 12, minSpeechDbfs: -45, floorWindowMs: 2000 };
/** Level reported for digital silence, below any real line. */
const FLOOR_DBFS = -96;
/** Once speaking, a frame stays voiced down to this much less (hysteresis), so soft word endings
 * are not cut off. */
const HANGOVER_DB = 3;

/** Level of a frame in dBFS (RMS against full scale). */
export function frameLevelDbfs(frame: Int16Array): number {
  if (frame.length === 0) return FLOOR_DBFS;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  const rms = Math.sqrt(sum / frame.length);
  return rms < 1 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(rms / 32768));
}

export class EndOfSpeechDetector {
  private readonly o: Required<EndOfSpeechDetectorOptions>;
  /** Candidates for the window's minimum, levels rising from the front (a monotonic queue), so
   * the floor costs O(1) per frame on hundreds of concurrent calls. */
  private floorCandidates: { level: number; at: number }[] = [];
  private floorHead = 0;
  private state: 'waiting' | 'speaking' = 'waiting';
  private elapsedMs = 0;
  private voicedRunMs = 0;
  private speechMs = 0;
  private trailingSilenceMs = 0;
  private startedAt: number | null = null;
  private lastVoicedEndAt: number | null = null;

  constructor(options: EndOfSpeechDetectorOptions = {}) {
    this.o = { ...DEFAULTS, sampleRate: PHONE_SAMPLE_RATE, ...options };
  }

  /** Audio time of the first voiced frame of the current (or last) utterance, ms since the first push. */
  get speechStartMs(): number | null { return this.startedAt; }
  /** Audio time where the last voiced frame ended, ms since the first push. */
  get speechEndMs(): number | null { return this.lastVoicedEndAt; }
  /** The current noise-floor estimate in dBFS (null before the first frame). */
  get noiseFloorDbfs(): number | null { return this.floorHead < this.floorCandidates.length ? this.floor() : null; }

  /**
   * Classify the next frame. 'speech' from the frame that confirms a start until the utterance
   * ends (pauses inside it included); 'end_of_speech' once, on the frame that completes the
   * trailing silence; then the detector listens for the next utterance.
   */
  push(frame: Int16Array): DetectorVerdict {
    const frameMs = (frame.length * 1000) / this.o.sampleRate;
    const level = frameLevelDbfs(frame);
    const frameStart = this.elapsedMs;
    this.elapsedMs += frameMs;
    this.remember(level);
    const margin = this.state === 'speaking' ? this.o.thresholdDb - HANGOVER_DB : this.o.thresholdDb;
    const voiced = level >= this.o.minSpeechDbfs && level >= this.floor() + margin;

    if (this.state === 'waiting') {
      if (!voiced) {
        this.voicedRunMs = 0;
        return 'silence';
      }
      if (this.voicedRunMs === 0) this.startedAt = frameStart;
      this.voicedRunMs += frameMs;
      if (this.voicedRunMs < this.o.startMs) return 'silence';
      this.state = 'speaking';
      this.speechMs = this.voicedRunMs;
      this.trailingSilenceMs = 0;
      this.lastVoicedEndAt = this.elapsedMs;
      return 'speech';
    }

    if (voiced) {
      this.speechMs += frameMs;
      this.trailingSilenceMs = 0;
      this.lastVoicedEndAt = this.elapsedMs;
      return 'speech';
    }
    this.trailingSilenceMs += frameMs;
    if (this.trailingSilenceMs < this.o.endSilenceMs) return 'speech';
    const heardEnough = this.speechMs >= this.o.minSpeechMs;
    this.state = 'waiting';
    this.voicedRunMs = 0;
    return heardEnough ? 'end_of_speech' : 'silence';
  }

  private remember(level: number): void {
    const q = this.floorCandidates;
    while (q.length > this.floorHead && q[q.length - 1]!.level >= level) q.pop();
    q.push({ level, at: this.elapsedMs });
    while (q[this.floorHead]!.at <= this.elapsedMs - this.o.floorWindowMs) this.floorHead++;
    if (this.floorHead > 64) { q.splice(0, this.floorHead); this.floorHead = 0; }
  }

  private floor(): number {
    return this.floorCandidates[this.floorHead]!.level;
  }
}
