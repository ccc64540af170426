/** Mandarin prompts for phone calls: speakable text, pinyin, espeak-ng synthesis, the prompt cache. */
export { toSpeakableChinese } from './speakable.ts';
export { toEspeakPinyin } from './pinyin.ts';
export { DEFAULT_WORDS_PER_MINUTE, setSynthesisConcurrency, synthesisePrompt, type Synthesise, type SynthesiseOptions } from './synthesise.ts';
export { readWavAs8k, writeWav, encodeWav } from './wav.ts';
export { PromptCache, staticPieces, type PromptCacheOptions, type RenderOptions, type PreparedScript, type ScriptVersion } from './prompt-cache.ts';
export { TtsFailedError, TtsUnavailableError } from './errors.ts';
