import { afterEach, describe, expect, it } from 'vitest';
import { TtsUnavailableError } from './errors.ts';
import { rms, SAMPLE_RATE } from './pcm.ts';
import { syllableCount, toEspeakPinyin } from './pinyin.ts';
import { synthesisePrompt } from './synthesise.ts';
import { TTS_TOOLS_MISSING, ttsToolsAvailable } from './test-tools.ts';

const tools = ttsToolsAvailable();

describe.skipIf(!tools)(`synthesisePrompt (${tools ? 'espeak-ng and sox installed' : TTS_TOOLS_MISSING})`, () => {
  it('gives 8 kHz audio of a plausible length with speech energy', async () => {
    const text = '您好，这里是幸福里社区，给您打个防疫回访电话。';
    const pcm = await synthesisePrompt(text);
    const seconds = pcm.length / SAMPLE_RATE;
    const syllables = syllableCount(toEspeakPinyin(text));
    expect(syllables).toBe(20);
    expect(seconds).toBeGreaterThan(syllables * 0.15);
    expect(seconds).toBeLessThan(syllables * 0.6);
    expect(rms(pcm)).toBeGreaterThan(1000);
    // Normalised to -3 dBFS: loud, and no clipping.
    const peak = pcm.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(20_000);
    expect(peak).toBeLessThan(32_767);
  });

  it('is 8 kHz: a second of speech is about 8000 samples, not 22050', async () => {
    const short = await synthesisePrompt('好的');
    const long = await synthesisePrompt('好的，好的，好的，好的，好的，好的。');
    expect(long.length).toBeGreaterThan(short.length * 3);
    expect(long.length / SAMPLE_RATE).toBeLessThan(8);
  });

  it('reads digits the Chinese way (the same audio as the words)', async () => {
    const [digits, words] = await Promise.all([synthesisePrompt('体温37.3℃'), synthesisePrompt('体温三十七点三度')]);
    expect(digits.length).toBeGreaterThan(SAMPLE_RATE);
    // sox without dither (-D): the same text gives the same samples.
    expect(Buffer.from(digits.buffer).equals(Buffer.from(words.buffer))).toBe(true);
  });

  it('treats the text as data: option-like or shell-like text is spoken, not run', async () => {
    const pcm = await synthesisePrompt('--help; rm -rf / `reboot` $(id)');
    expect(pcm.length).toBeGreaterThan(0);
  });

  it('says nothing for punctuation only', async () => {
    expect((await synthesisePrompt('，。！')).length).toBe(0);
  });
});

describe('synthesisePrompt without the tools', () => {
  const path = process.env.PATH;
  afterEach(() => { process.env.PATH = path; });

  it('throws TtsUnavailableError naming what to install', async () => {
    process.env.PATH = '/nonexistent';
    const error = await synthesisePrompt('您好').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TtsUnavailableError);
    expect(error).toMatchObject({ code: 'CALLBOT_TTS_UNAVAILABLE', tool: 'espeak-ng' });
    expect((error as Error).message).toContain('apt-get install espeak-ng sox');
  });
});
