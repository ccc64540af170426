import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fillVariables, scriptTexts } from '../../dialogue/variables.ts';
import { returneeScreening } from '../../scripts/templates/index.ts';
import { msToSamples, pcmToBytes, rms } from './pcm.ts';
import { readPcmFile } from './pcm-file.ts';
import { staticPieces } from './pieces.ts';
import { PromptCache } from './prompt-cache.ts';
import { toSpeakableChinese } from './speakable.ts';
import type { SynthesiseOptions } from './synthesise.ts';
import { TTS_TOOLS_MISSING, ttsToolsAvailable } from './test-tools.ts';
import { writeWav } from './wav.ts';

const VARS = { name: '王秀英', community: '幸福里社区' };
const TEXTS = scriptTexts(returneeScreening).map((t) => t.text);
const SCRIPT = { key: returneeScreening.key, version: 3, texts: TEXTS };
const STATIC_PIECES = [...new Set(TEXTS.flatMap((t) => (t.includes('${') ? staticPieces(t) : [t])))];

/** The characters of a text as sample values: lets a test find a text's audio inside the files. */
const encode = (text: string): Int16Array => Int16Array.from([...text], (ch) => (ch.codePointAt(0)! & 0x3fff) + 1000);
/** 200 loud samples before and after, so trimming and fading leave the encoded text intact. */
const PAD = Array.from({ length: 200 }, (_, i) => (i % 2 ? 3000 : -3000));

function fakeSynthesiser() {
  const calls: { text: string; personName: boolean }[] = [];
  const synthesise = async (text: string, o?: SynthesiseOptions): Promise<Int16Array> => {
    calls.push({ text, personName: o?.personName === true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return Int16Array.from([...PAD, ...encode(text), ...PAD]);
  };
  return { calls, synthesise };
}

const roots: string[] = [];
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fangyi-prompts-'));
  roots.push(dir);
});
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const hashOf = (text: string): string => createHash('sha256').update(toSpeakableChinese(text).trim()).digest('hex');

describe('PromptCache', () => {
  it('prepares every static piece of a script version once, on disk under <key>/v<version>/<sha256>.pcm', async () => {
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    const prepared = await cache.prepareScript(SCRIPT);
    expect(prepared.prompts).toBe(STATIC_PIECES.length);
    expect(prepared.synthesised).toBe(STATIC_PIECES.length);
    expect(fake.calls.map((c) => c.text).sort()).toEqual([...STATIC_PIECES].sort());
    const files = (await filesUnder(dir)).map((f) => relative(dir, f)).sort();
    expect(files).toEqual(STATIC_PIECES.map((t) => join('returnee-screening', 'v3', `${hashOf(t)}.pcm`)).sort());

    expect(await cache.prepareScript(SCRIPT)).toMatchObject({ prompts: STATIC_PIECES.length, synthesised: 0 });
    expect(fake.calls).toHaveLength(STATIC_PIECES.length);
  });

  it('a second cache on the same directory reads the disk, not espeak', async () => {
    await new PromptCache({ dir, synthesise: fakeSynthesiser().synthesise }).prepareScript(SCRIPT);
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    const closing = returneeScreening.closings.normal;
    const audio = await cache.render(closing, { scriptKey: SCRIPT.key, version: 3, variables: VARS });
    expect(fake.calls).toEqual([]);
    expect(cache.stats.diskHits).toBe(1);
    expect([...audio.subarray(PAD.length, PAD.length + [...closing].length)]).toEqual([...encode(closing)]);
    // Then memory: the same samples, no copy.
    expect(await cache.render(closing, { scriptKey: SCRIPT.key, version: 3 })).toBe(audio);
    expect(cache.stats).toMatchObject({ diskHits: 1, memoryHits: 1 });

    expect(await cache.prepareScript(SCRIPT)).toMatchObject({ synthesised: 0 });
    expect(fake.calls).toEqual([]);
    // Another version is another set of prompts.
    expect(await cache.prepareScript({ ...SCRIPT, version: 4 })).toMatchObject({ synthesised: STATIC_PIECES.length });
  });

  it('renders a text with variables from cached static pieces and the values synthesised in memory only', async () => {
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    await cache.prepareScript(SCRIPT);
    fake.calls.length = 0;

    const identity = fillVariables('请问您是${name}本人吗？', VARS);
    const greeting = fillVariables('您好，这里是${community}，给您打个防疫回访电话。', VARS);
    expect(TEXTS).toContain('您好，这里是${community}，给您打个防疫回访电话。');
    const spoken = [
      await cache.render(identity, { scriptKey: SCRIPT.key, version: 3, variables: VARS }),
      await cache.render(greeting, { scriptKey: SCRIPT.key, version: 3, variables: VARS }),
      await cache.render(identity, { scriptKey: SCRIPT.key, version: 3, variables: VARS }),
    ];
    expect(fake.calls).toEqual([{ text: '王秀英，', personName: true }, { text: '幸福里社区，', personName: false }]);

    // 请问您是， + gap + 王秀英， + gap + 本人吗？ + its end pause: pieces trimmed (the fake's are all
    // sound, faded to 0 at both ends), joined with short pauses, no clicks.
    const clips = ['请问您是，', '王秀英，', '本人吗？'].map((t) => PAD.length * 2 + [...t].length);
    const gap = msToSamples(40);
    const sentencePause = msToSamples(350);
    const joinedClip = (i: number): number => clips[i]! - 1; // the end pause and the faded last sample are cut
    expect(spoken[0]!.length).toBe(joinedClip(0) + gap + joinedClip(1) + gap + clips[2]! + sentencePause);
    const firstJoin = joinedClip(0);
    expect(Math.abs(spoken[0]![firstJoin - 1]!)).toBeLessThan(100);
    expect(rms(spoken[0]!, firstJoin, firstJoin + gap)).toBe(0);
    expect(spoken[0]![firstJoin + gap]).toBe(0);
    expect(rms(spoken[0]!, firstJoin + gap, firstJoin + gap + joinedClip(1))).toBeGreaterThan(1000);
    expect(rms(spoken[0]!, spoken[0]!.length - sentencePause)).toBe(0);

    // Nothing on disk holds a value: no file named after it, no file containing its samples.
    const files = await filesUnder(dir);
    expect(files).toHaveLength(STATIC_PIECES.length);
    const names = files.map((f) => f.split('/').at(-1));
    for (const value of ['王秀英', '王秀英，', '幸福里社区', '幸福里社区，']) expect(names).not.toContain(`${hashOf(value)}.pcm`);
    const contents = await Promise.all(files.map((f) => readFile(f)));
    const needle = (text: string): Buffer => Buffer.from(pcmToBytes(encode(text)));
    expect(contents.some((c) => c.includes(needle('请问您是')))).toBe(true); // the scan does find what is there
    expect(contents.some((c) => c.includes(needle('王秀英')))).toBe(false);
    expect(contents.some((c) => c.includes(needle('幸福里社区')))).toBe(false);
  });

  it('re-renders a short or damaged cache file', async () => {
    await new PromptCache({ dir, synthesise: fakeSynthesiser().synthesise }).prepareScript(SCRIPT);
    const [short, damaged] = [returneeScreening.closings.normal, returneeScreening.closings.abnormal];
    const fileOf = (text: string): string => join(dir, SCRIPT.key, 'v3', `${hashOf(text)}.pcm`);
    await truncate(fileOf(short), 100);
    const bytes = await readFile(fileOf(damaged));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 7) ^ 0xff, bytes.length - 7);
    await writeFile(fileOf(damaged), bytes);

    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    expect(await cache.prepareScript(SCRIPT)).toMatchObject({ synthesised: 2 });
    expect(fake.calls.map((c) => c.text).sort()).toEqual([short, damaged].sort());
    expect(await readPcmFile(fileOf(short))).not.toBeNull();
    expect(await readPcmFile(fileOf(damaged))).not.toBeNull();
    expect((await filesUnder(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('shares one synthesis between concurrent renders of the same text or value', async () => {
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    const text = '有没有咳嗽？';
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.render(text, { scriptKey: 'k', version: 1 })));
    expect(fake.calls).toEqual([{ text, personName: false }]);
    expect(new Set(results).size).toBe(1);
    await Promise.all(Array.from({ length: 20 }, () => cache.render('您是李四吗？', { scriptKey: 'k', version: 1, variables: { name: '李四' } })));
    expect(fake.calls.filter((c) => c.text === '李四，')).toHaveLength(1);
  });

  it('keeps at most memoryEntries prompts in memory and reads the rest from disk', async () => {
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise, memoryEntries: 2 });
    await cache.prepareScript(SCRIPT);
    const texts = STATIC_PIECES.slice(0, 3);
    for (let round = 0; round < 2; round++) for (const text of texts) await cache.render(text, { scriptKey: SCRIPT.key, version: 3 });
    expect(fake.calls).toHaveLength(STATIC_PIECES.length);
    expect(cache.stats.diskHits).toBeGreaterThanOrEqual(3);
  });

  it('keeps odd script keys inside its directory and refuses odd versions', async () => {
    const cache = new PromptCache({ dir: join(dir, 'cache'), synthesise: fakeSynthesiser().synthesise });
    await cache.render('您好', { scriptKey: '../../escape', version: 1 });
    const files = await filesUnder(dir);
    expect(files).toHaveLength(1);
    expect(relative(join(dir, 'cache'), files[0]!)).toMatch(/^key-[0-9a-f]{24}\/v1\/[0-9a-f]{64}\.pcm$/);
    await expect(cache.render('您好', { scriptKey: 'k', version: -1 })).rejects.toThrow(TypeError);
  });

  it('takes the id of a stored script version as the version too', async () => {
    const cache = new PromptCache({ dir, synthesise: fakeSynthesiser().synthesise });
    const id = '0b6f1c2e-8d7a-4c55-9a51-2f0e4d2c9b11';
    await cache.render('您好', { scriptKey: 'k', version: id });
    await cache.render('您好', { scriptKey: 'k', version: '../../v' });
    const files = (await filesUnder(dir)).map((f) => relative(dir, f)).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain(join('k', `v${id}`, `${hashOf('您好')}.pcm`));
    expect(files.find((f) => !f.includes(id))).toMatch(/^k\/v-[0-9a-f]{24}\//);
  });

  it('plays a recorded WAV instead of the text', async () => {
    const fake = fakeSynthesiser();
    const cache = new PromptCache({ dir, synthesise: fake.synthesise });
    const recorded = Int16Array.from({ length: 800 }, (_, i) => (i % 20) * 100);
    const path = join(dir, 'greeting.wav');
    await writeWav(path, recorded);
    expect(await cache.prepareScript({ key: 'k', version: 1, texts: [], recordings: [path] })).toMatchObject({ prompts: 0 });
    expect(await cache.render('您好', { scriptKey: 'k', version: 1, recording: path })).toEqual(recorded);
    expect(fake.calls).toEqual([]);
  });
});

const tools = ttsToolsAvailable();

describe.skipIf(!tools)(`PromptCache with espeak-ng (${tools ? 'installed' : TTS_TOOLS_MISSING})`, () => {
  it('renders a name between cached pieces: audible, joined without clicks, the name not on disk', async () => {
    const cache = new PromptCache({ dir });
    const prepared = await cache.prepareScript({ key: 'real', version: 1, texts: ['请问您是${name}本人吗？'] });
    expect(prepared).toMatchObject({ prompts: 2, synthesised: 2 });
    const audio = await cache.render('请问您是单田芳本人吗？', { scriptKey: 'real', version: 1, variables: { name: '单田芳' } });
    expect(cache.stats.valueSyntheses).toBe(1);
    const seconds = audio.length / 8000;
    expect(seconds).toBeGreaterThan(9 * 0.15);
    expect(seconds).toBeLessThan(9 * 0.6);
    // Two 40 ms joins of digital silence, each between faded ends.
    let silentRuns = 0;
    for (let i = 0, run = 0; i < audio.length; i++) {
      run = audio[i] === 0 ? run + 1 : 0;
      if (run === msToSamples(40)) silentRuns++;
    }
    expect(silentRuns).toBeGreaterThanOrEqual(2);
    const files = await filesUnder(dir);
    expect(files.map((f) => f.split('/').at(-1)).sort()).toEqual([`${hashOf('本人吗？')}.pcm`, `${hashOf('请问您是，')}.pcm`].sort());
  });
});
