/**
 * Errors every capability throws: a stable code (documented in docs/errors.md), an HTTP status
 * and a message in Chinese and English. Each capability keeps its catalogue in its own errors.ts.
 */
export interface LocalizedMessage {
  zh: string;
  en: string;
}

export interface ErrorDefinition extends LocalizedMessage {
  status: number;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly details: unknown;

  constructor(code: string, definition: ErrorDefinition, details?: unknown) {
    super(`${code}: ${definition.en}`);
    this.name = 'AppError';
    this.code = code;
    this.status = definition.status;
    this.zh = definition.zh;
    this.en = definition.en;
    this.details = details;
  }
}

/** A catalogue whose keys are the error codes, so a code is spelled once. */
export type ErrorCatalogue<K extends string> = Record<K, ErrorDefinition>;

/** Builds a thrower for one catalogue: `fail('PERSON_NOT_FOUND')`. */
export function errorFactory<K extends string>(catalogue: ErrorCatalogue<K>) {
  return (code: K, details?: unknown): AppError => new AppError(code, catalogue[code], details);
}

export const kernelErrors = {
  VALIDATION_FAILED: { status: 400, zh: '提交的内容不符合要求', en: 'The request is not valid' },
  BODY_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  MALFORMED_BODY: { status: 400, zh: '提交的内容无法解析', en: 'The request body could not be parsed' },
  NOT_FOUND: { status: 404, zh: '找不到该资源', en: 'Not found' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} satisfies ErrorCatalogue<string>;

export const kernelFail = errorFactory(kernelErrors);
