/**
 * Notice endpoints the console calls (src/notices/routes.ts): what I may publish to, publishing,
 * the list with search, a notice's counts, its recipients by state (masked names) and DING.
 */
import { request } from '../../common/request.ts';

export type RecipientState = 'all' | 'read' | 'unread' | 'confirmed' | 'unconfirmed';

export interface PublishOptions {
  regions: { code: string; name: string }[];
  organisations: { id: string; name: string; units: { id: string; name: string; parentId: string | null; kind: string }[] }[];
}

export type Audience = { kind: 'region'; regionCodes: string[] } | { kind: 'organisation'; organisationId: string; unitIds?: string[] };

export interface NoticeInput {
  title: string;
  body: string;
  askConfirm: boolean;
  link?: string | null;
  audience: Audience;
}

export interface StaffNotice {
  id: string;
  /** persons: listed members of the organisation (system notices such as the daily check-in reminder). */
  audienceKind: 'region' | 'organisation' | 'persons';
  /** staff: published by a staff member; daily_reminder: sent on the organisation's behalf. */
  kind: 'staff' | 'daily_reminder';
  /** The day a system notice is for. */
  day: string | null;
  actionLink: string | null;
  regionCode: string;
  targetRegionCodes: string[];
  organisationId: string | null;
  unitIds: string[] | null;
  title: string;
  body: string;
  link: string | null;
  askConfirm: boolean;
  senderLabel: string;
  sentByMe: boolean;
  status: 'fanning_out' | 'published';
  recipientCount: number;
  createdAt: string;
  publishedAt: string | null;
}

export interface NoticeDetail extends StaffNotice {
  counts: { total: number; read: number; unread: number; confirmed: number };
  canDing: boolean;
  lastDingAt: string | null;
  nextDingAt: string | null;
}

export interface Recipient { personId: string; nameMasked: string; homeRegionCode: string; readAt: string | null; confirmedAt: string | null; lastDingedAt: string | null }

export const TITLE_MAX = 100;
export const BODY_MAX = 2000;

export const publishOptions = () => request.get<PublishOptions>('/api/notices/options');
export const publishNotice = (input: NoticeInput) => request.post<StaffNotice>('/api/notices', input);
export const listNotices = (query: { q?: string; after?: string; limit?: number }) => request.get<{ items: StaffNotice[]; next: string | null }>('/api/notices', query);
export const readNotice = (id: string) => request.get<NoticeDetail>(`/api/notices/${encodeURIComponent(id)}`);
export const listRecipients = (id: string, query: { state: RecipientState; after?: string; limit?: number }) =>
  request.get<{ items: Recipient[]; next: string | null }>(`/api/notices/${encodeURIComponent(id)}/recipients`, query);
export const dingNotice = (id: string) => request.post<{ dingId: string; unread: number; nextDingAt: string }>(`/api/notices/${encodeURIComponent(id)}/ding`);
