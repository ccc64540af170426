/**
 * Why a prompt could not be made. Internal to the telephony side (never an HTTP answer), so these
 * are plain errors with a stable `code` rather than entries of src/callbot/errors.ts.
 */

/** A tool the prompts need is not installed: the message says which and how to get it. */
export class TtsUnavailableError extends Error {
  readonly code = 'CALLBOT_TTS_UNAVAILABLE';
  readonly tool: string;

  constructor(tool: string, cause?: unknown) {
    super(`${tool} is not installed or not on PATH: Mandarin prompts need espeak-ng (with the cmn-latn-pinyin voice) and sox — on Debian/Ubuntu: apt-get install espeak-ng sox`, { cause });
    this.name = 'TtsUnavailableError';
    this.tool = tool;
  }
}

/** A tool ran but failed (exit code, signal, timeout, unreadable audio). */
export class TtsFailedError extends Error {
  readonly code = 'CALLBOT_TTS_FAILED';

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'TtsFailedError';
  }
}
