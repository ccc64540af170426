import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, signInResidentSession, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { registerPeopleBulk } from '../people/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { approvedVenue, checkIn, XIXI } from './testing.ts';

/*
 * 行程轨迹 by ID number: an official knows a person's document, not our person id. The lookup goes
 * through the people capability (validated, audited with the reason); the person must live in the
 * official's regions, and one who does not is answered exactly like one who does not exist.
 */
let t: TestPlatform;
let official: Session;
let admin: Session;
/** 林夏, of 西湖区, with one check-in at 轨迹超市. */
const LIN_ID = residentId('330106', '19900202', '071');
let linPersonId: string;
/** 宁波 海曙区: outside a 杭州 official's regions. */
const NINGBO_ID = residentId('330203', '19900303', '072');

const audits = (action: string) => t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'reason', 'regionCode', 'detail'])
  .where('action', '=', action).orderBy('id').execute();
const trajectory = (payload: Record<string, unknown>) => official.request({ method: 'POST', url: '/api/checkins/trajectory', payload });
const REASON = '密接排查：病例 7 的同场人员';

beforeAll(async () => {
  t = await createTestPlatform();
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'official-traj', 'health_official', '330100');
  admin = await staffSession(t, 'venue-admin-traj', 'venue_admin', '330106');
  const worker = await staffSession(t, 'worker-traj', 'community_worker', '330106');
  const lin = await signInResidentSession(t.app, t.database.db, '13855550801');
  const registered = await lin.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber: LIN_ID, name: '林夏', homeRegionCode: '330106' } });
  expect(registered.statusCode, registered.body).toBe(201);
  linPersonId = registered.json().id;
  const shop = await approvedVenue(t, admin, worker, { name: '轨迹超市', regionCode: XIXI });
  expect((await checkIn(lin, { venueToken: shop.token, personIds: [linPersonId] })).statusCode).toBe(201);
  await registerPeopleBulk(t.platform, [{ idType: 'resident_id', idNumber: NINGBO_ID, name: '宁小波', phone: null, homeRegionCode: '330203' }]);
});
afterAll(async () => t.close());

describe('POST /api/checkins/trajectory by ID number', () => {
  it('finds the person by document, shows the masked name and the check-ins, and audits the lookup and the read with the reason', async () => {
    const lookupsBefore = (await audits('person.lookup')).length;
    const res = await trajectory({ idType: 'resident_id', idNumber: LIN_ID, reason: REASON });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.person).toEqual({ id: linPersonId, nameMasked: '林*', homeRegionCode: '330106' });
    expect(body.items.map((i: { venueName: string }) => i.venueName)).toEqual(['轨迹超市']);
    expect(res.body).not.toContain(LIN_ID);
    const lookups = (await audits('person.lookup')).slice(lookupsBefore);
    expect(lookups).toEqual([expect.objectContaining({ actorLabel: 'official-traj', targetId: linPersonId, reason: REASON, regionCode: '330106' })]);
    const reads = await audits('checkin.trajectory');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorLabel: 'official-traj', targetId: linPersonId, reason: REASON, regionCode: '330106' });
    const detail = JSON.parse(reads[0]!.detail);
    expect(detail).toMatchObject({ byIdNumber: 'resident_id', page: null });
    expect(new Date(detail.to).getTime() - new Date(detail.from).getTime()).toBeGreaterThan(60 * 86_400_000); // the default window: the longest retention
  });

  it('says plainly that a check digit is wrong, before looking anyone up', async () => {
    const before = (await t.database.db.selectFrom('auditLog').select('id').execute()).length;
    const res = await trajectory({ idType: 'resident_id', idNumber: withWrongCheckDigit(LIN_ID), reason: REASON });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PERSON_ID_CHECK_DIGIT', zh: '身份证号码校验位不正确，请核对', details: { field: 'idNumber' } });
    expect((await t.database.db.selectFrom('auditLog').select('id').execute()).length).toBe(before);
  });

  it('answers a person of another region exactly like a number nobody has, and reads no trajectory', async () => {
    const readsBefore = (await audits('checkin.trajectory')).length;
    const elsewhere = await trajectory({ idType: 'resident_id', idNumber: NINGBO_ID, reason: REASON });
    const nobody = await trajectory({ idType: 'resident_id', idNumber: residentId('330106', '19900404', '073'), reason: REASON });
    expect(elsewhere.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    const { requestId: _a, ...elsewhereBody } = elsewhere.json();
    const { requestId: _b, ...nobodyBody } = nobody.json();
    expect(elsewhereBody).toEqual(nobodyBody);
    expect(elsewhereBody.code).toBe('PERSON_NOT_FOUND');
    expect((await audits('checkin.trajectory')).length).toBe(readsBefore);
  });

  it('takes a person id or an ID document, not both or neither, and needs the reason first', async () => {
    for (const payload of [
      { reason: REASON },
      { personId: linPersonId, idType: 'resident_id', idNumber: LIN_ID, reason: REASON },
      { idNumber: LIN_ID, reason: REASON },
    ]) {
      const res = await trajectory(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await trajectory({ idType: 'resident_id', idNumber: LIN_ID, reason: '' })).json().code).toBe('PERSON_REASON_REQUIRED');
    expect((await trajectory({ personId: linPersonId, reason: REASON })).json().person.id).toBe(linPersonId);
  });
});
