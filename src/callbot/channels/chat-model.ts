/** The chat channel's requests and answers (pure; the page's API client mirrors these). */
import type { CallResult, HeardInput } from '../dialogue/model.ts';

export const CHAT_LINK_HOURS = 2;
export const HOUR_MS = 3_600_000;
export const MAX_CHAT_REPLY_CHARS = 200;

export interface ChatReply {
  /** 1 for the first answer, 2 for the next …: a retried request with the same number is answered again, not advanced. */
  turn?: number;
  text?: string;
  silence?: true;
}

export interface ChatAnswer {
  say: string[];
  done: boolean;
  /** The turn number this answer belongs to (0: the opening); send turn + 1 with the next reply. */
  turn: number;
  result?: CallResult;
}

export function checkChatReply(reply: ChatReply): { ok: true; heard: HeardInput } | { ok: false } {
  if (reply.silence === true && (reply.text === undefined || reply.text.trim() === '')) return { ok: true, heard: { kind: 'silence' } };
  const text = (reply.text ?? '').trim();
  if (text === '' || Array.from(text).length > MAX_CHAT_REPLY_CHARS) return { ok: false };
  return { ok: true, heard: /^[0-9*#]+$/.test(text) ? { kind: 'digits', digits: text } : { kind: 'speech', text } };
}
