/** Notices (疫情通知): pure rules — input checks, audiences, cursors, the DING interval. */
import { regionPrefix } from '../kernel/regions-scope.ts';

export const TITLE_MAX = 100;
export const BODY_MAX = 2000;
export const LINK_MAX = 500;
export const ACTION_LINK_MAX = 500;
/** 'staff': published by a staff member; the others are system notices sent on an organisation's behalf (no staff account). */
export const NOTICE_KINDS = ['staff', 'daily_reminder'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type SystemNoticeKind = Exclude<NoticeKind, 'staff'>;
/** Recipients written per fan-out step (one transaction each). */
export const FANOUT_BATCH = 5000;
/** Recipients written inside the publishing request (smaller audiences are complete when it answers). */
export const FANOUT_INLINE_BATCH = 2000;
/** Unread recipients handled per DING step. */
export const DING_BATCH = 1000;
export const DING_INTERVAL_MS = 3_600_000;
export const RECIPIENT_STATES = ['all', 'read', 'unread', 'confirmed', 'unconfirmed'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export type Audience =
  | { kind: 'region'; regionCodes: string[] }
  | { kind: 'organisation'; organisationId: string; unitIds?: string[] };

export interface NoticeInput {
  title: string;
  body: string;
  askConfirm: boolean;
  link?: string | null;
  /** An in-app action: a relative /m/ path (e.g. /m/orgs/<id>/daily). */
  actionLink?: string | null;
  audience: Audience;
}

export interface CheckedNotice {
  title: string;
  body: string;
  askConfirm: boolean;
  link: string | null;
  actionLink: string | null;
}

/**
 * Trims and checks title, body (plain text, ≤ 2000 characters), the optional http(s) link and the
 * optional in-app action link (a relative /m/ path); the first bad field or the checked values.
 */
export function checkNotice(input: Pick<NoticeInput, 'title' | 'body' | 'askConfirm' | 'link' | 'actionLink'>): { field: string } | CheckedNotice {
  const title = input.title.trim();
  const body = input.body.replace(/\r\n/g, '\n').trim();
  if (title.length < 1 || title.length > TITLE_MAX) return { field: 'title' };
  if (body.length < 1 || [...body].length > BODY_MAX) return { field: 'body' };
  const link = input.link?.trim() || null;
  if (link !== null) {
    if (link.length > LINK_MAX || !/^https?:\/\/[^\s<>"]+$/i.test(link)) return { field: 'link' };
  }
  const actionLink = input.actionLink?.trim() || null;
  if (actionLink !== null && !isActionLink(actionLink)) return { field: 'actionLink' };
  return { title, body, askConfirm: input.askConfirm, link, actionLink };
}

/**
 * An in-app action link: a path of the resident app (/m/…) with an optional query, no host, no
 * "//", no "..", no fragment, at most 500 characters (the table checks the same).
 */
export function isActionLink(link: string): boolean {
  return link.length <= ACTION_LINK_MAX && /^\/m\/[A-Za-z0-9._~/?=&%-]*$/.test(link) && !link.includes('//') && !link.includes('..');
}

/**
 * The action link as one recipient follows it: `personId` set to the person the notice is
 * addressed to (myself or a bound dependant), the convention of /m/ pages that act for either.
 */
export function actionLinkFor(link: string, personId: string): string {
  const [path, query = ''] = link.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('personId', personId);
  return `${path}?${params.toString()}`;
}

/** Drops codes covered by another chosen code (a city and one of its districts → the city). */
export function normaliseRegions(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((c) => !unique.some((o) => o !== c && c.startsWith(regionPrefix(o)))).sort();
}

/** The smallest region code containing all the codes (GB/T 2260 levels: province, city, district, street). */
export function commonRegion(codes: readonly string[]): string {
  if (codes.length === 0) return '000000';
  const prefixes = codes.map(regionPrefix);
  let common = prefixes[0]!;
  for (const p of prefixes.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, i);
  }
  if (common.length >= 9 && codes.length === 1) return codes[0]!;
  if (common.length >= 6) return common.slice(0, 6);
  if (common.length >= 4) return `${common.slice(0, 4)}00`;
  if (common.length >= 2) return `${common.slice(0, 2)}0000`;
  return '000000';
}

/** Whether another DING may be sent, and from when. */
export function nextDingAt(lastDingAt: Date | null): Date | null {
  return lastDingAt === null ? null : new Date(lastDingAt.getTime() + DING_INTERVAL_MS);
}

export function dingAllowed(lastDingAt: Date | null, now: Date): boolean {
  const next = nextDingAt(lastDingAt);
  return next === null || now.getTime() >= next.getTime();
}

/** Escapes LIKE wildcards so a search term is matched literally. */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function excerpt(body: string, length = 60): string {
  const chars = [...body.replace(/\s+/g, ' ')];
  return chars.length <= length ? chars.join('') : `${chars.slice(0, length).join('')}…`;
}

/** Keyset cursor over (created_at desc, id): base64url of "ISO|id". */
export function encodeListCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeListCursor(raw: string): { at: Date; id: string } | undefined {
  const [iso, id] = Buffer.from(raw, 'base64url').toString().split('|');
  if (!iso || !id || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? undefined : { at, id };
}

/** The fan-out cursor of a region audience: "home region|person id". */
export function encodeRegionCursor(row: { homeRegionCode: string; id: string }): string {
  return `${row.homeRegionCode}|${row.id}`;
}

export function decodeRegionCursor(raw: string | null): { regionCode: string; id: string } | undefined {
  if (!raw) return undefined;
  const [regionCode, id] = raw.split('|');
  return regionCode && id ? { regionCode, id } : undefined;
}

export const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Keyset cursor of a resident's list over (created_at, notice id, person id), all descending. */
export function encodeResidentCursor(at: Date, id: string, personId: string): string {
  return Buffer.from(`${at.toISOString()}|${id}|${personId}`).toString('base64url');
}

export function decodeResidentCursor(raw: string): { at: Date; id: string; personId: string } | undefined {
  const [iso, id, personId] = Buffer.from(raw, 'base64url').toString().split('|');
  if (!iso || !id || !personId || !isUuid(id) || !isUuid(personId)) return undefined;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? undefined : { at, id, personId };
}
