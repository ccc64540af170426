/**
 * The chat channel of the screening robot (src/callbot/routes.ts, /api/callbot/chat/:token): no
 * session — the link's token is the capability (random, stored hashed, 2 hours, one attempt).
 * Starting again (a reload) answers the latest prompts.
 */
import { request } from '../../common/request.ts';
import type { CallResult } from '../../../src/callbot/dialogue/model.ts';

export interface ChatTurn {
  /** What the robot says now, in order. */
  say: string[];
  /** The call is over (the last of `say` is the closing). */
  done: boolean;
  /** The turn this answer belongs to; a reply names the next one, so a resent reply counts once. */
  turn: number;
  result?: CallResult;
}

const chat = (token: string) => `/api/callbot/chat/${encodeURIComponent(token)}`;

export function startChatCall(token: string): Promise<ChatTurn> {
  return request.post(`${chat(token)}/start`, {});
}
export function replyToChatCall(token: string, reply: { turn: number } & ({ text: string } | { silence: true })): Promise<ChatTurn> {
  return request.post(`${chat(token)}/reply`, reply);
}
