/** The demo SMS gateway's outbox (sysadmin only): messages it kept instead of sending. */
import { request } from '../../common/request.ts';

export interface OutboxMessage {
  id: number;
  phoneMasked: string;
  body: string;
  createdAt: string;
}

export interface OutboxPage {
  items: OutboxMessage[];
  nextBeforeId: number | null;
}

export function listSmsOutbox(page: { limit?: number; beforeId?: number } = {}): Promise<OutboxPage> {
  return request.get('/api/sms/outbox', { limit: page.limit, beforeId: page.beforeId });
}
