/**
 * Mandarin prompt synthesis: text → pinyin → espeak-ng (voice cmn-latn-pinyin) → sox → 8 kHz mono
 * PCM16, ready for G.711. Runs once per prompt of a script version (PromptCache keeps the result),
 * plus once per name heard in a call, so it favours quality over speed: sox's very-high-quality
 * resampler band-limits to the 4 kHz of a phone line, and every prompt is normalised to the same
 * peak level so pieces joined around a name sound equally loud.
 */
import { availableParallelism } from 'node:os';
import { TtsFailedError, TtsUnavailableError } from './errors.ts';
import { pcmFromBytes, SAMPLE_RATE } from './pcm.ts';
import { syllableCount, toEspeakPinyin } from './pinyin.ts';
import { runPipeline, type ToolStage } from './pipeline.ts';
import { Slots } from './slots.ts';

export const ESPEAK_VOICE = 'cmn-latn-pinyin';
/**
 * espeak-ng counts a pinyin syllable as a word: 150 gives about 3 syllables a second with the
 * pauses — slower than everyday speech (4-5), which elderly callees on a phone line follow better.
 */
export const DEFAULT_WORDS_PER_MINUTE = 150;
/** Peak level after normalising: headroom for G.711 and for the resampler's overshoot. */
const PEAK_DBFS = -3;

export interface SynthesiseOptions {
  /** The text is a person's name (surname readings). */
  personName?: boolean;
  wordsPerMinute?: number;
  timeoutMs?: number;
  /** A call is waiting for it (a name mid-call): goes before prompts being prepared ahead. */
  urgent?: boolean;
}

export type Synthesise = (text: string, o?: SynthesiseOptions) => Promise<Int16Array>;

export function synthesisStages(wordsPerMinute = DEFAULT_WORDS_PER_MINUTE): ToolStage[] {
  return [
    // --stdin: the text never becomes an argument (a leading '-' could not be taken for an option).
    { command: 'espeak-ng', args: ['-v', ESPEAK_VOICE, '-s', String(wordsPerMinute), '--stdin', '--stdout'] },
    {
      command: 'sox',
      args: ['-V1', '-D', '-t', 'wav', '-', '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-',
        'rate', '-v', String(SAMPLE_RATE), 'gain', '-n', String(PEAK_DBFS)],
    },
  ];
}

/**
 * Speaks `text` (digits allowed: they are read the Chinese way) as 8 kHz mono PCM16. A text with
 * nothing to say (punctuation only) gives no samples. Throws TtsUnavailableError when espeak-ng or
 * sox is missing, TtsFailedError when one fails.
 */
export const synthesisePrompt: Synthesise = async (text, o = {}) => {
  const input = toEspeakPinyin(text, o);
  if (syllableCount(input) === 0 && !/[a-z]/.test(input)) return new Int16Array(0);
  const bytes = await slots.run(o.urgent === true, () => runPipeline(synthesisStages(o.wordsPerMinute), `${input}\n`, { timeoutMs: o.timeoutMs ?? 30_000 }))
    .catch((error: unknown) => {
      // espeak-ng before 1.51 has no cmn-latn-pinyin voice: as good as not installed.
      if (error instanceof TtsFailedError && /voice does not exist/i.test(error.message)) throw new TtsUnavailableError(`espeak-ng voice ${ESPEAK_VOICE}`, error);
      throw error;
    });
  return pcmFromBytes(bytes);
};

/**
 * Syntheses at a time (default: one core left free): preparing a script renders dozens of prompts
 * at once, and calls in progress must keep their media clock on time meanwhile. A synthesis costs
 * about 80 ms of CPU for a name, 200 ms for a long prompt.
 */
const slots = new Slots(availableParallelism() - 1);

export function setSynthesisConcurrency(max: number): void {
  slots.setMax(max);
}
