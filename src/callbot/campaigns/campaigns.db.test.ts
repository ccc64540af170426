import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { put, registeredResident, staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { tripAndReturn } from '../../monitoring/testing.ts';
import { BUNDLED_SCRIPTS } from '../scripts/templates/index.ts';
import { ensureBundledScripts } from './scripts-service.ts';
import { csvImport, newCampaign, templateId, xlsxFile } from './testing.ts';

// 2026-12-01 10:00 in Beijing.
const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
let t: TestPlatform;
let worker: Session;
let otherWorker: Session;
let official: Session;
let auditor: Session;
let scriptId: string;

const callees = (campaignId: string) => t.database.db.selectFrom('callbotCallees').selectAll().where('campaignId', '=', campaignId).orderBy('seq').execute();
const audits = (targetId: string) => t.database.db.selectFrom('auditLog').select('action').where('targetId', '=', targetId).orderBy('id').execute().then((r) => r.map((x) => x.action));

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  worker = await staffSession(t, 'cb-worker', 'community_worker', '330106');
  otherWorker = await staffSession(t, 'cb-worker-sc', 'community_worker', '330102');
  official = await staffSession(t, 'cb-official', 'health_official', '330100');
  auditor = await staffSession(t, 'cb-auditor', 'auditor', '330100');
  scriptId = await templateId(worker);
});
afterAll(async () => t.close());

describe('creating a campaign', () => {
  it('pins the script version, fills the community from the region when not given, starts as a draft (audited)', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId, variables: {} });
    expect(campaign).toMatchObject({ status: 'draft', regionCode: '330106', script: { id: scriptId, key: 'returnee-screening', version: 1 }, variables: { community: '西湖区' } });
    expect(campaign.counts.total).toBe(0);
    expect(await audits(campaign.id)).toEqual(['callbot.campaign.create']);
  });

  it.each([
    [{ windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }, 'CALLBOT_WINDOWS_INVALID'],
    [{ attemptsPerDay: 11 }, 'CALLBOT_ATTEMPTS_INVALID'],
    [{ retryIntervalMinutes: 2 }, 'CALLBOT_RETRY_INTERVAL_INVALID'],
    [{ endsOn: '2026-11-30' }, 'CALLBOT_ENDS_ON_INVALID'],
    [{ scriptId: '00000000-0000-4000-8000-000000000000' }, 'CALLBOT_SCRIPT_NOT_FOUND'],
    // The test platform has no FANGYI_SIP_TRUNK: no phone line to call through.
    [{ channel: 'sip' }, 'CALLBOT_CHANNEL_UNAVAILABLE'],
  ])('refuses %j with %s', async (change, code) => {
    const res = await worker.request({
      method: 'POST', url: '/api/callbot/campaigns',
      payload: { name: 'x', regionCode: '330106', scriptId, channel: 'simulated', windows: [{ start: '09:00', end: '12:00' }], attemptsPerDay: 3, retryIntervalMinutes: 30, endsOn: '2026-12-05', variables: {}, ...change },
    });
    expect(res.json().code).toBe(code);
  });

  it('offers 电话外呼 only when a SIP trunk is configured, and only to those who may create campaigns', async () => {
    const offered = async () => {
      const res = await worker.request({ method: 'GET', url: '/api/callbot/channels' });
      expect(res.statusCode).toBe(200);
      return Object.fromEntries(res.json().map((c: { channel: string; available: boolean }) => [c.channel, c.available]));
    };
    expect(await offered()).toEqual({ chat: true, simulated: true, sip: false });
    const before = process.env.FANGYI_SIP_TRUNK;
    process.env.FANGYI_SIP_TRUNK = '127.0.0.1:5090';
    try {
      expect(await offered()).toEqual({ chat: true, simulated: true, sip: true });
    } finally {
      if (before === undefined) delete process.env.FANGYI_SIP_TRUNK;
      else process.env.FANGYI_SIP_TRUNK = before;
    }
    expect((await auditor.request({ method: 'GET', url: '/api/callbot/channels' })).statusCode).toBe(403);
  });

  it('only in the actor\'s regions', async () => {
    const res = await worker.request({ method: 'POST', url: '/api/callbot/campaigns', payload: { name: 'x', regionCode: '330102', scriptId, channel: 'chat', windows: [{ start: '09:00', end: '12:00' }], attemptsPerDay: 1, retryIntervalMinutes: 30, endsOn: '2026-12-05' } });
    expect(res.statusCode).toBe(403);
    const byAuditor = await auditor.request({ method: 'POST', url: '/api/callbot/campaigns', payload: { name: 'x', regionCode: '330106', scriptId, channel: 'chat', windows: [{ start: '09:00', end: '12:00' }], attemptsPerDay: 1, retryIntervalMinutes: 30, endsOn: '2026-12-05' } });
    expect(byAuditor.statusCode).toBe(403);
  });
});

describe('importing callees', () => {
  it('from CSV: normalises numbers, rejects bad rows with their row numbers, merges duplicates, skips do-not-call numbers, matches residents', async () => {
    const resident = await registeredResident(t, '13900000001', '韩梅梅', '330106');
    const dnc = await worker.request({ method: 'POST', url: '/api/callbot/dnc', payload: { phone: '+86 137 0000 0009' } });
    expect(dnc.statusCode).toBe(201);
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const res = await csvImport(worker, campaign.id, [
      '姓名,电话,地址,标签,社区',
      '张三,138-0000-0001,文三路 8 号,老人;独居,330106',
      '李四,12345,,,', // row 3: bad phone
      '王五,+86 13800000001,,,', // row 4: the same number as row 2
      ',13800000002,,,', // row 5: no name
      '赵六,13700000009,,,', // row 6: do-not-call
      '韩梅梅,13900000001,,,',
      '钱七,0571-87654321-123,,,', // row 8: an extension
      '孙八,13800000003,,,330102', // row 9: a community outside the campaign's region
      '',
      '周九,(0571) 8765 4321,,,330106',
    ].join('\r\n'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 3, merged: 1, dnc: 1, rejectedCount: 4 });
    expect(body.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [3, 'CALLBOT_PHONE_INVALID'], [5, 'CALLBOT_NAME_REQUIRED'], [8, 'CALLBOT_PHONE_EXTENSION'], [9, 'CALLBOT_REGION_INVALID'],
    ]);
    expect(body.rejected[0].message.zh).toContain('电话号码');
    const rows = await callees(campaign.id);
    expect(rows.map((r) => [r.maskedName, r.maskedPhone, r.regionCode])).toEqual([['张*', '138****0001', '330106'], ['韩*梅', '139****0001', '330106'], ['周*', '057*****4321', '330106']]);
    expect(rows[0]!.tags).toEqual(['老人', '独居']);
    expect(rows[1]!.personId).toBe(resident.personId);
    expect(rows[0]!.personId).toBeNull();
    // Encrypted at rest: neither the name nor the number is in the row.
    expect(JSON.stringify(rows)).not.toMatch(/张三|13800000001|文三路/);
    expect(await audits(campaign.id)).toContain('callbot.callees.import');

    // A second import of the same people merges them all.
    const again = await csvImport(worker, campaign.id, '姓名,电话\n张三,13800000001\n周九,057187654321');
    expect(again.json()).toMatchObject({ accepted: 0, merged: 2, dnc: 0 });
  });

  it('from .xlsx with English headers and number cells', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const file = await xlsxFile([['Name', 'Phone', 'Tags'], ['Li Lei', 13811112222, 'vip'], ['韩梅', '1381111', ''], ['Li Lei again', '138 1111 2222', '']]);
    const res = await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/callees/import`, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: file });
    expect(res.json()).toMatchObject({ accepted: 1, merged: 1, dnc: 0, rejected: [{ row: 3, code: 'CALLBOT_PHONE_INVALID' }] });
    expect((await callees(campaign.id)).map((r) => r.maskedName)).toEqual(['L* L**']);
  });

  it('as a multipart form upload', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const boundary = 'xYz0123';
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n姓名,电话\r\n张三,13800000011\r\n--${boundary}--\r\n`);
    const res = await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/callees/import`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.json()).toMatchObject({ accepted: 1 });
  });

  it('writes nothing from a broken file or one without the columns', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const broken = await csvImport(worker, campaign.id, '姓名,电话\n张三,13800000021\n李四,"13800000022\n');
    expect(broken.json().code).toBe('CALLBOT_IMPORT_FILE_INVALID');
    const noHeader = await csvImport(worker, campaign.id, 'foo,bar\n张三,13800000021\n');
    expect(noHeader.json().code).toBe('CALLBOT_IMPORT_HEADER_MISSING');
    const junk = await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/callees/import`, headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]) });
    expect(junk.json().code).toBe('CALLBOT_IMPORT_FILE_INVALID');
    expect(await callees(campaign.id)).toEqual([]);
  });
});

describe('selecting callees from the registry', () => {
  it('adds the risk returnees under observation in the region, reading each person audited', async () => {
    const areas = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330108', level: 'high' }] });
    expect(areas.statusCode).toBe(200);
    const back = await registeredResident(t, '13900000101', '李返乡');
    await tripAndReturn(t, back, ['330108'], '2026-12-01');
    const stayed = await registeredResident(t, '13900000102', '王留守');
    await tripAndReturn(t, stayed, ['310101'], '2026-12-01');
    const campaign = await newCampaign(official, { regionCode: '330100', scriptId });
    const res = await official.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/callees/select`, payload: { source: 'risk_returnees' } });
    expect(res.json()).toEqual({ accepted: 1, merged: 0, dnc: 0, noPhone: 0 });
    const rows = await callees(campaign.id);
    expect(rows).toMatchObject([{ personId: back.personId, maskedName: '李*乡', regionCode: '330102', source: 'risk_returnees', tags: ['返乡'] }]);
    const reads = await t.database.db.selectFrom('auditLog').select(['action', 'reason']).where('targetId', '=', back.personId).where('action', '=', 'person.read').execute();
    expect(reads).toEqual([{ action: 'person.read', reason: `外呼任务「返乡摸排」` }]);
    const contacts = await official.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/callees/select`, payload: { source: 'close_contacts' } });
    expect(contacts.json()).toMatchObject({ accepted: 0 });
  });
});

describe('running a campaign', () => {
  it('start, pause, resume and stop (audited); stop cancels the pending callees', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const empty = await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/start` });
    expect(empty.json().code).toBe('CALLBOT_CAMPAIGN_EMPTY');
    await csvImport(worker, campaign.id, '姓名,电话\n甲,13800000031\n乙,13800000032');
    const step = async (s: Session, action: string) => s.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/${action}` });
    expect((await step(worker, 'start')).json()).toMatchObject({ status: 'running', startedAt: expect.any(String) });
    expect((await step(worker, 'resume')).json().code).toBe('CALLBOT_CAMPAIGN_STATE');
    expect((await step(worker, 'pause')).json()).toMatchObject({ status: 'paused' });
    expect((await step(worker, 'resume')).json()).toMatchObject({ status: 'running', pausedAt: null });
    const stopped = (await step(worker, 'stop')).json();
    expect(stopped).toMatchObject({ status: 'stopped', counts: { total: 2, cancelled: 2, pending: 0 } });
    expect((await step(worker, 'start')).json().code).toBe('CALLBOT_CAMPAIGN_STATE');
    expect(await audits(campaign.id)).toEqual([
      'callbot.campaign.create', 'callbot.callees.import', 'callbot.campaign.start', 'callbot.campaign.pause', 'callbot.campaign.resume', 'callbot.campaign.stop',
    ]);
    const imported = await csvImport(worker, campaign.id, '姓名,电话\n丙,13800000033');
    expect(imported.json().code).toBe('CALLBOT_CAMPAIGN_NOT_EDITABLE');
  });

  it('another street\'s worker finds nothing (404), an auditor reads but cannot change', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    await csvImport(worker, campaign.id, '姓名,电话\n甲,13800000041');
    for (const url of [`/api/callbot/campaigns/${campaign.id}`, `/api/callbot/campaigns/${campaign.id}/progress`, `/api/callbot/campaigns/${campaign.id}/callees`]) {
      expect((await otherWorker.request({ method: 'GET', url })).statusCode).toBe(404);
      expect((await auditor.request({ method: 'GET', url })).statusCode).toBe(200);
    }
    expect((await otherWorker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/start` })).statusCode).toBe(404);
    expect((await auditor.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/start` })).statusCode).toBe(403);
    const list = await otherWorker.request({ method: 'GET', url: '/api/callbot/campaigns' });
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(campaign.id);
    const mine = await worker.request({ method: 'GET', url: '/api/callbot/campaigns?limit=2' });
    expect(mine.json().items).toHaveLength(2);
    const next = await worker.request({ method: 'GET', url: `/api/callbot/campaigns?limit=2&cursor=${mine.json().next}` });
    expect(next.json().items.map((c: { id: string }) => c.id)).not.toContain(mine.json().items[0].id);
  });

  it('lists callees masked, keyset-paginated, and reports progress', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    await csvImport(worker, campaign.id, '姓名,电话\n张一,13800000051\n张二,13800000052\n张三丰,13800000053');
    const first = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}/callees?limit=2` })).json();
    expect(first.items.map((c: { maskedName: string }) => c.maskedName)).toEqual(['张*', '张*']);
    const second = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}/callees?limit=2&cursor=${first.next}` })).json();
    expect(second).toMatchObject({ items: [{ maskedName: '张*丰', maskedPhone: '138****0053', status: 'pending', result: null, attempts: 0 }], next: null });
    const progress = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}/progress` })).json();
    expect(progress).toMatchObject({ status: 'draft', total: 3, dialled: 0, pending: 3, completed: 0, failed: {} });
  });
});

describe('do-not-call list', () => {
  it('staff of the region add, list and remove numbers (audited); others do not see them', async () => {
    const added = await worker.request({ method: 'POST', url: '/api/callbot/dnc', payload: { phone: '13600000001' } });
    expect(added.json()).toMatchObject({ maskedPhone: '136****0001', regionCode: '330106', source: 'staff' });
    const bad = await worker.request({ method: 'POST', url: '/api/callbot/dnc', payload: { phone: '123' } });
    expect(bad.json().code).toBe('CALLBOT_PHONE_INVALID');
    const listed = (await worker.request({ method: 'GET', url: '/api/callbot/dnc' })).json();
    expect(listed.items.map((e: { maskedPhone: string }) => e.maskedPhone)).toContain('136****0001');
    expect((await otherWorker.request({ method: 'GET', url: '/api/callbot/dnc' })).json().items).toEqual([]);
    const id = added.json().id;
    expect((await otherWorker.request({ method: 'DELETE', url: `/api/callbot/dnc/${encodeURIComponent(id)}` })).statusCode).toBe(404);
    expect((await worker.request({ method: 'DELETE', url: `/api/callbot/dnc/${encodeURIComponent(id)}` })).json()).toEqual({ removed: true });
    expect((await worker.request({ method: 'DELETE', url: '/api/callbot/dnc', payload: { phone: '13600000001' } })).statusCode).toBe(404);
    expect(await audits(id)).toEqual(['callbot.dnc.add', 'callbot.dnc.remove']);
  });
});

describe('scripts', () => {
  it('a saved script adds the next version of its key; a campaign keeps the version it pinned; versions never change', async () => {
    const template = (await worker.request({ method: 'GET', url: `/api/callbot/scripts/${scriptId}` })).json();
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const edited = { ...template.script, name: '返乡人员摸排（西湖版）' };
    const saved = await worker.request({ method: 'POST', url: '/api/callbot/scripts', payload: { script: edited } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ key: 'returnee-screening', version: 2, regionCode: '330106', name: '返乡人员摸排（西湖版）' });
    const fresh = await worker.request({ method: 'POST', url: '/api/callbot/scripts', payload: { script: { ...template.script, key: 'xihu-notice' } } });
    expect(fresh.json()).toMatchObject({ key: 'xihu-notice', version: 1 });
    const invalid = await worker.request({ method: 'POST', url: '/api/callbot/scripts', payload: { script: { ...template.script, start: 'nowhere' } } });
    expect(invalid.json()).toMatchObject({ code: 'CALLBOT_SCRIPT_INVALID' });
    expect((await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}` })).json().script).toMatchObject({ id: scriptId, version: 1 });
    // Another street does not see this street's versions, only the bundled ones.
    const theirs = (await otherWorker.request({ method: 'GET', url: '/api/callbot/scripts' })).json().items.map((s: { id: string }) => s.id);
    expect(theirs).toContain(scriptId);
    expect(theirs).not.toContain(saved.json().id);
    expect((await otherWorker.request({ method: 'GET', url: `/api/callbot/scripts/${saved.json().id}` })).statusCode).toBe(404);
    await expect(t.database.db.updateTable('callbotScripts').set({ name: 'x' }).where('id', '=', scriptId).execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.deleteFrom('callbotScripts').where('id', '=', scriptId).execute()).rejects.toThrow(/append-only/);
  });
});

describe('bundled templates', () => {
  it('a release that changes a bundled template stores its text as the next version; templates offer it; pinned campaigns keep theirs', async () => {
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId });
    const template = BUNDLED_SCRIPTS.find((s) => s.key === 'returnee-screening')! as { closings: { normal: string } };
    const original = template.closings.normal;
    const ensureInTransaction = () => t.database.db.transaction().execute((trx) => ensureBundledScripts({ db: trx, clock }));
    const versions = () => t.database.db.selectFrom('callbotScripts').select(['version', 'regionCode']).where('key', '=', 'returnee-screening').orderBy('version').execute();
    const before = await versions();
    await ensureInTransaction();
    expect(await versions()).toEqual(before);
    template.closings.normal = '感谢您的配合，祝您健康！（新版）';
    try {
      await ensureInTransaction();
      await ensureInTransaction();
      const after = await versions();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toEqual({ version: Math.max(...before.map((v) => v.version)) + 1, regionCode: '000000' });
      const offered = (await worker.request({ method: 'GET', url: '/api/callbot/templates' })).json().find((x: { key: string }) => x.key === 'returnee-screening');
      expect(offered.scriptId).not.toBe(scriptId);
      expect(offered.script.closings.normal).toBe('感谢您的配合，祝您健康！（新版）');
    } finally {
      template.closings.normal = original;
    }
    expect((await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}` })).json().script).toMatchObject({ id: scriptId, version: 1 });
  });
});
