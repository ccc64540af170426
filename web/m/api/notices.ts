/**
 * Notice endpoints the resident app calls (src/notices/routes.ts): my notices and my dependants',
 * the unread count for the badge, open (the read receipt at the first open) and 收到. Dates arrive
 * as ISO strings.
 */
import { request } from '../../common/request.ts';

export interface MyNotice {
  id: string;
  personId: string;
  /** Masked name of the dependant the notice is addressed to; null: to me. */
  forDependant: string | null;
  title: string;
  excerpt: string;
  senderLabel: string;
  askConfirm: boolean;
  createdAt: string;
  readAt: string | null;
  confirmedAt: string | null;
}

export interface MyNoticeDetail extends MyNotice {
  body: string;
  link: string | null;
  /** staff: published by a staff member; daily_reminder: the daily check-in reminder sent on the organisation's behalf. */
  kind: 'staff' | 'daily_reminder';
  /** In-app action for this recipient: a /m/ path with ?personId= (e.g. the organisation's daily check-in form), or null. */
  actionLink: string | null;
}

/** The resident app's route of an action link (/m/… without the app's base), or null for anything else. */
export function actionRoute(actionLink: string | null): string | null {
  return actionLink && actionLink.startsWith('/m/') && !actionLink.includes('//') ? actionLink.slice(2) : null;
}

export function fetchMyNotices(after?: string): Promise<{ items: MyNotice[]; next: string | null; unread: number }> {
  return request.get('/api/notices/mine', { after, limit: 20 });
}

export async function fetchUnreadNotices(): Promise<number> {
  return (await request.get<{ unread: number }>('/api/notices/mine/unread')).unread;
}

export function openNotice(id: string, personId?: string): Promise<MyNoticeDetail> {
  return request.post(`/api/notices/mine/${encodeURIComponent(id)}/open`, personId ? { personId } : {});
}

export function confirmNotice(id: string, personId: string): Promise<MyNoticeDetail> {
  return request.post(`/api/notices/mine/${encodeURIComponent(id)}/confirm`, { personId });
}
