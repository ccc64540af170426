/** Opaque keyset cursors of the callbot lists: base64url JSON of the last row's sort key. */
import { callbotFail } from '../errors.ts';

export interface Cursor {
  at?: string;
  id?: string;
  seq?: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    if (value.at !== undefined && Number.isNaN(Date.parse(value.at))) throw new Error('bad date');
    if (value.id !== undefined && !/^[0-9a-f-]{36}$/i.test(value.id)) throw new Error('bad id');
    if (value.seq !== undefined && !Number.isSafeInteger(value.seq)) throw new Error('bad seq');
    return value;
  } catch {
    throw callbotFail('CALLBOT_CURSOR_INVALID');
  }
}
