/**
 * The speech-recognition seam of a phone call (语音识别接口). The line delivers 8 kHz PCM16 frames
 * (G.711 decoded); a recogniser adapter owns whatever its model needs beyond that (rate, format),
 * so the listening code and the tests never depend on a particular engine.
 */

/** Sample rate of the phone line: G.711 is 8 kHz (RFC 3551 §4.5.14). */
export const PHONE_SAMPLE_RATE = 8000;

export interface SpeechRecogniser {
  /** For logs and health pages, e.g. "sherpa:online-transducer:zipformer-zh-14M". */
  readonly name: string;
  /** One stream per utterance; streams of one recogniser may run side by side (one per call). */
  createStream(): RecognitionStream;
}

export interface RecognitionStream {
  /** Feed one frame of 8 kHz mono PCM16 audio, in order. */
  accept(pcm8k: Int16Array): void;
  /** No more audio: resolves with the recognised text ('' when nothing was understood). */
  finish(): Promise<string>;
  /** Release the stream's resources; idempotent, call it on every path (also after finish). */
  close(): void;
}

/** PCM16 → Float32 in [-1, 1), the input format of neural recognisers. */
export function pcm16ToFloat32(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}

/**
 * Streaming 8 kHz → 16 kHz upsampler by linear interpolation, Float32 normalised. Speech models
 * are trained at 16 kHz; the telephone band stops at 3.4 kHz, so linear interpolation's weak
 * image rejection above 4 kHz costs recognisers little and needs no filter state beyond the last
 * sample. Each input sample yields two outputs: the midpoint to the previous sample, then the
 * sample itself — a constant half-sample (31 µs) delay, and frames join without a seam.
 */
export class Upsampler8kTo16k {
  private previous: number | null = null;

  push(pcm8k: Int16Array): Float32Array {
    const out = new Float32Array(pcm8k.length * 2);
    let prev = this.previous;
    for (let i = 0; i < pcm8k.length; i++) {
      const x = pcm8k[i]! / 32768;
      out[2 * i] = prev === null ? x : (prev + x) / 2;
      out[2 * i + 1] = x;
      prev = x;
    }
    this.previous = prev;
    return out;
  }
}
