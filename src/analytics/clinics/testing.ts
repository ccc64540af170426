/**
 * Test-only helpers for the fever-clinic DB tests: hospitals of the test town, persons with known
 * ID numbers, signed-in officials and desk staff, and a desk registration body with defaults.
 */
import { randomUUID } from 'node:crypto';
import { registerPeopleBulk } from '../../people/service.ts';
import type { TestPlatform } from '../../../test/support/platform.ts';
import { residentId, type Session } from '../../../test/support/http-users.ts';
import { staffSession } from '../../codes/colours/testing.ts';

let sequence = 700;

/** A fresh valid resident ID number of the region (default 西湖区). */
export function newIdNumber(region = '330106'): string {
  return residentId(region, '19900101', String(++sequence).padStart(3, '0'));
}

/** Persons by name with their ID numbers, living in `homeRegionCode`. */
export async function clinicPeople(t: TestPlatform, names: readonly string[], homeRegionCode = '330106004'): Promise<Record<string, { id: string; idNumber: string }>> {
  const rows = names.map((name) => ({ idType: 'resident_id' as const, idNumber: newIdNumber(homeRegionCode.slice(0, 6)), name, homeRegionCode }));
  const ids = await registerPeopleBulk(t.platform, rows);
  return Object.fromEntries(names.map((name, i) => [name, { id: ids[i]!, idNumber: rows[i]!.idNumber }]));
}

export async function hospitalVenue(t: TestPlatform, name: string, regionCode = '330106004', kind = 'hospital'): Promise<string> {
  const id = randomUUID();
  await t.database.db.insertInto('venues').values({ id, regionCode, name, kind, address: '测试路 9 号', status: 'approved' }).execute();
  return id;
}

/** Opens the clinic as `official` and binds a new clinic_staff account; its signed-in session. */
export async function openClinicWithDesk(t: TestPlatform, official: Session, venueId: string, username: string, grantRegion = '330106'): Promise<Session> {
  const opened = await official.request({ method: 'POST', url: '/api/clinics', payload: { venueId } });
  if (opened.statusCode !== 201 && opened.json().code !== 'CLINIC_EXISTS') throw new Error(`open failed: ${opened.body}`);
  const desk = await staffSession(t, username, 'clinic_staff', grantRegion);
  const bound = await official.request({ method: 'POST', url: `/api/clinics/${venueId}/staff`, payload: { username } });
  if (bound.statusCode !== 201) throw new Error(`bind failed: ${bound.body}`);
  return desk;
}

/** A desk registration of a known person with ordinary answers; `over` changes any of them. */
export function visitPayload(idNumber: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    person: { idType: 'resident_id', idNumber }, temperature: 38.2, symptoms: ['fever', 'cough'], onsetOn: '2026-03-09',
    epi: { travel: false, contact: true, cluster: false, note: '同事上周确诊' }, triage: 'observe', suspected: false, testOrdered: 'nucleic_acid', ...over,
  };
}
