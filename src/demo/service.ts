/**
 * The demo city: 杭州市 (330100) as a tenant, a few thousand synthetic residents in households
 * with guardianships, venues, organisations and one staff account per role, so a fresh
 * `fangyi serve` shows a living platform. Everything made here is marked synthetic and is the same
 * on every machine (fixed seed).
 */
import { randomUUID } from 'node:crypto';
import { createStaffAccount, findExistingUsernames, findStaffAccountByUsername } from '../accounts/service.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Progress, ProgressFactory } from '../kernel/progress.ts';
import type { Db } from '../db/connection.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { maskPhone } from '../kernel/masking.ts';
import { shanghaiDay, systemClock, type Clock } from '../kernel/time.ts';
import type { NewOrganisation, OrganisationUnit } from '../orgs/model.ts';
import { addOrganisationPeopleBulk, addOrganisationsBulk } from '../orgs/service.ts';
import { anyPersonExists, bindDependantsBulk, registerPeopleBulk, residentIdCheckDigit, syntheticPersonExistsWithMaskedPhone, type NewPerson } from '../people/service.ts';
import { isTenant, listChildRegions } from '../regions/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { addVenuesBulk, bindVenueStaffBulk, type NewVenue } from '../venues/service.ts';
import { DEMO_CITY_CODE, DEMO_CITY_NAME, type DemoDistrict } from './model/city.ts';
import { buildPopulation, FIRST_DEMO_PHONE, type DemoPopulation } from './model/households.ts';
import { buildOrganisations, buildVenues, demoStaffVenueIndexes } from './model/places.ts';
import { buildOrganisationPeople, type DemoMember } from './model/org-people.ts';
import { DEMO_SEED, seededRandom } from './model/random.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoLoginLines } from './model/staff.ts';
import { seedDemoCallbot, type DemoCallbotSummary } from './seed-callbot.ts';
import { seedDemoResumption, type DemoResumptionSummary } from './seed-resumption.ts';
import { seedDemoTravel, type DemoTravelSummary } from './seed-travel.ts';
import { seedDemoOutbreak, traceDemoOutbreak, type DemoTracingSummary } from './seed-tracing.ts';
import { seedDemoClinic } from './seed-clinics.ts';
import { seedDemoAnalytics } from './seed-analytics.ts';

export interface DemoDeps { db: Db; keyring: Keyring; log: (m: string) => void; progress?: ProgressFactory }

export interface DemoSeedOptions {
  residents?: number;
  venues?: number;
}

export interface DemoSeedSummary extends DemoTravelSummary, DemoResumptionSummary, DemoTracingSummary {
  /** The screening robot's campaigns (after the main transaction: they go through the campaign services). */
  callbot: DemoCallbotSummary;
  residents: number;
  households: number;
  guardianships: number;
  venues: number;
  organisations: number;
  /** Memberships of the demo organisations (residents in departments, classes, buildings). */
  organisationMembers: number;
  staffAccounts: number;
  tenantOnboarded: boolean;
  seconds: number;
}

export const DEFAULT_DEMO_RESIDENTS = 5000;
export const DEFAULT_DEMO_VENUES = 200;
const DEMO_ACTOR: AuditActor = { system: 'demo' };
const DEMO_VENUE_ADMIN = 'demo-venue';
const DEMO_GUARD = 'demo-guard';
const DEMO_ORG_ADMIN = 'demo-hr';
// Persons go in a few slices so the progress bar moves; each slice is one multi-row insert per 2,000.
const PERSON_SLICE = 1000;

/** Seeds the demo city when no person is registered yet; true when it seeded. */
export async function seedDemoIfEmpty(deps: DemoDeps): Promise<boolean> {
  return (await seedDemoCity({ ...deps, clock: systemClock })) !== undefined;
}

/**
 * Seeds the demo city, or returns undefined when the database already holds persons. Each step
 * is safe to repeat: an existing tenant or demo account is kept, and everything with personal
 * data (plus venues, organisations and the audit row) commits in one transaction, so an
 * interrupted seed leaves no persons and the next start simply tries again.
 */
export async function seedDemoCity(deps: DemoDeps & { clock: Clock }, options: DemoSeedOptions = {}): Promise<DemoSeedSummary | undefined> {
  if (await anyPersonExists(deps.db)) return undefined;
  const started = Date.now();
  const residents = options.residents ?? DEFAULT_DEMO_RESIDENTS;
  const venueCount = options.venues ?? DEFAULT_DEMO_VENUES;
  deps.log(`seeding the demo city ${DEMO_CITY_NAME} (${DEMO_CITY_CODE}): ${residents} synthetic residents, ${venueCount} venues`);
  const districts = await loadDistricts(deps.db);
  const tenantOnboarded = await ensureDemoTenant(deps);
  const staffAccounts = await ensureDemoStaff(deps);

  const random = seededRandom();
  const population = buildPopulation({ random, districts, residents, today: shanghaiDay(deps.clock.now()), checkDigit: residentIdCheckDigit });
  const venues = buildVenues(random, districts, venueCount);
  const organisations = buildOrganisations(random, districts, DEMO_CITY_CODE, DEMO_CITY_NAME);

  let members = 0;
  let travel: DemoTravelSummary = { riskAreas: 0, trips: 0, tripReturns: 0, observations: 0 };
  let resumption: DemoResumptionSummary = { applications: 0, returnsToWork: 0 };
  let clinicVisits = 0;
  let outbreak: Awaited<ReturnType<typeof seedDemoOutbreak>> = { summary: { householdMembers: 0, outbreakVisits: 0, cases: 0 }, casePersonIds: [] };
  await deps.db.transaction().execute(async (trx) => {
    const venueIds = await addVenuesBulk(trx, venues);
    await bindDemoVenueStaff(trx, venues, venueIds);
    const organisationIds = await addOrganisationsBulk(trx, organisations);
    const personIds = await insertResidents({ ...deps, db: trx }, population);
    await insertGuardianships(trx, population, personIds, deps.progress);
    const memberList = await seedOrganisationPeople(trx, organisations, organisationIds, population, personIds);
    members = memberList.length;
    travel = await seedDemoTravel({ db: trx, clock: deps.clock }, { districts, residents: population.residents, personIds });
    outbreak = await seedDemoOutbreak({ db: trx, keyring: deps.keyring, clock: deps.clock }, {
      residents: population.residents, personIds, venues: venues.map((v, i) => ({ id: venueIds[i]!, name: v.name, regionCode: v.regionCode, kind: v.kind })),
    });
    clinicVisits = await seedDemoClinic({ db: trx, keyring: deps.keyring, clock: deps.clock }, {
      residents: population.residents, personIds, venues: venues.map((v, i) => ({ id: venueIds[i]!, name: v.name, regionCode: v.regionCode, kind: v.kind })),
    });
    resumption = await seedDemoResumption({ db: trx, keyring: deps.keyring, clock: deps.clock }, { organisations, organisationIds, members: memberList, residents: population.residents, personIds });
    await seedDemoAnalytics({ db: trx, keyring: deps.keyring, clock: deps.clock }, { districts }); // 疫情态势: sixty days of past cases
    await recordAudit(trx, DEMO_ACTOR, {
      action: 'demo.seed', targetType: 'region', targetId: DEMO_CITY_CODE, regionCode: DEMO_CITY_CODE,
      detail: {
        residents: population.residents.length, households: population.households, guardianships: population.guardianships.length,
        venues: venues.length, organisations: organisations.length, organisationMembers: members, staffAccounts, ...travel, ...resumption, ...outbreak.summary, clinicVisits,
      },
    }, deps.clock);
  });
  const contacts = await traceDemoOutbreak({ db: deps.db, keyring: deps.keyring, clock: deps.clock }, outbreak.casePersonIds);
  const callbot = await seedDemoCallbot(deps, { districts, residents: population.residents });
  const summary: DemoSeedSummary = {
    callbot,
    residents: population.residents.length, households: population.households, guardianships: population.guardianships.length,
    venues: venues.length, organisations: organisations.length, organisationMembers: members, staffAccounts, tenantOnboarded, ...travel, ...resumption,
    ...outbreak.summary, contacts,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  deps.log(`demo city seeded in ${summary.seconds} s: ${summary.residents} residents in ${summary.households} households, `
    + `${summary.guardianships} guardianships, ${summary.venues} venues, ${summary.organisations} organisations with ${summary.organisationMembers} members, `
    + `${summary.trips} trips (${summary.tripReturns} back, ${summary.observations} in home observation), `
    + `${summary.applications} resumption applications, ${summary.returnsToWork} return-to-work declarations, `
    + `${summary.cases} cases (${summary.contacts} contacts traced from ${summary.outbreakVisits} check-ins and ${summary.householdMembers} household members), `
    + `${callbot.campaigns} call-robot campaigns (${callbot.callees} callees, ${callbot.callsPlaced} calls placed)`);
  return summary;
}

/** The demo city's districts with their streets, from the national division data. */
async function loadDistricts(db: Db): Promise<DemoDistrict[]> {
  const page = { limit: 1000 };
  const districts = await listChildRegions(db, DEMO_CITY_CODE, page);
  if (districts.length === 0) throw new Error(`no districts under ${DEMO_CITY_CODE}: are the regions loaded?`);
  return Promise.all(districts.map(async (d) => ({
    code: d.code,
    name: d.name,
    streets: (await listChildRegions(db, d.code, page)).map((s) => ({ code: s.code, name: s.name })),
  })));
}

async function ensureDemoTenant(deps: DemoDeps & { clock: Clock }): Promise<boolean> {
  if (await isTenant(deps.db, DEMO_CITY_CODE)) return false;
  const result = await onboardRegion(deps, DEMO_ACTOR, DEMO_CITY_CODE);
  // The city's own first admin exists as on any onboarded city; the demo accounts below are what the banner lists.
  deps.log(`tenant ${result.displayName} onboarded; its first admin ${result.adminUsername} has password ${result.adminPassword} (shown once)`);
  return true;
}

/** Creates the demo staff accounts that do not exist yet; returns how many it created. */
async function ensureDemoStaff(deps: DemoDeps & { clock: Clock }): Promise<number> {
  const existing = new Set(await findExistingUsernames(deps.db, DEMO_STAFF.map((s) => s.username)));
  const missing = DEMO_STAFF.filter((s) => !existing.has(s.username));
  for (const staff of missing) {
    await createStaffAccount(deps, DEMO_ACTOR, {
      username: staff.username, displayName: staff.displayName, password: DEMO_PASSWORD,
      roles: [{ role: staff.role, regionCode: DEMO_CITY_CODE }],
    });
  }
  return missing.length;
}

/** The demo venue admin runs a few venues (approved, numbered by the database); the demo guard is bound to one. */
async function bindDemoVenueStaff(db: DbOrTrx, venues: readonly NewVenue[], venueIds: readonly string[]): Promise<void> {
  const { admin, guard } = demoStaffVenueIndexes(venues);
  const venueAdmin = await findStaffAccountByUsername(db, DEMO_VENUE_ADMIN);
  const demoGuard = await findStaffAccountByUsername(db, DEMO_GUARD);
  await bindVenueStaffBulk(db, [
    ...(venueAdmin ? admin.map((i) => ({ venueId: venueIds[i]!, accountId: venueAdmin.accountId, role: 'admin' as const })) : []),
    ...(demoGuard && venueIds[guard] ? [{ venueId: venueIds[guard], accountId: demoGuard.accountId, role: 'guard' as const }] : []),
  ]);
}

/** Units and members of the demo organisations (from the residents just inserted); demo-hr administers them all. Returns the members. */
async function seedOrganisationPeople(
  db: DbOrTrx, organisations: readonly NewOrganisation[], organisationIds: readonly string[], population: DemoPopulation, personIds: readonly string[],
): Promise<DemoMember[]> {
  // Its own random stream: the residents, venues and organisations stay what they were before units existed.
  const { units, members } = buildOrganisationPeople(seededRandom(DEMO_SEED + 7), organisations, population.residents);
  const unitIds = new Map<string, string>();
  const unitKey = (organisation: number, path: readonly string[]) => `${organisation}:${path.join('/')}`;
  const unitRows: OrganisationUnit[] = units.map((u) => {
    const id = randomUUID();
    unitIds.set(unitKey(u.organisation, u.path), id);
    const parentId = u.path.length > 1 ? unitIds.get(unitKey(u.organisation, u.path.slice(0, -1)))! : null;
    return { id, organisationId: organisationIds[u.organisation]!, parentId, name: u.path.at(-1)!, kind: u.kind };
  });
  const hr = await findStaffAccountByUsername(db, DEMO_ORG_ADMIN);
  await addOrganisationPeopleBulk(db, {
    admins: hr ? organisationIds.map((organisationId) => ({ organisationId, accountId: hr.accountId })) : [],
    units: unitRows,
    members: members.map((m) => ({
      organisationId: organisationIds[m.organisation]!, personId: personIds[m.resident]!, unitId: unitIds.get(unitKey(m.organisation, m.path)) ?? null, memberRole: m.role,
    })),
  });
  return members;
}

function bar(progress: ProgressFactory | undefined, label: string): Progress | undefined {
  return progress?.(label);
}

async function insertResidents(deps: DemoDeps & { clock: Clock }, population: DemoPopulation): Promise<string[]> {
  const progress = bar(deps.progress, 'demo residents');
  const rows: NewPerson[] = population.residents.map((r) => ({
    idType: 'resident_id', idNumber: r.idNumber, name: r.name, phone: r.phone, address: r.address,
    homeRegionCode: r.homeRegionCode, synthetic: true,
  }));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += PERSON_SLICE) {
    ids.push(...await registerPeopleBulk({ db: deps.db, keyring: deps.keyring, clock: deps.clock }, rows.slice(i, i + PERSON_SLICE)));
    progress?.update(ids.length, rows.length);
  }
  progress?.stop();
  return ids;
}

async function insertGuardianships(db: Db, population: DemoPopulation, personIds: readonly string[], showProgress?: ProgressFactory): Promise<void> {
  const progress = bar(showProgress, 'demo guardianships');
  const links = population.guardianships.map((g) => ({ guardianId: personIds[g.guardian]!, dependantId: personIds[g.dependant]!, relation: g.relation }));
  progress?.update(0, links.length);
  await bindDependantsBulk(db, links);
  progress?.update(links.length, links.length);
  progress?.stop();
}

/** What `fangyi serve` prints about the demo log-ins; nothing when the demo was never seeded. */
export async function describeDemoLogins(db: Db): Promise<string[]> {
  const present = await findExistingUsernames(db, DEMO_STAFF.map((s) => s.username));
  if (present.length === 0) return [];
  const residentSeeded = await syntheticPersonExistsWithMaskedPhone(db, maskPhone(FIRST_DEMO_PHONE));
  return demoLoginLines(present, residentSeeded ? FIRST_DEMO_PHONE : undefined, `${DEMO_CITY_NAME} ${DEMO_CITY_CODE}`);
}
