/**
 * Which sherpa-onnx model a directory holds, told from its file names (the layout of the
 * sherpa-onnx model releases), and the clear errors when it holds none. No engine is loaded here.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const SHERPA_MODEL_KINDS = [
  'online-transducer', 'online-paraformer', 'online-zipformer2-ctc', 'offline-paraformer', 'offline-sense-voice',
] as const;
export type SherpaModelKind = (typeof SHERPA_MODEL_KINDS)[number];

export interface SherpaModelFiles {
  kind: SherpaModelKind;
  dir: string;
  tokens: string;
  /** Absolute paths by role: encoder/decoder/joiner, or model. */
  onnx: Record<string, string>;
}

export type SpeechModelErrorCode = 'ASR_MODEL_KIND_INVALID' | 'ASR_MODEL_DIR_NOT_FOUND' | 'ASR_MODEL_FILES_MISSING' | 'ASR_MODEL_FILE_INVALID' | 'ASR_ENGINE_MISSING' | 'ASR_MODEL_LOAD_FAILED';

/** A speech model that cannot be used; `code` is stable, the message says what was expected. */
export class SpeechModelError extends Error {
  override readonly name = 'SpeechModelError';
  readonly code: SpeechModelErrorCode;
  constructor(code: SpeechModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** What each kind needs, for the error message and the docs. */
export const EXPECTED_FILES: Record<SherpaModelKind, string> = {
  'online-transducer': 'tokens.txt + encoder*.onnx + decoder*.onnx + joiner*.onnx (streaming zipformer transducer)',
  'online-paraformer': 'tokens.txt + encoder*.onnx + decoder*.onnx (streaming paraformer)',
  'online-zipformer2-ctc': 'tokens.txt + one *ctc*.onnx (streaming zipformer2 CTC)',
  'offline-paraformer': 'tokens.txt + model*.onnx (paraformer-zh, non-streaming)',
  'offline-sense-voice': 'tokens.txt + model*.onnx in a directory named *sense*voice* (SenseVoice, non-streaming)',
};

const ROLES: Record<SherpaModelKind, string[]> = {
  'online-transducer': ['encoder', 'decoder', 'joiner'],
  'online-paraformer': ['encoder', 'decoder'],
  'online-zipformer2-ctc': ['ctc'],
  'offline-paraformer': ['model'],
  'offline-sense-voice': ['model'],
};

/**
 * Find the model in `dir`. Without `kind`, the files decide; int8-quantised files are preferred,
 * as they cost about a third of the CPU per call with little loss on phone audio.
 */
export async function detectSherpaModel(dir: string, kind?: SherpaModelKind): Promise<SherpaModelFiles> {
  const names = await listModelDir(dir);
  const pick = (role: string) => {
    const candidates = names.filter((n) => n.endsWith('.onnx') && n.includes(role)).sort();
    return candidates.find((n) => n.includes('int8')) ?? candidates[0];
  };
  const chosen = kind ?? guessKind(dir, names, pick);
  const roles = ROLES[chosen ?? 'online-transducer'];
  const found = Object.fromEntries(roles.map((role) => [role, pick(role)]));
  if (!chosen || !names.includes('tokens.txt') || roles.some((role) => !found[role])) {
    const expected = chosen ? EXPECTED_FILES[chosen] : Object.values(EXPECTED_FILES).join('; or ');
    throw new SpeechModelError('ASR_MODEL_FILES_MISSING',
      `No usable speech model in ${dir}: expected ${expected}. Found: ${names.join(', ') || 'no files'}.`);
  }
  const onnx = Object.fromEntries(roles.map((role) => [role, join(dir, found[role]!)]));
  for (const path of Object.values(onnx)) await assertLooksLikeOnnx(path);
  return { kind: chosen, dir, tokens: join(dir, 'tokens.txt'), onnx };
}

function guessKind(dir: string, names: string[], pick: (role: string) => string | undefined): SherpaModelKind | null {
  if (pick('encoder') && pick('decoder')) return pick('joiner') ? 'online-transducer' : 'online-paraformer';
  if (pick('ctc')) return 'online-zipformer2-ctc';
  if (pick('model')) return /sense[-_]?voice/i.test(basename(dir)) ? 'offline-sense-voice' : 'offline-paraformer';
  return null;
}

async function listModelDir(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new SpeechModelError('ASR_MODEL_DIR_NOT_FOUND', `The speech model directory ${dir} does not exist or is not a directory (FANGYI_ASR_MODEL_DIR).`);
  }
  return (await readdir(dir)).sort();
}

/**
 * ONNX files are protobuf ModelProto messages, which begin with field 1 (ir_version, a varint:
 * tag byte 0x08). onnxruntime aborts the whole process on some unreadable models instead of
 * throwing, so a file that is plainly not ONNX (an HTML error page, a Git LFS pointer) is refused
 * here with its name.
 */
async function assertLooksLikeOnnx(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    if (bytesRead < 16 || buffer[0] !== 0x08) {
      throw new SpeechModelError('ASR_MODEL_FILE_INVALID', `${path} is not an ONNX model (empty, truncated, or a download placeholder).`);
    }
  } finally {
    await handle.close();
  }
}
