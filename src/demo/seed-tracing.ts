/**
 * Seeds the demo city's tracing (流调): households from the demo population, the outbreak's visits
 * (model/outbreak.ts) as check-ins, and its cases, registered through the tracing capability as
 * the demo health official; then the cases are traced as the tracing job would, so the console
 * shows contacts, evidence, follow-up plans and a transmission chain from the first start.
 */
import { recomputeColours } from '../codes/colours/service.ts';
import { writeSyntheticVisits } from '../checkins/synthetic.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { groupHouseholdsBulk, maskedLabelsOf } from '../people/service.ts';
import { insertNewCase } from '../tracing/cases.ts';
import { runRequestedTraces } from '../tracing/jobs.ts';
import type { DemoResident } from './model/households.ts';
import { buildOutbreak } from './model/outbreak.ts';
import { DEMO_SEED, seededRandom } from './model/random.ts';
import { demoStaffActor } from './seed-travel.ts';

export interface DemoTracingSummary { householdMembers: number; outbreakVisits: number; cases: number; contacts: number }

interface SeedInput {
  residents: readonly DemoResident[];
  personIds: readonly string[];
  venues: readonly { id: string; name: string; regionCode: string; kind: string }[];
}

/** Households and the outbreak's visits and cases, in the caller's transaction; returns the cases to trace after it commits. */
export async function seedDemoOutbreak(deps: { db: DbOrTrx; keyring: Keyring; clock: Clock }, input: SeedInput): Promise<{ summary: Omit<DemoTracingSummary, 'contacts'>; casePersonIds: string[] }> {
  const households = new Map<number, string[]>();
  input.residents.forEach((r, i) => households.set(r.household, [...(households.get(r.household) ?? []), input.personIds[i]!]));
  const householdMembers = await groupHouseholdsBulk(deps.db, [...households.values()]);
  const now = deps.clock.now();
  const outbreak = buildOutbreak(seededRandom(DEMO_SEED + 11), input.residents, input.venues, shanghaiDay(now), now);
  const labels = await maskedLabelsOf(deps.db, outbreak.visits.map((v) => input.personIds[v.resident]!));
  const outbreakVisits = await writeSyntheticVisits(deps, outbreak.visits.map((v) => {
    const personId = input.personIds[v.resident]!;
    const venue = input.venues[v.venue]!;
    return { personId, nameMasked: labels.get(personId)?.nameMasked ?? '*', venue, at: v.at, minutes: v.minutes };
  }));
  const official = await demoStaffActor(deps.db, 'demo-official');
  const casePersonIds: string[] = [];
  for (const c of outbreak.cases) {
    const personId = input.personIds[c.resident]!;
    await insertNewCase(deps.db, deps, official ?? { system: 'demo' }, {
      personId, regionCode: input.residents[c.resident]!.homeRegionCode, externalRef: c.externalRef,
      fields: {
        classification: c.classification, onsetOn: c.onsetOn, onsetApproximate: false, testedPositiveOn: null, reportedOn: c.reportedOn, isolatedAt: null,
        source: c.source, issuingRegionCode: c.issuingRegionCode, notes: null,
      },
    });
    casePersonIds.push(personId);
  }
  return { summary: { householdMembers, outbreakVisits, cases: outbreak.cases.length }, casePersonIds };
}

/** After the seed's transaction: trace the confirmed cases and show every case's colour. */
export async function traceDemoOutbreak(deps: { db: DbOrTrx; keyring: Keyring; clock: Clock }, casePersonIds: readonly string[]): Promise<number> {
  const { traced, failed } = await runRequestedTraces(deps);
  if (failed.length > 0) throw failed[0]!.error;
  await recomputeColours(deps, casePersonIds, { evidenceRef: 'demo:tracing' });
  return traced.reduce((n, t) => n + t.closeContacts + t.secondaryContacts, 0);
}
