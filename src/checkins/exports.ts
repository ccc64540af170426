/**
 * Excel exports of a venue's check-ins, made by a background job: the request is recorded (and
 * audited), the job (pg-boss queue checkin-export) writes the workbook into the export's row, and
 * the person who asked downloads it (audited) within 24 hours. Masked names only.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { requireActor, type Actor } from '../kernel/access.ts';
import { fileJobExpiry, fileJobs, findOwnFileJob, failureText, runFileJob, withoutRequester } from '../kernel/file-jobs.ts';
import { streamSheet } from '../kernel/spreadsheet.ts';
import type { Clock } from '../kernel/time.ts';
import { requireVenueStaff } from '../venues/service.ts';
import { checkinFail } from './errors.ts';
import { isValidWindow, type CheckinCursor, type CheckinMethod, type Colour } from './model.ts';
import {
  claimExport, countExportRows, findExport, findExportFile, findExportRows, finishExport, insertExport, type ExportRecord, type VenueCheckin,
} from './read-store.ts';
import type { CheckinDeps } from './service.ts';

export const MAX_EXPORT_ROWS = 100_000;
/** Rows read from the database at a time: an export never holds more than this in memory before writing it out. */
const PAGE = 5000;

export type ExportView = Omit<ExportRecord, 'requestedByAccountId'>;

/** The queue checkin-export (expired exports are deleted by the hourly check-in maintenance). */
export const checkinExports = fileJobs<{ db: DbOrTrx; clock: Clock }, { exportId: string }>({ name: 'checkin-export', run: (deps, work) => runExport(deps, work.exportId) });

export async function startExport(deps: CheckinDeps, actor: Actor | undefined, venueId: string, window: { from: Date; to: Date }): Promise<ExportView> {
  const venue = await requireVenueStaff(deps, actor, venueId);
  const staff = requireActor(actor);
  if (!isValidWindow(window.from, window.to)) throw checkinFail('CHECKIN_WINDOW_INVALID');
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await insertExport(trx, {
      id, venueId: venue.id, regionCode: venue.regionCode, requestedByAccountId: staff.accountId, windowFrom: window.from, windowTo: window.to,
      createdAt: now, expiresAt: fileJobExpiry(now),
    });
    await recordAudit(trx, staff, {
      action: 'checkin.export', targetType: 'venue', targetId: venue.id, regionCode: venue.regionCode, detail: { exportId: id, from: window.from, to: window.to },
    }, deps.clock);
  });
  await checkinExports.dispatch(deps, { exportId: id });
  return withoutRequester((await findExport(deps.db, id))!);
}

async function ownExport(deps: CheckinDeps, actor: Actor | undefined, id: string): Promise<ExportRecord> {
  const staff = requireActor(actor);
  const record = await findOwnFileJob(id, staff.accountId, deps.clock.now(), (exportId) => findExport(deps.db, exportId));
  if (!record) throw checkinFail('CHECKIN_EXPORT_NOT_FOUND');
  // Still one of the venue's staff (a guard unbound since asking gets nothing).
  await requireVenueStaff(deps, actor, record.venueId);
  return record;
}

export async function exportStatus(deps: CheckinDeps, actor: Actor | undefined, id: string): Promise<ExportView> {
  return withoutRequester(await ownExport(deps, actor, id));
}

export async function downloadExport(deps: CheckinDeps, actor: Actor | undefined, id: string): Promise<{ fileName: string; file: Buffer }> {
  const record = await ownExport(deps, actor, id);
  if (record.status === 'failed') throw checkinFail(record.error === 'too_large' ? 'CHECKIN_EXPORT_TOO_LARGE' : 'CHECKIN_EXPORT_NOT_FOUND');
  if (record.status !== 'done') throw checkinFail('CHECKIN_EXPORT_NOT_READY');
  const file = await findExportFile(deps.db, id);
  if (!file) throw checkinFail('CHECKIN_EXPORT_NOT_READY');
  await recordAudit(deps.db, actor!, {
    action: 'checkin.export.download', targetType: 'venue', targetId: record.venueId, regionCode: record.regionCode, detail: { exportId: id, rows: record.rowCount },
  }, deps.clock);
  return { fileName: `checkins-${record.venueId.slice(0, 8)}-${id.slice(0, 8)}.xlsx`, file };
}

const COLOUR_NAMES: Record<Colour, string> = { green: '绿码', yellow: '黄码', red: '红码' };
const METHOD_NAMES: Record<CheckinMethod, string> = { scan: '扫码登记', guard_code: '门岗扫码', guard_printed: '门岗扫关爱码', guard_id: '门岗证件登记' };

/** Asia/Shanghai wall time, 2026-11-28 09:30:05. */
function localTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const COLUMNS = [
  { header: '登记时间', key: 'at', width: 20 }, { header: '姓名（脱敏）', key: 'name', width: 14 }, { header: '健康码', key: 'colour', width: 10 },
  { header: '离开时间', key: 'leave', width: 20 }, { header: '主动离开', key: 'left', width: 10 }, { header: '登记方式', key: 'method', width: 14 },
  { header: '距场所（米）', key: 'distance', width: 12 }, { header: '超出范围', key: 'far', width: 10 },
];

/**
 * The sheet 登记记录: a header row, then one row per check-in, in the order given; streamed (rows
 * committed as written, the event loop gets turns). Returns the file and how many check-ins it holds.
 */
export async function buildWorkbook(rows: Iterable<VenueCheckin> | AsyncIterable<VenueCheckin>): Promise<{ file: Buffer; rows: number }> {
  const out = streamSheet('登记记录', COLUMNS.map(({ key, width }) => ({ key, width })));
  await out.addRow(COLUMNS.map((c) => c.header), { font: { bold: true } });
  let written = 0;
  for await (const r of rows) {
    await out.addRow({
      at: localTime(r.checkedInAt), name: r.nameMasked, colour: r.colour ? COLOUR_NAMES[r.colour] : '无码', leave: localTime(r.leaveAt),
      left: r.leftExplicitly ? '是' : '否', method: METHOD_NAMES[r.method], distance: r.distanceM ?? '', far: r.geofenceFar ? '是' : '否',
    });
    written++;
  }
  return { file: await out.finish(), rows: written };
}

/** The export's check-ins, oldest first, read page by page; no more than MAX_EXPORT_ROWS (check-ins keep arriving while it runs). */
async function* exportRows(db: DbOrTrx, record: ExportRecord): AsyncGenerator<VenueCheckin> {
  let after: CheckinCursor | undefined;
  let given = 0;
  for (;;) {
    const page = await findExportRows(db, record.venueId, { from: record.windowFrom, to: record.windowTo, after, limit: Math.min(PAGE, MAX_EXPORT_ROWS - given) });
    yield* page;
    given += page.length;
    if (page.length < PAGE || given >= MAX_EXPORT_ROWS) return;
    const last = page.at(-1)!;
    after = { at: last.checkedInAt, id: last.id };
  }
}

/** The job: makes the file of one export (once, even if delivered twice). */
export async function runExport(deps: { db: DbOrTrx; clock: Clock }, id: string): Promise<'done' | 'failed' | 'skipped'> {
  return runFileJob(() => claimExport(deps.db, id), async (record) => {
    if (await countExportRows(deps.db, record.venueId, record.windowFrom, record.windowTo, MAX_EXPORT_ROWS + 1) > MAX_EXPORT_ROWS) {
      await finishExport(deps.db, id, { error: 'too_large', at: deps.clock.now() });
      return 'failed';
    }
    const { file, rows } = await buildWorkbook(exportRows(deps.db, record));
    await finishExport(deps.db, id, { file, rowCount: rows, at: deps.clock.now() });
    return 'done';
  }, (error) => finishExport(deps.db, id, { error: failureText(error), at: deps.clock.now() }));
}
