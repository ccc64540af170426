/**
 * Venue exposure notices (场所暴露通知): a health official of the venue's region marks a venue and
 * a time window exposed; everyone whose check-in there overlapped the window is recorded with the
 * exposure and, when asked, notified in the same transaction (the notices capability's publishPersonsNotice) — the kind of
 * place and the time only. Officials list the exposures of their regions and, masked, the persons
 * of one (also as Excel: export-service.ts, kind exposure_persons). Marking is audited.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { colourViewsOf } from '../codes/colours/service.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireAccess, scopesFor, type Actor } from '../kernel/access.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { maskedLabelsOf } from '../people/service.ts';
import { regionNames } from '../regions/service.ts';
import { VENUE_KIND_NAMES, type VenueKind } from '../venues/service.ts';
import { tracingFail } from './errors.ts';
import { publishPersonsNotice } from '../notices/service.ts';
import {
  findExposure, findExposurePersonIds, findExposurePersons, findExposures, findVenueHead, insertExposure, insertExposurePersons, updateExposureOutcome, type ExposureRow,
} from './exposure-store.ts';
import { checkExposure, decodeTimeCursor, encodeTimeCursor, EXPOSURE_NOTICE_ACTION, exposureNoticeText, isUuid, normaliseNote } from './model/exposure.ts';
import type { TracingDeps } from './trace.ts';

type Deps = Pick<TracingDeps, 'db' | 'keyring' | 'clock' | 'notifications'>;

export interface VenueExposureView {
  id: string; venueId: string; venueName: string; venueKind: string; regionCode: string; from: Date; to: Date; note: string | null;
  persons: number; noticeId: string | null; createdAt: Date; createdByLabel: string;
}

function view(r: ExposureRow): VenueExposureView {
  return {
    id: r.id, venueId: r.venueId, venueName: r.venueName, venueKind: r.venueKind, regionCode: r.regionCode, from: r.fromAt, to: r.toAt, note: r.note,
    persons: r.persons, noticeId: r.noticeId, createdAt: r.createdAt, createdByLabel: r.createdByLabel,
  };
}

export interface ExposureInput { venueId: string; from: Date; to: Date; note?: string | null; notify: boolean }

/** The name the residents see as the notice's sender: the venue's district, as its epidemic-control office. */
async function senderLabelFor(deps: Deps, regionCode: string): Promise<string> {
  const district = regionCode.slice(0, 6);
  return `${(await regionNames(deps.db, [district])).get(district) ?? district}疫情防控`;
}

/**
 * Marks the venue exposed for [from, to): records who was there and, with `notify`, sends them
 * the notice. A bad window or note, or the same venue and window again, writes nothing.
 */
export async function markVenueExposure(deps: Deps, actor: Actor | undefined, input: ExposureInput): Promise<VenueExposureView> {
  const official = requireAccess(actor, 'tracing.manage');
  const venue = isUuid(input.venueId) ? await findVenueHead(deps.db, input.venueId) : undefined;
  if (!venue) throw tracingFail('TRACING_VENUE_NOT_FOUND');
  requireAccess(official, 'tracing.manage', venue.regionCode);
  const note = normaliseNote(input.note);
  const now = deps.clock.now();
  const check = checkExposure({ from: input.from, to: input.to, note }, now);
  if (!check.ok) throw tracingFail(check.code, { field: check.field });
  const senderLabel = await senderLabelFor(deps, venue.regionCode);
  const id = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    const inserted = await insertExposure(trx, {
      id, venueId: venue.id, regionCode: venue.regionCode, fromAt: input.from, toAt: input.to, note, createdAt: now,
      createdByAccountId: official.accountId, createdByLabel: official.label,
    });
    if (!inserted) throw tracingFail('TRACING_EXPOSURE_EXISTS');
    const persons = await insertExposurePersons(trx, { id, venueId: venue.id, fromAt: input.from, toAt: input.to });
    let noticeId: string | null = null;
    if (input.notify && persons > 0) {
      const text = exposureNoticeText(venue.kind, VENUE_KIND_NAMES[venue.kind as VenueKind] ?? '其他', { from: input.from, to: input.to });
      ({ noticeId } = await publishPersonsNotice(trx, deps, official, {
        regionCode: venue.regionCode, senderLabel, ...text, actionLink: EXPOSURE_NOTICE_ACTION,
        personIds: (after, limit) => findExposurePersonIds(trx, id, { after, limit }),
      }));
    }
    await updateExposureOutcome(trx, id, { persons, noticeId });
    await recordAudit(trx, official, {
      action: 'tracing.exposure.mark', targetType: 'venue', targetId: venue.id, regionCode: venue.regionCode,
      detail: { exposureId: id, from: input.from.toISOString(), to: input.to.toISOString(), persons, notify: input.notify, noticeId },
    }, deps.clock);
  });
  return view((await findExposure(deps.db, id))!);
}

/** The exposure, for an official of its region (403 outside it, 404 when there is none). */
export async function requireExposure(deps: Pick<Deps, 'db'>, actor: Actor | undefined, exposureId: string): Promise<VenueExposureView> {
  const official = requireAccess(actor, 'tracing.manage');
  const row = isUuid(exposureId) ? await findExposure(deps.db, exposureId) : undefined;
  if (!row) throw tracingFail('TRACING_EXPOSURE_NOT_FOUND');
  requireAccess(official, 'tracing.manage', row.regionCode);
  return view(row);
}

function cursorOf(raw: string | undefined): { at: Date; id: string } | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeTimeCursor(raw);
  if (!cursor) throw tracingFail('TRACING_CURSOR_INVALID');
  return cursor;
}

/** Exposures of my regions (or one of them), newest marked first. */
export async function listExposures(deps: Deps, actor: Actor | undefined, q: { regionCode?: string; after?: string; limit: number }): Promise<{ items: VenueExposureView[]; next: string | null }> {
  const official = requireAccess(actor, 'tracing.manage', q.regionCode);
  const prefixes = (q.regionCode ? [q.regionCode] : scopesFor(official, 'tracing.manage')).map(regionPrefix);
  const rows = await findExposures(deps.db, { prefixes, after: cursorOf(q.after), limit: q.limit });
  const last = rows.at(-1);
  return { items: rows.map(view), next: rows.length === q.limit && last ? encodeTimeCursor(last.createdAt, last.id) : null };
}

export interface ExposedPersonView { personId: string; nameMasked: string; phoneMasked: string | null; checkedInAt: Date; leaveAt: Date; colour: 'green' | 'yellow' | 'red' | null }

/** The persons who were there (masked, with their colour now), earliest arrival first. */
export async function listExposurePersons(deps: Deps, actor: Actor | undefined, exposureId: string, q: { after?: string; limit: number }): Promise<{ items: ExposedPersonView[]; next: string | null }> {
  const exposure = await requireExposure(deps, actor, exposureId);
  const rows = await findExposurePersons(deps.db, exposure.id, { after: cursorOf(q.after), limit: q.limit });
  const ids = rows.map((r) => r.personId);
  const labels = await maskedLabelsOf(deps.db, ids);
  const colours = await colourViewsOf(deps, ids);
  const items = rows.map((r) => ({
    personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', phoneMasked: labels.get(r.personId)?.phoneMasked ?? null,
    checkedInAt: r.checkedInAt, leaveAt: r.leaveAt, colour: colours.get(r.personId)?.colour ?? null,
  }));
  const last = rows.at(-1);
  return { items, next: rows.length === q.limit && last ? encodeTimeCursor(last.checkedInAt, last.personId) : null };
}
