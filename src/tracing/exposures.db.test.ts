import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { setTracingSender } from './jobs.ts';
import { bj, townPeople, townVenue, visit } from './testing.ts';

/*
 * Venue exposures over HTTP. The clock is 2026-03-10 12:00 in Beijing; 路口超市 is marked exposed
 * for 3月9日 10:30–12:00. Who overlapped it (checked in before 12:00 and left after 10:30) is
 * stated with each visit below.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
let worker: Session;
let resident: Resident;
let p: Record<string, string>;
let shop: string;
let other: string;
const window = { from: bj('2026-03-09 10:30').toISOString(), to: bj('2026-03-09 12:00').toISOString() };

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'exposure-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'exposure-nb', 'health_official', '330200');
  worker = await staffSession(t, 'exposure-worker', 'community_worker', '330106004');
  resident = await registeredResident(t, '13855550901', '林静', '330106');
  p = await townPeople(t, ['甲一', '乙二', '丙三', '丁四', '戊五', '己六', '庚七']);
  shop = await townVenue(t, '路口超市', 'shop', 30);
  other = await townVenue(t, '隔壁饭店', 'restaurant', 90);
  await visit(t, p.甲一!, shop, '2026-03-09 10:00', { minutes: 30 }); // left exactly at 10:30: touching, no
  await visit(t, p.乙二!, shop, '2026-03-09 10:00', { leftAt: '2026-03-09 10:31' }); // one minute inside
  await visit(t, p.乙二!, shop, '2026-03-09 11:40', { leftAt: '2026-03-09 11:50' }); // again: still one person
  await visit(t, p.丙三!, shop, '2026-03-09 11:00', { minutes: 30 }); // inside
  await visit(t, p.丁四!, shop, '2026-03-09 12:00', { minutes: 30 }); // came exactly at 12:00: no
  await visit(t, p.戊五!, shop, '2026-03-09 11:59', { leftAt: '2026-03-09 12:10' }); // came just before the end
  await visit(t, p.己六!, other, '2026-03-09 11:00', { minutes: 30 }); // another venue: no
  await visit(t, p.庚七!, shop, '2026-03-08 23:00', { leftAt: '2026-03-09 10:45' }); // a long stay from the evening before
  await visit(t, resident.personId, shop, '2026-03-09 11:10', { minutes: 30 }); // a resident with the app: sees the notice
}, 60_000);
afterAll(async () => t.close());

const counts = async () => ({
  exposures: (await t.database.db.selectFrom('venueExposures').select('id').execute()).length,
  notices: (await t.database.db.selectFrom('notices').select('id').execute()).length,
});

describe('marking a venue exposed', () => {
  let exposureId: string;
  let noticeId: string;

  it('records exactly the persons whose check-ins overlapped the window and notifies them', async () => {
    const res = await official.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: shop, ...window, note: '病例于该时段在店内购物', notify: true } });
    expect(res.statusCode, res.body).toBe(201);
    const exposure = res.json();
    expect(exposure).toMatchObject({ venueId: shop, venueName: '路口超市', venueKind: 'shop', regionCode: '330106004', ...window, note: '病例于该时段在店内购物', persons: 5, createdByLabel: 'exposure-official' });
    exposureId = exposure.id;
    noticeId = exposure.noticeId;
    expect(noticeId).toEqual(expect.any(String));
    const recipients = await t.database.db.selectFrom('noticeRecipients').select('personId').where('noticeId', '=', noticeId).execute();
    expect(recipients.map((r) => r.personId).sort()).toEqual([p.乙二, p.丙三, p.戊五, p.庚七, resident.personId].sort());
    const notice = await t.database.db.selectFrom('notices').select(['title', 'body', 'recipientCount', 'status', 'audienceKind', 'senderLabel', 'actionLink']).where('id', '=', noticeId).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ recipientCount: 5, status: 'published', audienceKind: 'persons', senderLabel: '浙江省杭州市西湖区疫情防控', actionLink: '/m/declare' });
    expect(notice.body).toContain('2026年3月9日 10:30 至 2026年3月9日 12:00');
    expect(notice.body).toContain('类型：商超');
    expect(notice.body).toContain('9 Mar 2026 10:30 and 9 Mar 2026 12:00 (Beijing time), a shop');
    expect(notice.body).toContain('health declaration');
    // Never who the case was, nor which venue, nor the official's note.
    expect(notice.body).not.toMatch(/路口超市|病例于|甲|exposure-official/);
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'targetId', 'regionCode']).where('action', '=', 'tracing.exposure.mark').execute();
    expect(audit).toEqual([{ action: 'tracing.exposure.mark', targetId: shop, regionCode: '330106004' }]);
  });

  it('reaches the resident through their notices', async () => {
    const mine = await resident.session.request({ method: 'GET', url: '/api/notices/mine' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ id: noticeId, title: '场所暴露提示 / Venue exposure alert', senderLabel: '浙江省杭州市西湖区疫情防控', readAt: null })]);
    const opened = await resident.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: {} });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().actionLink).toBe(`/m/declare?personId=${resident.personId}`);
  });

  it('is in the region staff\'s notices, and opens for them (it has no organisation); not for another city', async () => {
    const read = await official.request({ method: 'GET', url: `/api/notices/${noticeId}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: noticeId, audienceKind: 'persons', recipientCount: 5 });
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/notices/${noticeId}` })).statusCode).toBe(404);
  });

  it('lists the exposure and its persons, masked, earliest arrival first, page by page', async () => {
    const list = await official.request({ method: 'GET', url: '/api/tracing/exposures' });
    expect(list.json()).toEqual({ items: [expect.objectContaining({ id: exposureId, persons: 5, noticeId })], next: null });
    const first = await official.request({ method: 'GET', url: `/api/tracing/exposures/${exposureId}/persons?limit=3` });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toEqual([
      { personId: p.庚七, nameMasked: '庚*', phoneMasked: null, checkedInAt: bj('2026-03-08 23:00').toISOString(), leaveAt: bj('2026-03-09 10:45').toISOString(), colour: null },
      expect.objectContaining({ personId: p.乙二, nameMasked: '乙*', checkedInAt: bj('2026-03-09 10:00').toISOString(), leaveAt: bj('2026-03-09 11:50').toISOString() }),
      expect.objectContaining({ personId: p.丙三, checkedInAt: bj('2026-03-09 11:00').toISOString() }),
    ]);
    const second = await official.request({ method: 'GET', url: `/api/tracing/exposures/${exposureId}/persons?limit=3&after=${first.json().next}` });
    expect(second.json().items.map((i: { personId: string }) => i.personId)).toEqual([resident.personId, p.戊五]);
    expect(second.json().next).toBeNull();
    expect((await official.request({ method: 'GET', url: `/api/tracing/exposures/${exposureId}/persons?after=bm9wZQ` })).json().code).toBe('TRACING_CURSOR_INVALID');
  });

  it('exports the persons to Excel, the same rows as the list', async () => {
    const started = await official.request({ method: 'POST', url: '/api/tracing/exports', payload: { kind: 'exposure_persons', exposureId } });
    expect(started.statusCode, started.body).toBe(202);
    let status = started.json();
    for (let i = 0; i < 100 && !['done', 'failed'].includes(status.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await official.request({ method: 'GET', url: `/api/tracing/exports/${status.id}` })).json();
    }
    expect(status).toMatchObject({ status: 'done', rowCount: 5, total: 5, processed: 5, error: null });
    const file = await official.request({ method: 'GET', url: `/api/tracing/exports/${status.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('场所暴露人员导出-20260310-1200.xlsx')}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('场所暴露人员')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['姓名', '手机号', '到场时间', '离开时间', '健康码']);
    expect(rows.slice(1)).toEqual([
      ['庚*', undefined, '2026-03-08 23:00', '2026-03-09 10:45', '无码'], ['乙*', undefined, '2026-03-09 10:00', '2026-03-09 11:50', '无码'],
      ['丙*', undefined, '2026-03-09 11:00', '2026-03-09 11:30', '无码'], ['林*', '138****0901', '2026-03-09 11:10', '2026-03-09 11:40', '无码'],
      ['戊*', undefined, '2026-03-09 11:59', '2026-03-09 12:10', '无码'],
    ]);
  });

  it('marks without notifying when asked, and refuses the same window twice', async () => {
    const quiet = await official.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: other, ...window, notify: false } });
    expect(quiet.statusCode, quiet.body).toBe(201);
    expect(quiet.json()).toMatchObject({ persons: 1, noticeId: null, note: null });
    const before = await counts();
    const again = await official.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: shop, ...window, notify: true } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TRACING_EXPOSURE_EXISTS');
    expect(await counts()).toEqual(before);
  });
});

describe('what a marking must satisfy', () => {
  it('refuses bad windows and notes with clear codes and writes nothing', async () => {
    const before = await counts();
    const post = (payload: Record<string, unknown>) => official.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: shop, notify: true, ...payload } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ from: window.to, to: window.from }, 'TRACING_EXPOSURE_WINDOW_ORDER', 'to'],
      [{ from: window.from, to: window.from }, 'TRACING_EXPOSURE_WINDOW_ORDER', 'to'],
      [{ from: bj('2026-03-10 11:00').toISOString(), to: bj('2026-03-10 12:01').toISOString() }, 'TRACING_EXPOSURE_WINDOW_FUTURE', 'to'],
      [{ from: bj('2026-02-20 10:00').toISOString(), to: bj('2026-03-06 10:01').toISOString() }, 'TRACING_EXPOSURE_WINDOW_TOO_LONG', 'from'],
      [{ ...window, note: '字'.repeat(201) }, 'TRACING_EXPOSURE_NOTE_TOO_LONG', 'note'],
    ];
    for (const [payload, code, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, code).toBe(400);
      expect(res.json()).toMatchObject({ code, zh: expect.any(String), en: expect.any(String), details: { field } });
    }
    // Exactly 14 days, ending now, is allowed (and nobody was there then).
    const longest = await post({ from: bj('2026-02-24 12:00').toISOString(), to: bj('2026-03-10 12:00').toISOString(), venueId: other, notify: true });
    expect(longest.statusCode, longest.body).toBe(201);
    expect(longest.json()).toMatchObject({ persons: 1, noticeId: expect.any(String) });
    expect(await counts()).toEqual({ exposures: before.exposures + 1, notices: before.notices + 1 });
  });

  it('is for health officials of the venue\'s region only', async () => {
    const before = await counts();
    const outside = await ningboOfficial.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: shop, ...window, notify: true } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('FORBIDDEN');
    expect((await worker.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: shop, ...window, notify: true } })).statusCode).toBe(403);
    const unknown = await official.request({ method: 'POST', url: '/api/tracing/exposures', payload: { venueId: '00000000-0000-4000-8000-000000000000', ...window, notify: true } });
    expect(unknown.json().code).toBe('TRACING_VENUE_NOT_FOUND');
    expect(await counts()).toEqual(before);
    const [{ id }] = (await official.request({ method: 'GET', url: '/api/tracing/exposures?limit=1' })).json().items;
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/tracing/exposures/${id}/persons` })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/tracing/exposures' })).json().items).toEqual([]);
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/tracing/exposures?regionCode=330106' })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'POST', url: '/api/tracing/exports', payload: { kind: 'exposure_persons', exposureId: id } })).statusCode).toBe(403);
  });
});
