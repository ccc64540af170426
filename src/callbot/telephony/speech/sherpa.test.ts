import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenForAnswer } from './listen.ts';
import { detectSherpaModel } from './sherpa-model.ts';
import {
  loadSherpaRecogniser, offlineRecognitionStream, onlineRecognitionStream, speechRecogniserFromEnv, SpeechModelError,
  type OfflineRecognizer, type OnlineRecognizer,
} from './sherpa.ts';
import { concat, framesOf, noise, speakPinyin, throughG711, tone } from './test-signals.ts';

const root = mkdtempSync(join(tmpdir(), 'fangyi-asr-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A model directory whose .onnx files carry an ONNX-like first byte but are not models. */
function modelDir(name: string, files: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of files) writeFileSync(join(dir, file), file.endsWith('.onnx') ? Buffer.from([0x08, ...Array(63).fill(7)]) : 'x 0\n');
  return dir;
}

const engineInstalled = (() => {
  try { createRequire(import.meta.url).resolve('sherpa-onnx-node'); return true; } catch { return false; }
})();

describe('finding the model in a directory', () => {
  it('says the directory is missing', async () => {
    await expect(detectSherpaModel(join(root, 'nowhere'))).rejects.toMatchObject({ code: 'ASR_MODEL_DIR_NOT_FOUND' });
  });

  it('lists what it expected and what it found when the directory holds no model', async () => {
    const dir = modelDir('empty-ish', ['README.md']);
    const error = await detectSherpaModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpeechModelError);
    expect(error).toMatchObject({ code: 'ASR_MODEL_FILES_MISSING' });
    const message = (error as Error).message;
    for (const expected of ['tokens.txt', 'joiner*.onnx', 'model*.onnx', 'Found: README.md']) expect(message).toContain(expected);
  });

  it.each([
    ['sherpa-onnx-streaming-zipformer-zh-14M', ['tokens.txt', 'encoder-epoch-99-avg-1.onnx', 'encoder-epoch-99-avg-1.int8.onnx', 'decoder-epoch-99-avg-1.onnx', 'joiner-epoch-99-avg-1.int8.onnx', 'joiner-epoch-99-avg-1.onnx'],
      'online-transducer', { encoder: 'encoder-epoch-99-avg-1.int8.onnx', decoder: 'decoder-epoch-99-avg-1.onnx', joiner: 'joiner-epoch-99-avg-1.int8.onnx' }],
    ['sherpa-onnx-streaming-paraformer-bilingual-zh-en', ['tokens.txt', 'encoder.int8.onnx', 'decoder.int8.onnx'], 'online-paraformer', { encoder: 'encoder.int8.onnx', decoder: 'decoder.int8.onnx' }],
    ['sherpa-onnx-streaming-zipformer-ctc-multi-zh-hans', ['tokens.txt', 'ctc-epoch-20-avg-1-chunk-16-left-128.onnx'], 'online-zipformer2-ctc', { ctc: 'ctc-epoch-20-avg-1-chunk-16-left-128.onnx' }],
    ['sherpa-onnx-paraformer-zh-2023-09-14', ['tokens.txt', 'model.onnx', 'model.int8.onnx'], 'offline-paraformer', { model: 'model.int8.onnx' }],
    ['sherpa-onnx-sense-voice-zh-en-ja-ko-yue', ['tokens.txt', 'model.onnx'], 'offline-sense-voice', { model: 'model.onnx' }],
  ] as const)('recognises %s', async (name, files, kind, roles) => {
    const dir = modelDir(name, [...files]);
    const found = await detectSherpaModel(dir);
    expect(found.kind).toBe(kind);
    expect(found.tokens).toBe(join(dir, 'tokens.txt'));
    expect(found.onnx).toEqual(Object.fromEntries(Object.entries(roles).map(([role, file]) => [role, join(dir, file)])));
  });

  it('names the files of the kind that was asked for', async () => {
    const dir = modelDir('asked-transducer', ['tokens.txt', 'encoder.onnx', 'decoder.onnx']);
    await expect(detectSherpaModel(dir, 'online-transducer')).rejects.toThrow(/expected tokens\.txt \+ encoder\*\.onnx \+ decoder\*\.onnx \+ joiner\*\.onnx/);
  });

  it('refuses a file that is not ONNX (a Git LFS pointer) by name', async () => {
    const dir = modelDir('lfs-pointer', ['tokens.txt']);
    writeFileSync(join(dir, 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\n');
    await expect(detectSherpaModel(dir)).rejects.toMatchObject({ code: 'ASR_MODEL_FILE_INVALID', message: expect.stringContaining('model.onnx') });
  });
});

describe('loading sherpa-onnx', () => {
  it('gives the clear error for a directory without a model', async () => {
    const dir = modelDir('no-model', ['notes.txt']);
    await expect(loadSherpaRecogniser({ modelDir: dir })).rejects.toMatchObject({ code: 'ASR_MODEL_FILES_MISSING', message: expect.stringContaining('tokens.txt') });
  });

  it.each(['sherpa-onnx-streaming-zipformer-broken', 'sherpa-onnx-paraformer-zh-broken'])(
    'turns a model the engine cannot read into an error, not a crash (%s)', async (name) => {
      const files = name.includes('streaming') ? ['tokens.txt', 'encoder.onnx', 'decoder.onnx', 'joiner.onnx'] : ['tokens.txt', 'model.onnx'];
      const loading = loadSherpaRecogniser({ modelDir: modelDir(name, files) });
      // With the optional engine installed this runs its real loader; without it, says so.
      await expect(loading).rejects.toMatchObject({ code: engineInstalled ? 'ASR_MODEL_LOAD_FAILED' : 'ASR_ENGINE_MISSING' });
      await expect(loading).rejects.toThrow(new RegExp(name));
    }, 30_000);

  it('has no recogniser when FANGYI_ASR_MODEL_DIR is unset, and loads the configured one otherwise', async () => {
    expect(await speechRecogniserFromEnv({})).toBeNull();
    expect(await speechRecogniserFromEnv({ FANGYI_ASR_MODEL_DIR: '  ' })).toBeNull();
    await expect(speechRecogniserFromEnv({ FANGYI_ASR_MODEL_DIR: join(root, 'absent') })).rejects.toMatchObject({ code: 'ASR_MODEL_DIR_NOT_FOUND' });
    await expect(speechRecogniserFromEnv({ FANGYI_ASR_MODEL_DIR: root, FANGYI_ASR_MODEL_KIND: 'whisper' })).rejects.toMatchObject({ code: 'ASR_MODEL_KIND_INVALID', message: expect.stringContaining('offline-sense-voice') });
  });
});

const configuredModel = process.env.FANGYI_ASR_MODEL_DIR;
describe.skipIf(!configuredModel)('with a real model (skipped: set FANGYI_ASR_MODEL_DIR to a sherpa-onnx Mandarin model to run)', () => {
  it('hears a spoken Mandarin answer through G.711 and the end-of-speech detector', async () => {
    const recogniser = (await speechRecogniserFromEnv())!;
    const line = throughG711(concat(noise(800, -60), speakPinyin('you3, wo3 ke2 sou4'), noise(1500, -60, 2)), 'u-law');
    const frames = framesOf(line);
    const result = await listenForAnswer({
      recogniser,
      timeoutMs: 5000,
      frames: (listener) => { const t = setTimeout(() => frames.forEach(listener)); return () => clearTimeout(t); },
    });
    expect(result.kind).toBe('speech');
    expect(result.kind === 'speech' && /[\u4e00-\u9fff]/.test(result.text)).toBe(true);
  }, 60_000);
});

/**
 * Stand-ins for the engine with its documented behaviour: a streaming model is ready to decode
 * once a chunk (here 320 ms at 16 kHz) is buffered or input has finished; it "recognises" how
 * many seconds of 16 kHz audio it decoded, so the adapters' resampling and padding show.
 */
function fakeOnlineEngine(): OnlineRecognizer & { decodes: number } {
  const chunk = 5120;
  type S = { buffered: number; decoded: number; finished: boolean; rates: Set<number> };
  const engine = {
    decodes: 0,
    createStream: () => {
      const s: S = { buffered: 0, decoded: 0, finished: false, rates: new Set() };
      return Object.assign(s, {
        acceptWaveform(w: { samples: Float32Array; sampleRate: number }) {
          if (s.finished) throw new Error('audio after inputFinished');
          s.rates.add(w.sampleRate); s.buffered += w.samples.length;
        },
        inputFinished() { s.finished = true; },
      });
    },
    isReady: (s: S) => s.buffered >= chunk || (s.finished && s.buffered > 0),
    decode: (s: S) => { const n = Math.min(chunk, s.buffered); s.buffered -= n; s.decoded += n; engine.decodes++; },
    getResult: (s: S) => ({ text: `${(s.decoded / 16000).toFixed(2)}s@${[...s.rates].join(',')}` }),
  };
  return engine as unknown as OnlineRecognizer & { decodes: number };
}

describe('the engine adapters', () => {
  const oneSecond = framesOf(tone(1000, -20));

  it('streams 16 kHz audio into a streaming model, decoding as chunks fill, and flushes it with tail padding', async () => {
    const engine = fakeOnlineEngine();
    const stream = onlineRecognitionStream(engine);
    oneSecond.forEach((frame) => stream.accept(frame));
    expect(engine.decodes).toBe(3); // 32000 samples: three full 5120-sample chunks so far
    expect(await stream.finish()).toBe('1.50s@16000'); // 1 s of speech + 0.5 s padding
    stream.close();
  });

  it('gathers the answer for a non-streaming model and decodes it once, at 16 kHz', async () => {
    const received: { samples: Float32Array; sampleRate: number }[] = [];
    const engine: OfflineRecognizer = {
      createStream: () => ({ acceptWaveform: (w) => { received.push(w); } }),
      decodeAsync: async () => ({ text: ` ${received.length} waveform of ${received[0]!.samples.length} samples at ${received[0]!.sampleRate} ` }),
    };
    const stream = offlineRecognitionStream(engine);
    oneSecond.forEach((frame) => stream.accept(frame));
    expect(received).toHaveLength(0);
    expect(await stream.finish()).toBe('1 waveform of 16000 samples at 16000');
    expect(received[0]!.samples[1]).toBeCloseTo(oneSecond[0]![0]! / 32768, 6);
  });
});
