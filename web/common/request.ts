/**
 * The one request client both apps use (style habit 10). JSON in and out, the session cookie
 * travels by itself (same origin), changing requests echo the `fy_csrf` cookie in
 * `x-csrf-token` (the server's double-submit check), and a failure always becomes an ApiError
 * carrying the server's code and its message in the language on screen.
 */
import { currentLocale, type Locale } from './locale.ts';
import { ApiError, BAD_RESPONSE, isErrorEnvelope, NETWORK_ERROR } from './http-error.ts';

export const CSRF_COOKIE = 'fy_csrf';
const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestClientOptions {
  /** Empty in the browser (same origin); a full origin in tests that talk to a real server. */
  baseUrl?: string;
  readCookie?: (name: string) => string | undefined;
  locale?: () => Locale;
}

export function readDocumentCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function createRequestClient(options: RequestClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const readCookie = options.readCookie ?? readDocumentCookie;
  const locale = options.locale ?? (() => currentLocale.value);

  /** `file`: a raw body (an uploaded spreadsheet) sent as is with its content type, instead of JSON. */
  async function send<T>(method: string, path: string, body?: unknown, query?: Query, extraHeaders?: Record<string, string>, file?: { data: Blob; type: string }): Promise<T> {
    const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json', 'accept-language': locale() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (file) headers['content-type'] = file.type;
    if (CHANGING_METHODS.has(method)) {
      const csrf = readCookie(CSRF_COOKIE);
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    let response: Response;
    try {
      response = await fetch(baseUrl + withQuery(path, query), {
        method, headers, credentials: 'same-origin', body: file ? file.data : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR, locale());
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    throw new ApiError(response.status, isErrorEnvelope(parsed) ? parsed : BAD_RESPONSE, locale());
  }

  return {
    get: <T>(path: string, query?: Query) => send<T>('GET', path, undefined, query),
    /** `headers`: extra request headers, e.g. the Idempotency-Key of a check-in. */
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => send<T>('POST', path, body, undefined, headers),
    put: <T>(path: string, body?: unknown) => send<T>('PUT', path, body),
    patch: <T>(path: string, body?: unknown) => send<T>('PATCH', path, body),
    delete: <T>(path: string) => send<T>('DELETE', path),
    /** POSTs a file as the raw request body (e.g. an .xlsx import) with its content type; answers and fails like the others. */
    upload: <T>(path: string, file: Blob, type: string, query?: Query) => send<T>('POST', path, undefined, query, undefined, { data: file, type }),
  };
}

export type RequestClient = ReturnType<typeof createRequestClient>;

/** The browser's client: same origin, cookies from document.cookie, language from the locale store. */
export const request = createRequestClient();
