/**
 * Prompts ready to play: every static text of a script version is synthesised once and kept under
 * `dir/<scriptKey>/v<version>/<sha256 of the speakable text>.pcm` (see pcm-file.ts), and in memory
 * for the calls in progress. Texts with variables are cut at the variables' values (pieces.ts): the
 * static pieces come from the cache, the values (names, communities — personal data) are
 * synthesised in memory only and never written to disk.
 *
 * render() is the hot path of hundreds of concurrent calls: a prepared text is one Map lookup and
 * returns the cached samples themselves (callers must not modify them); a miss reads the disk;
 * synthesis happens once per script version, and once per value heard.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LruCache } from './lru.ts';
import { joinWithGaps, msToSamples, soundEnd, trimToSpeech, withTrailingSilence } from './pcm.ts';
import { readPcmFile, writePcmFile } from './pcm-file.ts';
import { endPauseMs, joinPauseMs, splitAtValues, staticPieces } from './pieces.ts';
import { toSpeakableChinese } from './speakable.ts';
import { synthesisePrompt, type SynthesiseOptions } from './synthesise.ts';
import { readWavAs8k } from './wav.ts';

export { staticPieces } from './pieces.ts';

export interface PromptCacheOptions {
  dir: string;
  /** Text → 8 kHz mono PCM16; synthesisePrompt by default (tests count calls through their own). */
  synthesise?: (text: string, o?: SynthesiseOptions) => Promise<Int16Array>;
  /** Entries kept in memory, for static prompts and for values each (default 500). */
  memoryEntries?: number;
  /** Variables holding a person's name, read with surname readings (default ['name']). */
  personNameVariables?: readonly string[];
}

/** A script version: its number, or the id of the stored version (a UUID). */
export type ScriptVersion = number | string;

export interface RenderOptions {
  scriptKey: string;
  version: ScriptVersion;
  /** The values interpolated into `text` (render cuts the text at them). */
  variables?: Readonly<Record<string, string>>;
  /** A recorded WAV to play instead of synthesising `text`. */
  recording?: string;
}

export interface PreparedScript { prompts: number; synthesised: number; ms: number }

type Source = 'memory' | 'disk' | 'synthesised';

/** Shared zeros the pauses between pieces are cut from (never written to). */
const SILENCE = new Int16Array(8000);

export class PromptCache {
  readonly stats = { memoryHits: 0, diskHits: 0, staticSyntheses: 0, valueSyntheses: 0, diskWriteErrors: 0 };
  private readonly dir: string;
  private readonly synthesise: NonNullable<PromptCacheOptions['synthesise']>;
  private readonly personNameVariables: ReadonlySet<string>;
  private readonly statics: LruCache<string, Int16Array>;
  private readonly values: LruCache<string, Int16Array>;
  private readonly inFlight = new Map<string, Promise<{ audio: Int16Array; source: Source }>>();

  constructor(o: PromptCacheOptions) {
    this.dir = o.dir;
    this.synthesise = o.synthesise ?? synthesisePrompt;
    this.personNameVariables = new Set(o.personNameVariables ?? ['name']);
    this.statics = new LruCache(o.memoryEntries ?? 500);
    this.values = new LruCache(o.memoryEntries ?? 500);
  }

  /**
   * Renders every static text of a script version (templates with ${…} are cut into their static
   * pieces) and keeps them in memory; recordings are read (and so checked) too.
   */
  async prepareScript(script: { key: string; version: ScriptVersion; texts: string[]; recordings?: string[] }): Promise<PreparedScript> {
    const started = performance.now();
    const pieces = [...new Set(script.texts.flatMap((text) => (text.includes('${') ? staticPieces(text) : [text])))];
    const sources = await Promise.all(pieces.map(async (text) => {
      const key = memoryKey(script.key, script.version, text);
      if (this.statics.get(key)) return 'memory';
      return (await this.loadStatic(key, script.key, script.version, text, false)).source;
    }));
    await Promise.all((script.recordings ?? []).map((path) => this.recordingAudio(path)));
    return { prompts: pieces.length, synthesised: sources.filter((s) => s === 'synthesised').length, ms: Math.round(performance.now() - started) };
  }

  /** The samples to play for an interpolated prompt text. The result is shared: do not modify it. */
  async render(text: string, o: RenderOptions): Promise<Int16Array> {
    const segments = await this.renderSegments(text, o);
    return segments.length === 1 ? segments[0]! : joinWithGaps(segments, []);
  }

  /**
   * The same samples as pieces to play back to back — the fixed parts, the values and the pauses
   * between them — so a call never copies audio to join it. The pieces are shared: do not modify them.
   */
  async renderSegments(text: string, o: RenderOptions): Promise<Int16Array[]> {
    if (o.recording !== undefined) return [await this.recordingAudio(o.recording)];
    const whole = this.statics.get(memoryKey(o.scriptKey, o.version, text));
    if (whole) {
      this.stats.memoryHits++;
      return [whole];
    }
    const pieces = splitAtValues(text, o.variables);
    const audio = await Promise.all(pieces.map((piece) => (piece.variable === null
      ? this.staticAudio(o.scriptKey, o.version, piece.text)
      : this.valueAudio(piece.text, this.personNameVariables.has(piece.variable)))));
    if (audio.length === 1) return [audio[0]!];
    // Each piece but the last loses its end pause: the join puts the pause of the marks around it.
    const segments: Int16Array[] = [];
    audio.forEach((clip, i) => {
      if (i + 1 === audio.length) { segments.push(clip); return; }
      segments.push(clip.subarray(0, soundEnd(clip)));
      const gap = msToSamples(joinPauseMs(pieces[i]!.original, pieces[i + 1]!.original));
      if (gap > 0) segments.push(SILENCE.subarray(0, Math.min(gap, SILENCE.length)));
    });
    return segments;
  }

  private async staticAudio(scriptKey: string, version: ScriptVersion, text: string): Promise<Int16Array> {
    const key = memoryKey(scriptKey, version, text);
    const cached = this.statics.get(key);
    if (cached) {
      this.stats.memoryHits++;
      return cached;
    }
    return (await this.loadStatic(key, scriptKey, version, text, true)).audio;
  }

  /** Disk, else synthesis (then disk); concurrent requests for the same text share one load. */
  private loadStatic(key: string, scriptKey: string, version: ScriptVersion, text: string, urgent: boolean): Promise<{ audio: Int16Array; source: Source }> {
    return this.shared(key, async () => {
      const file = join(this.dir, safeName(scriptKey, 'key-'), versionDirectory(version), `${sha256(toSpeakableChinese(text).trim())}.pcm`);
      const stored = await readPcmFile(file);
      if (stored) {
        this.stats.diskHits++;
        this.statics.set(key, stored);
        return { audio: stored, source: 'disk' };
      }
      const audio = this.clip(text, await this.synthesise(text, urgent ? { urgent } : {}));
      this.stats.staticSyntheses++;
      // Losing the disk copy costs a synthesis next time; failing the call would cost the call.
      await writePcmFile(file, audio).catch(() => { this.stats.diskWriteErrors++; });
      this.statics.set(key, audio);
      return { audio, source: 'synthesised' };
    });
  }

  /** A variable's value: synthesised into memory only — never written anywhere. */
  private async valueAudio(text: string, personName: boolean): Promise<Int16Array> {
    const key = `${personName ? 'name' : 'value'}\u0000${text}`;
    const cached = this.values.get(key);
    if (cached) return cached;
    const { audio } = await this.shared(key, async () => {
      const synthesised = this.clip(text, await this.synthesise(text, personName ? { personName: true, urgent: true } : { urgent: true }));
      this.stats.valueSyntheses++;
      this.values.set(key, synthesised);
      return { audio: synthesised, source: 'synthesised' as const };
    });
    return audio;
  }

  /** Speech without espeak-ng's own silences, then the pause that belongs after the text. */
  private clip(text: string, synthesised: Int16Array): Int16Array {
    const speech = trimToSpeech(synthesised);
    return speech.length === 0 ? speech : withTrailingSilence(speech, msToSamples(endPauseMs(text)));
  }

  private async recordingAudio(path: string): Promise<Int16Array> {
    const key = `recording\u0000${path}`;
    const cached = this.statics.get(key);
    if (cached) return cached;
    const { audio } = await this.shared(key, async () => {
      const samples = await readWavAs8k(path);
      this.statics.set(key, samples);
      return { audio: samples, source: 'disk' as const };
    });
    return audio;
  }

  private shared(key: string, load: () => Promise<{ audio: Int16Array; source: Source }>): Promise<{ audio: Int16Array; source: Source }> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = load().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}

const memoryKey = (scriptKey: string, version: ScriptVersion, text: string): string => `${scriptKey}\u0000${version}\u0000${text}`;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A name as a directory name: safe names as they are, anything else (../, /, …) hashed. */
function safeName(name: string, prefix: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(name) ? name : `${prefix}${sha256(name).slice(0, 24)}`;
}

function versionDirectory(version: ScriptVersion): string {
  if (typeof version === 'string') return `v${safeName(version, '-')}`;
  if (!Number.isSafeInteger(version) || version < 0) throw new TypeError(`script version must be a non-negative integer or an id, got ${version}`);
  return `v${version}`;
}
