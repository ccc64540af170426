/**
 * What staff see of check-ins. Venue staff (requireVenueStaff: the venue's admins and guards, and
 * officials of its region): today by hour, the yellow/red alert feed, and a search by time window
 * (masked names only; the search is audited). Officials: volumes per district (counts only) and a
 * person's trajectory for a stated reason (audited with the reason, before anything is read).
 */
import { recordAudit } from '../audit/service.ts';
import { can, requireAccess, type Actor } from '../kernel/access.ts';
import { kernelFail } from '../kernel/errors.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay } from '../kernel/time.ts';
import { peopleFail } from '../people/errors.ts';
import { homeRegionOf, personLabelOf, type IdType } from '../people/service.ts';
import { lookupPerson, requireReason } from '../people/staff-service.ts';
import { coveredCodeRange, regionNames } from '../regions/service.ts';
import { requireVenueStaff } from '../venues/service.ts';
import { checkinFail } from './errors.ts';
import { encodeCursor, isValidWindow, RETENTION, type CheckinCursor } from './model.ts';
import { addDays } from './partitions/model.ts';
import { countVenueHours, findPersonCheckins, findVenueAlerts, findVenueCheckins, sumVolumes, type HourCount, type PersonCheckin, type VenueCheckin } from './read-store.ts';
import { pageOf, parseCursor, type CheckinDeps, type CheckinPage } from './service.ts';

/** The alert feed shows check-ins this old at the least, so one committed a moment late (a slow batch, another process's clock) is never skipped. */
export const ALERT_SETTLE_MS = 2_000;

export interface VenueToday {
  venue: { id: string; name: string; number: string };
  day: string;
  total: number;
  abnormal: number;
  noCode: number;
  geofenceFar: number;
  /** 24 entries, hour 0–23 (Asia/Shanghai). */
  hours: HourCount[];
}

export async function venueToday(deps: CheckinDeps, actor: Actor | undefined, venueId: string): Promise<VenueToday> {
  const venue = await requireVenueStaff(deps, actor, venueId);
  const day = shanghaiDay(deps.clock.now());
  const from = startOfShanghaiDay(day);
  const counted = new Map((await countVenueHours(deps.db, venue.id, from, new Date(from.getTime() + DAY_MS))).map((h) => [h.hour, h]));
  const hours = Array.from({ length: 24 }, (_, hour) => counted.get(hour) ?? { hour, checkins: 0, abnormal: 0, noCode: 0, geofenceFar: 0 });
  const sum = (k: keyof Omit<HourCount, 'hour'>) => hours.reduce((n, h) => n + h[k], 0);
  return {
    venue: { id: venue.id, name: venue.name, number: venue.number }, day,
    total: sum('checkins'), abnormal: sum('abnormal'), noCode: sum('noCode'), geofenceFar: sum('geofenceFar'), hours,
  };
}

export interface AlertFeed {
  items: VenueCheckin[];
  /** Pass as `since` on the next poll. */
  next: string;
}

/** Yellow and red check-ins since the cursor (default: the start of today), oldest first; poll with `next`. */
export async function venueAlerts(deps: CheckinDeps, actor: Actor | undefined, venueId: string, query: { since?: string; limit: number }): Promise<AlertFeed> {
  const venue = await requireVenueStaff(deps, actor, venueId);
  const now = deps.clock.now();
  const after: CheckinCursor = parseCursor(query.since) ?? { at: new Date(startOfShanghaiDay(shanghaiDay(now)).getTime() - 1), id: 0 };
  const items = await findVenueAlerts(deps.db, venue.id, { after, until: new Date(now.getTime() - ALERT_SETTLE_MS), limit: query.limit });
  const last = items[items.length - 1];
  return { items, next: encodeCursor(last ? { at: last.checkedInAt, id: last.id } : after) };
}

/** Who was at the venue in [from, to), newest first (keyset); audited, as a read of persons by staff. */
export async function searchVenueCheckins(
  deps: CheckinDeps, actor: Actor | undefined, venueId: string, query: { from: Date; to: Date; before?: string; limit: number },
): Promise<CheckinPage<VenueCheckin>> {
  const venue = await requireVenueStaff(deps, actor, venueId);
  if (!isValidWindow(query.from, query.to)) throw checkinFail('CHECKIN_WINDOW_INVALID');
  const before = parseCursor(query.before);
  await recordAudit(deps.db, actor!, {
    action: 'checkin.venue.search', targetType: 'venue', targetId: venue.id, regionCode: venue.regionCode,
    detail: { from: query.from, to: query.to, page: query.before ?? null },
  }, deps.clock);
  return pageOf(await findVenueCheckins(deps.db, venue.id, { from: query.from, to: query.to, before, limit: query.limit }), query.limit);
}

export interface RegionVolumes {
  regionCode: string;
  from: string;
  to: string;
  total: number;
  /** One entry per child region with check-ins (a district of a city, a street of a district). */
  parts: { regionCode: string; name: string; checkins: number }[];
}

const MAX_VOLUME_DAYS = 92;

function childLevelChars(code: string): number {
  const prefix = regionPrefix(code);
  return prefix.length === 2 ? 4 : prefix.length === 4 ? 6 : 9;
}

/** Check-ins per district (or per city of a province, per street of a district) over a day range; counts only. */
export async function regionVolumes(deps: CheckinDeps, actor: Actor | undefined, regionCode: string, query: { from: string; to: string }): Promise<RegionVolumes> {
  requireAccess(actor, 'checkin.stats', regionCode);
  if (query.from > query.to || addDays(query.from, MAX_VOLUME_DAYS) < query.to) throw checkinFail('CHECKIN_WINDOW_INVALID', { maxDays: MAX_VOLUME_DAYS });
  const chars = childLevelChars(regionCode);
  const groups = await sumVolumes(deps.db, { fromDay: query.from, toDay: query.to, range: coveredCodeRange(regionCode), groupChars: chars });
  const codeOf = (group: string) => (chars === 4 ? `${group}00` : group);
  const names = await regionNames(deps.db, groups.map((g) => codeOf(g.group)));
  const parts = groups.map((g) => ({ regionCode: codeOf(g.group), name: names.get(codeOf(g.group)) ?? codeOf(g.group), checkins: g.checkins }));
  return { regionCode, from: query.from, to: query.to, total: parts.reduce((n, p) => n + p.checkins, 0), parts };
}

export interface Trajectory extends CheckinPage<PersonCheckin> {
  person: { id: string; nameMasked: string; homeRegionCode: string };
}

export interface TrajectoryQuery {
  /** The person, from a case file; or, instead, idType + idNumber. */
  personId?: string;
  idType?: IdType;
  idNumber?: string;
  reason: string;
  from?: Date;
  to?: Date;
  before?: string;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A person's check-ins for a stated reason (health officials and community workers of the
 * person's home region); every page read is audited with the reason first. The person is named by
 * id or by ID document: the latter goes through the people capability's lookup (which validates
 * the number — a wrong check digit is said as such — and audits the lookup with the same reason),
 * so the first page found by number leaves two rows, the lookup and the read; the answer carries
 * the person id, which later pages send instead. Out-of-scope persons answer like missing ones.
 */
export async function personTrajectory(deps: CheckinDeps, actor: Actor | undefined, input: TrajectoryQuery): Promise<Trajectory> {
  const official = requireAccess(actor, 'checkin.trajectory');
  const reason = requireReason(input.reason);
  const byId = input.personId !== undefined && input.personId !== '';
  const byNumber = input.idNumber !== undefined && input.idNumber !== '';
  if (byId === byNumber || (byNumber && !input.idType)) throw kernelFail('VALIDATION_FAILED', { field: 'personId|idType+idNumber' });
  const now = deps.clock.now();
  const to = input.to ?? new Date(now.getTime() + DAY_MS);
  const from = input.from ?? new Date(now.getTime() - (RETENTION.max + 1) * DAY_MS);
  if (from.getTime() >= to.getTime()) throw checkinFail('CHECKIN_WINDOW_INVALID');
  const before = parseCursor(input.before);
  let personId: string;
  let home: string | undefined;
  if (byNumber) {
    const found = await lookupPerson(deps, official, { idType: input.idType!, idNumber: input.idNumber!, reason });
    personId = found.id;
    home = found.homeRegionCode;
  } else {
    personId = input.personId!;
    home = UUID.test(personId) ? await homeRegionOf(deps.db, personId) : undefined;
  }
  if (!home || !can(official, 'checkin.trajectory', home)) throw peopleFail('PERSON_NOT_FOUND');
  await recordAudit(deps.db, official, {
    action: 'checkin.trajectory', targetType: 'person', targetId: personId, regionCode: home, reason,
    // ISO strings: the audit log's canonical JSON would write a Date as {}.
    detail: { from: from.toISOString(), to: to.toISOString(), page: input.before ?? null, ...(byNumber ? { byIdNumber: input.idType } : {}) },
  }, deps.clock);
  const label = await personLabelOf(deps.db, personId);
  const page = pageOf(await findPersonCheckins(deps.db, personId, { from, to, before, limit: input.limit }), input.limit);
  return { ...page, person: { id: personId, nameMasked: label?.nameMasked ?? '*', homeRegionCode: home } };
}
