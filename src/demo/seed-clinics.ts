/**
 * Seeds the demo city's fever clinic (发热门诊): the first hospital of the seed opens one, the demo
 * clinic account (demo-clinic) works its desk, and a few of today's patients are registered through
 * the clinic capability as that account — ordinary fevers, a negative and a pending test, and one
 * suspected patient (a suspected case, whose pending test the desk can enter as positive to see the
 * case promoted). Runs in the seed's transaction.
 */
import { openClinicsBulk } from '../analytics/clinics/service.ts';
import { registerVisit, enterResult } from '../analytics/clinics/visits.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import type { Clock } from '../kernel/time.ts';
import type { DemoResident } from './model/households.ts';
import { demoStaffActor } from './seed-travel.ts';

export const DEMO_CLINIC_STAFF = 'demo-clinic';
const HOUR_MS = 3_600_000;

interface SeedInput {
  residents: readonly DemoResident[];
  personIds: readonly string[];
  venues: readonly { id: string; name: string; regionCode: string; kind: string }[];
}

const PATIENTS = [
  { hoursAgo: 3, temperature: 38.4, symptoms: ['fever', 'cough'], triage: 'home', testOrdered: 'antigen', result: 'negative', suspected: false },
  { hoursAgo: 2.5, temperature: 37.6, symptoms: ['fever', 'sore_throat'], triage: 'observe', testOrdered: 'nucleic_acid', suspected: false },
  { hoursAgo: 2, temperature: 36.9, symptoms: ['cough'], triage: 'home', testOrdered: 'none', suspected: false },
  { hoursAgo: 1, temperature: 39.1, symptoms: ['fever', 'fatigue', 'taste_smell'], triage: 'transfer', testOrdered: 'both', suspected: true, travel: true },
] as const;

/** The clinic and its patients; how many visits were registered (0 without a hospital or the demo account). */
export async function seedDemoClinic(deps: { db: DbOrTrx; keyring: Keyring; clock: Clock }, input: SeedInput): Promise<number> {
  const hospital = input.venues.find((v) => v.kind === 'hospital' && v.name.endsWith('医院')) ?? input.venues.find((v) => v.kind === 'hospital');
  const desk = await demoStaffActor(deps.db, DEMO_CLINIC_STAFF);
  if (!hospital || !desk) return 0;
  const now = deps.clock.now();
  await openClinicsBulk(deps.db, [{ venueId: hospital.id, regionCode: hospital.regionCode, staffAccountIds: [desk.accountId] }], now);
  // Patients from the end of the population: away from the outbreak's cases at its start.
  const first = input.residents.length - PATIENTS.length;
  for (const [i, p] of PATIENTS.entries()) {
    const resident = input.residents[first + i]!;
    const visitedAt = new Date(now.getTime() - p.hoursAgo * HOUR_MS);
    const visit = await registerVisit(deps, desk, hospital.id, {
      person: { idType: 'resident_id', idNumber: resident.idNumber }, visitedAt, temperature: p.temperature, symptoms: [...p.symptoms], onsetOn: null,
      epi: { travel: 'travel' in p && p.travel, contact: false, cluster: false, note: 'travel' in p ? '演示：近 14 天到过中风险地区' : null },
      triage: p.triage, suspected: p.suspected, testOrdered: p.testOrdered,
    });
    if ('result' in p) await enterResult(deps, desk, visit.id, { result: p.result, resultAt: new Date(visitedAt.getTime() + HOUR_MS) });
  }
  return PATIENTS.length;
}
