/**
 * The sherpa-onnx speech recogniser (离线语音识别, runs on the node's CPU, no cloud): streaming
 * models decode while the caller speaks, non-streaming ones once the answer has ended. The engine
 * package is optional and imported only when a model is configured, so nodes without it run on
 * keypad answers. See docs/speech-models.md.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { detectSherpaModel, SHERPA_MODEL_KINDS, SpeechModelError, type SherpaModelFiles, type SherpaModelKind } from './sherpa-model.ts';
import { Upsampler8kTo16k, type RecognitionStream, type SpeechRecogniser } from './recogniser.ts';

export { SpeechModelError, type SherpaModelKind } from './sherpa-model.ts';

const MODEL_SAMPLE_RATE = 16_000;
/** Streaming models need audio after the last word to flush their last chunk. */
const TAIL_PADDING_SECONDS = 0.5;
const ENGINE_PACKAGE = 'sherpa-onnx-node';

export interface SherpaOptions {
  modelDir: string;
  /** onnxruntime threads per decode; 1 suits many concurrent calls. Default 1. */
  numThreads?: number;
  /** Overrides what the file names suggest. */
  kind?: SherpaModelKind;
}

// The slice of sherpa-onnx-node's API used here (it ships no type declarations).
export interface Waveform { samples: Float32Array; sampleRate: number }
export interface OnlineStream { acceptWaveform(w: Waveform): void; inputFinished(): void }
export interface OnlineRecognizer {
  createStream(): OnlineStream; isReady(s: OnlineStream): boolean; decode(s: OnlineStream): void; getResult(s: OnlineStream): { text: string };
}
export interface OfflineStream { acceptWaveform(w: Waveform): void }
export interface OfflineRecognizer { createStream(): OfflineStream; decodeAsync(s: OfflineStream): Promise<{ text: string }> }
interface SherpaModule {
  OnlineRecognizer: new (config: object) => OnlineRecognizer;
  OfflineRecognizer: { createAsync(config: object): Promise<OfflineRecognizer> };
}

export async function loadSherpaRecogniser(o: SherpaOptions): Promise<SpeechRecogniser> {
  const files = await detectSherpaModel(o.modelDir, o.kind);
  const sherpa = await importEngine();
  const config = recognizerConfig(files, o.numThreads ?? 1);
  const name = `sherpa:${files.kind}:${basename(files.dir)}`;
  if (files.kind.startsWith('online-')) {
    await probeInChildProcess(files, config);
    const recognizer = construct(files, () => new sherpa.OnlineRecognizer(config));
    return { name, createStream: () => onlineRecognitionStream(recognizer) };
  }
  const recognizer = await construct(files, () => sherpa.OfflineRecognizer.createAsync(config));
  return { name, createStream: () => offlineRecognitionStream(recognizer) };
}

/** The recogniser named by FANGYI_ASR_MODEL_DIR (and FANGYI_ASR_MODEL_KIND, FANGYI_ASR_THREADS); null when unset. */
export async function speechRecogniserFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SpeechRecogniser | null> {
  const modelDir = env.FANGYI_ASR_MODEL_DIR?.trim();
  if (!modelDir) return null;
  const kind = env.FANGYI_ASR_MODEL_KIND?.trim();
  if (kind && !(SHERPA_MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new SpeechModelError('ASR_MODEL_KIND_INVALID', `FANGYI_ASR_MODEL_KIND must be one of ${SHERPA_MODEL_KINDS.join(', ')}, not "${kind}".`);
  }
  const threads = Number(env.FANGYI_ASR_THREADS);
  return loadSherpaRecogniser({
    modelDir,
    kind: (kind || undefined) as SherpaModelKind | undefined,
    numThreads: Number.isInteger(threads) && threads > 0 ? threads : undefined,
  });
}

async function importEngine(): Promise<SherpaModule> {
  try {
    // A specifier in a variable keeps TypeScript and bundlers from requiring the optional package.
    const specifier = ENGINE_PACKAGE;
    const mod = (await import(specifier)) as { default?: SherpaModule } & SherpaModule;
    return mod.default ?? mod;
  } catch (error) {
    throw new SpeechModelError('ASR_ENGINE_MISSING',
      `A speech model is configured but ${ENGINE_PACKAGE} cannot be loaded (install it: npm install ${ENGINE_PACKAGE}).`, { cause: error });
  }
}

function recognizerConfig(files: SherpaModelFiles, numThreads: number): object {
  const { onnx } = files;
  const model = {
    'online-transducer': { transducer: { encoder: onnx.encoder, decoder: onnx.decoder, joiner: onnx.joiner } },
    'online-paraformer': { paraformer: { encoder: onnx.encoder, decoder: onnx.decoder } },
    'online-zipformer2-ctc': { zipformer2Ctc: { model: onnx.ctc } },
    'offline-paraformer': { paraformer: { model: onnx.model } },
    'offline-sense-voice': { senseVoice: { model: onnx.model, language: 'zh', useInverseTextNormalization: 1 } },
  }[files.kind];
  return {
    featConfig: { sampleRate: MODEL_SAMPLE_RATE, featureDim: 80 },
    modelConfig: { ...model, tokens: files.tokens, numThreads, provider: 'cpu', debug: 0 },
    // Endpointing is ours (EndOfSpeechDetector), which also serves the non-streaming models.
    ...(files.kind.startsWith('online-') ? { decodingMethod: 'greedy_search', enableEndpoint: 0 } : {}),
  };
}

function construct<T>(files: SherpaModelFiles, make: () => T): T {
  const fail = (error: unknown): never => {
    throw new SpeechModelError('ASR_MODEL_LOAD_FAILED',
      `sherpa-onnx could not load the ${files.kind} model in ${files.dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  };
  try {
    const made = make();
    return (made instanceof Promise ? made.catch(fail) : made) as T;
  } catch (error) {
    return fail(error);
  }
}

/**
 * sherpa-onnx's streaming recogniser aborts the process (an uncaught C++ exception) on a model
 * it cannot read, where the non-streaming one rejects. Loading it once in a child first turns a
 * damaged model into an error at start-up rather than a dead server.
 */
function probeInChildProcess(files: SherpaModelFiles, config: object): Promise<void> {
  const enginePath = createRequire(import.meta.url).resolve(ENGINE_PACKAGE);
  const script = `const s = require(${JSON.stringify(enginePath)}); new s.OnlineRecognizer(JSON.parse(process.argv[1]));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, JSON.stringify(config)], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
      reject(new SpeechModelError('ASR_MODEL_LOAD_FAILED', `sherpa-onnx could not load the ${files.kind} model in ${files.dir}: ${detail}`, { cause: error }));
    });
  });
}

/** Our stream over a streaming engine: 16 kHz audio in as it comes, decoded whenever a chunk is ready. */
export function onlineRecognitionStream(recognizer: OnlineRecognizer): RecognitionStream {
  const stream = recognizer.createStream();
  const upsampler = new Upsampler8kTo16k();
  const decodeReady = () => { while (recognizer.isReady(stream)) recognizer.decode(stream); };
  let open = true;
  return {
    accept(pcm8k) {
      if (!open) return;
      stream.acceptWaveform({ samples: upsampler.push(pcm8k), sampleRate: MODEL_SAMPLE_RATE });
      decodeReady();
    },
    async finish() {
      if (!open) return '';
      stream.acceptWaveform({ samples: new Float32Array(MODEL_SAMPLE_RATE * TAIL_PADDING_SECONDS), sampleRate: MODEL_SAMPLE_RATE });
      stream.inputFinished();
      decodeReady();
      return recognizer.getResult(stream).text.trim();
    },
    close() { open = false; }, // the native stream is freed with its JS object
  };
}

/** Our stream over a non-streaming engine: the answer is gathered, then decoded once. */
export function offlineRecognitionStream(recognizer: OfflineRecognizer): RecognitionStream {
  const upsampler = new Upsampler8kTo16k();
  let chunks: Float32Array[] = [];
  return {
    accept(pcm8k) { chunks.push(upsampler.push(pcm8k)); },
    async finish() {
      const samples = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) { samples.set(c, at); at += c.length; }
      chunks = [];
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples, sampleRate: MODEL_SAMPLE_RATE });
      // decodeAsync runs on libuv's thread pool, so a call's decode does not stall the others' RTP.
      return (await recognizer.decodeAsync(stream)).text.trim();
    },
    close() { chunks = []; },
  };
}
