/** What the server's error envelope `{ code, zh, en, details?, requestId }` becomes in the browser. */
import type { Locale } from './locale.ts';

export interface ErrorEnvelope {
  code: string;
  zh: string;
  en: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;
  readonly zh: string;
  readonly en: string;

  constructor(status: number, envelope: ErrorEnvelope, locale: Locale) {
    super(locale === 'zh-CN' ? envelope.zh : envelope.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = envelope.code;
    this.zh = envelope.zh;
    this.en = envelope.en;
    this.details = envelope.details;
    this.requestId = envelope.requestId;
  }

  /** The message in whichever language is showing now (the user may switch after the failure). */
  messageIn(locale: Locale): string {
    return locale === 'zh-CN' ? this.zh : this.en;
  }
}

export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.zh === 'string' && typeof b.en === 'string';
}

/** Failures that never reached our error plugin (network down, proxy error page) get one of these. */
export const NETWORK_ERROR: ErrorEnvelope = { code: 'NETWORK_ERROR', zh: '网络连接失败，请检查网络后重试', en: 'Could not reach the server; check your connection and try again' };
export const BAD_RESPONSE: ErrorEnvelope = { code: 'BAD_RESPONSE', zh: '服务器暂时无法处理，请稍后再试', en: 'The server could not handle this just now; try again later' };
