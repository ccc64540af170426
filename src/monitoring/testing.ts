/** Test-only helpers for the monitoring DB tests: a trip and its return declaration over HTTP, plans and colours read back. */
import type { TestPlatform } from '../../test/support/platform.ts';
import { signInStaffSession, type Session } from '../../test/support/http-users.ts';
import type { Resident } from '../codes/colours/testing.ts';

/** Declares a trip leaving today and its return today, visiting `visited`; answers the return's response body. */
export async function tripAndReturn(t: TestPlatform, resident: Resident, visited: string[], day: string): Promise<{ tripId: string; body: any }> {
  const trip = await resident.session.request({
    method: 'POST', url: '/api/travel',
    payload: { personId: resident.personId, fromRegionCode: '330102', toRegionCode: '310101', viaRegionCodes: [], leaveOn: day, returnOn: day, transport: 'car', purpose: '探亲' },
  });
  if (trip.statusCode !== 201) throw new Error(`trip failed: ${trip.body}`);
  const tripId = trip.json().trip.id as string;
  const ret = await resident.session.request({ method: 'POST', url: `/api/travel/${tripId}/return`, payload: { returnedOn: day, visitedRegionCodes: visited, health: 'well' } });
  if (ret.statusCode !== 201) throw new Error(`return failed: ${ret.body}`);
  return { tripId, body: ret.json() };
}

export async function planOfSource(t: TestPlatform, sourceRef: string) {
  return t.database.db.selectFrom('monitoringPlans').selectAll().where('sourceRef', '=', sourceRef).executeTakeFirst();
}

export async function colourOf(t: TestPlatform, personId: string): Promise<{ colour: string; reasons: { reasonCode: string; text: { zh: string } }[] } | undefined> {
  const row = await t.database.db.selectFrom('codeStatus').select(['colour', 'reasons']).where('personId', '=', personId).executeTakeFirst();
  return row as never;
}

export async function accountIdOf(t: TestPlatform, username: string): Promise<string> {
  return (await t.database.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** A fresh session of a staff account made by staffSession (sessions end after 12 hours of the test clock). */
export async function signInAgain(t: TestPlatform, username: string): Promise<Session> {
  return signInStaffSession(t.app, username, 'correct-horse-9');
}
