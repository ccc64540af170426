import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { decryptField } from '../kernel/crypto/field-encryption.ts';
import { fixedClock, shanghaiDay } from '../kernel/time.ts';
import { validateIdNumber } from '../people/model/id-number.ts';
import { countOrganisations } from '../orgs/service.ts';
import { isTenant } from '../regions/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { countVenues } from '../venues/service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { signInStaffSession } from '../../test/support/http-users.ts';
import { maskPhone } from '../kernel/masking.ts';
import { findMembershipsOfPerson } from '../orgs/store.ts';
import { regionCovers } from '../kernel/regions-scope.ts';
import { getRiskAreas } from '../codes/rulesets/service.ts';
import { bucketOf, checkApplication, nextStatus, type ResumptionMove } from '../orgs/resumption/model.ts';
import { addDays, checkReturn, checkTrip, OBSERVATION_DAYS } from '../travel/model.ts';
import { ageOn, FIRST_DEMO_PHONE } from './model/households.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from './model/staff.ts';
import { describeDemoLogins, seedDemoCity, seedDemoIfEmpty, type DemoSeedSummary } from './service.ts';

const TODAY = '2026-11-28';
const clock = fixedClock(new Date(`${TODAY}T02:00:00Z`));
const shanghaiDayOf = (at: Date) => shanghaiDay(at);
let t: TestPlatform;
let summary: DemoSeedSummary | undefined;
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  summary = await seedDemoCity({ db: t.database.db, keyring: t.platform.keyring, clock, log: (m) => logged.push(m) }, { residents: 300 });
});
afterAll(async () => t.close());

/** The past epidemic's cases (seed-analytics.ts) are the ones registered before the seed's moment; each has a person of its own. */
const historyPersons = () => t.database.db.selectFrom('cases').select('personId').where('createdAt', '<', clock.now());

async function persons() {
  const rows = await t.database.db.selectFrom('persons')
    .select(['id', 'idType', 'idNumberEnc', 'sex', 'birthDate', 'addressEnc', 'homeRegionCode', 'synthetic']).where('id', 'not in', historyPersons()).execute();
  return rows.map((r) => ({ ...r, idNumber: decryptField(t.platform.keyring, r.idNumberEnc), address: decryptField(t.platform.keyring, r.addressEnc!) }));
}

describe('seeding the demo city (300 residents)', () => {
  it('onboards 杭州市 and reports what it made', async () => {
    expect(await isTenant(t.database.db, '330100')).toBe(true);
    expect(summary).toMatchObject({ residents: 300, venues: 200, organisations: 13, staffAccounts: DEMO_STAFF.length, tenantOnboarded: true });
    expect(summary!.households).toBeGreaterThan(60);
    expect(logged.join('\n')).toContain('demo city seeded');
  });

  it('stores synthetic residents whose ID numbers pass the people validator, in Hangzhou districts and streets', async () => {
    const rows = await persons();
    expect(rows).toHaveLength(300);
    for (const p of rows) {
      expect(p.synthetic).toBe(true);
      expect(p.idType).toBe('resident_id');
      const check = validateIdNumber('resident_id', p.idNumber, TODAY);
      expect(check).toMatchObject({ ok: true, sex: p.sex, birthDate: p.birthDate });
      expect(p.homeRegionCode.startsWith(p.idNumber.slice(0, 6))).toBe(true);
      expect(p.homeRegionCode).toMatch(/^3301[0-9]{2}([0-9]{3})?$/);
    }
    expect(new Set(rows.map((p) => p.homeRegionCode.slice(0, 6))).size).toBeGreaterThan(5);
  });

  it('binds each child under 18 and each person 70+ to an adult of the same household', async () => {
    const rows = await persons();
    const byId = new Map(rows.map((p) => [p.id, p]));
    const links = await t.database.db.selectFrom('guardianships').select(['guardianId', 'dependantId', 'relation']).execute();
    const guarded = new Set(links.map((l) => l.dependantId));
    const dependants = rows.filter((p) => { const age = ageOn(p.birthDate!, TODAY); return age < 18 || age >= 70; });
    expect(dependants.length).toBeGreaterThan(20);
    expect(dependants.every((p) => guarded.has(p.id))).toBe(true);
    for (const link of links) {
      const guardian = byId.get(link.guardianId)!;
      const dependant = byId.get(link.dependantId)!;
      const guardianAge = ageOn(guardian.birthDate!, TODAY);
      expect(guardianAge).toBeGreaterThanOrEqual(18);
      expect(guardianAge).toBeLessThan(70);
      expect(dependant.address).toBe(guardian.address);
      expect(link.relation).toBe(ageOn(dependant.birthDate!, TODAY) < 18 ? 'child' : 'parent');
    }
    const households = new Set(rows.map((p) => p.address));
    expect(households.size).toBeLessThan(rows.length);
  });

  it('adds 200 approved, numbered venues and the organisations in the city', async () => {
    expect(await countVenues(t.database.db, '330100')).toBe(200);
    const venues = await t.database.db.selectFrom('venues').select(['status', 'number', 'defaultStayMinutes']).execute();
    expect(venues.every((v) => v.status === 'approved' && /^3301\d{2}(\d{3})?-\d{4}$/.test(v.number) && v.defaultStayMinutes >= 30)).toBe(true);
    expect(await countOrganisations(t.database.db, '330100')).toEqual({ company: 4, school: 2, community: 6, government: 1 });
  });

  it('gives the organisations units and members from the residents, all administered by demo-hr, and puts the demo resident in a company', async () => {
    const db = t.database.db;
    const hr = await signInStaffSession(t.app, 'demo-hr', DEMO_PASSWORD);
    const mine = (await hr.request({ method: 'GET', url: '/api/orgs?scope=mine' })).json().items as { id: string; kind: string; memberCount: number }[];
    expect(mine).toHaveLength(13);
    expect(summary!.organisationMembers).toBeGreaterThan(100);
    expect(mine.reduce((n, o) => n + o.memberCount, 0)).toBe(summary!.organisationMembers);
    expect(mine.filter((o) => o.kind === 'company').every((o) => o.memberCount > 0)).toBe(true);
    const school = mine.find((o) => o.kind === 'school' && o.memberCount > 0)!;
    const units = (await hr.request({ method: 'GET', url: `/api/orgs/${school.id}/units` })).json().items as { path: string }[];
    expect(units.map((u) => u.path)).toEqual(expect.arrayContaining(['教务处']));
    expect(units.some((u) => u.path.includes('/'))).toBe(true);
    // Pupils are children; every membership names a unit of its own organisation.
    const pupils = await db.selectFrom('organisationMembers').innerJoin('persons', 'persons.id', 'organisationMembers.personId')
      .select(['persons.birthDate']).where('organisationMembers.memberRole', '=', 'student').execute();
    expect(pupils.length).toBeGreaterThan(0);
    expect(pupils.every((p) => ageOn(p.birthDate!, TODAY) < 18)).toBe(true);
    const stray = await db.selectFrom('organisationMembers').innerJoin('organisationUnits', 'organisationUnits.id', 'organisationMembers.unitId')
      .select('organisationMembers.personId').whereRef('organisationUnits.organisationId', '!=', 'organisationMembers.organisationId').execute();
    expect(stray).toEqual([]);
    // (Not signed in here: the sign-in test below asks for the demo resident's code, at most one a minute.)
    const demoResident = await db.selectFrom('persons').select('id').where('phoneMasked', '=', maskPhone(FIRST_DEMO_PHONE)).where('synthetic', '=', true).execute();
    expect(demoResident).toHaveLength(1);
    const orgs = await findMembershipsOfPerson(db, demoResident[0]!.id);
    const unitNames = await db.selectFrom('organisationUnits').select('name').where('id', 'in', orgs.map((o) => o.unitId!)).execute();
    expect(orgs.map((o) => o.kind)).toContain('company');
    expect(unitNames.map((u) => u.name)).toContain('后端组');
  });

  it('publishes the demo risk areas as demo-official and seeds trips in every state, valid as the travel checks see them on the day declared', async () => {
    const db = t.database.db;
    const areas = await getRiskAreas(db, '330100');
    expect(areas).toEqual([{ regionCode: '330122', level: 'medium' }, { regionCode: '330182', level: 'high' }]);
    expect(summary).toMatchObject({ riskAreas: 2 });
    const trips = await db.selectFrom('travelDeclarations').selectAll().execute();
    const returns = new Map((await db.selectFrom('travelReturns').selectAll().execute()).map((r) => [r.travelId, r]));
    expect(trips).toHaveLength(summary!.trips);
    expect(returns.size).toBe(summary!.tripReturns);
    expect(summary!.trips).toBeGreaterThanOrEqual(40);
    const now = clock.now();
    const byState = (f: (trip: (typeof trips)[number]) => boolean) => trips.filter(f).length;
    expect(byState((x) => x.status === 'returned')).toBeGreaterThanOrEqual(20);
    expect(byState((x) => x.status === 'planned' && x.leaveOn <= TODAY && x.returnOn >= TODAY)).toBeGreaterThan(0); // away now
    expect(byState((x) => x.status === 'planned' && x.returnOn < TODAY)).toBeGreaterThan(0); // back, return not declared yet
    expect(byState((x) => x.status === 'planned' && x.leaveOn > TODAY)).toBeGreaterThan(0);
    expect(byState((x) => x.status === 'cancelled')).toBeGreaterThan(0);
    expect(byState((x) => x.riskRegionCodes.length > 0)).toBeGreaterThan(0);
    const covered = (code: string) => areas.some((a) => regionCovers(a.regionCode, code));
    for (const trip of trips) {
      expect(trip.declaredAt.getTime()).toBeLessThanOrEqual(now.getTime());
      const checked = checkTrip(trip, shanghaiDayOf(trip.declaredAt));
      expect(checked, `${trip.toRegionCode} ${trip.leaveOn}`).toMatchObject({ ok: true, value: { transportNumber: trip.transportNumber } });
      expect(trip.riskRegionCodes).toEqual([trip.toRegionCode, ...trip.viaRegionCodes].filter(covered));
      expect(covered(trip.homeRegionCode)).toBe(false);
      const ret = returns.get(trip.id);
      expect(ret !== undefined).toBe(trip.status === 'returned');
      if (trip.status === 'cancelled') expect(trip.cancelledAt!.getTime()).toBeGreaterThan(trip.declaredAt.getTime());
      if (!ret) continue;
      expect(ret.personId).toBe(trip.personId);
      expect(ret.declaredAt.getTime()).toBeGreaterThan(trip.declaredAt.getTime());
      expect(ret.declaredAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(checkReturn(ret, trip, shanghaiDayOf(ret.declaredAt)).ok).toBe(true);
    }
  });

  it('puts exactly the returns from a risk area in home observation, still running today, and shows them to demo-worker', async () => {
    const db = t.database.db;
    const areas = await getRiskAreas(db, '330100');
    const returns = await db.selectFrom('travelReturns').selectAll().execute();
    const observing = returns.filter((r) => r.observationRequired);
    expect(observing.length).toBe(summary!.observations);
    expect(observing.length).toBeGreaterThanOrEqual(3);
    expect(returns.length - observing.length).toBeGreaterThanOrEqual(15);
    for (const r of returns) {
      const risky = r.visitedRegionCodes.filter((c) => areas.some((a) => regionCovers(a.regionCode, c)));
      expect(r.observationRegionCodes).toEqual(risky);
      expect(r.observationRequired).toBe(risky.length > 0);
      expect(r.observationUntil).toBe(risky.length > 0 ? addDays(r.returnedOn, OBSERVATION_DAYS) : null);
      if (r.observationRequired) expect(r.observationUntil! > TODAY).toBe(true);
    }
    // Each observation is an active monitoring plan (居家观察) from the return day to the return's last day, for demo-worker to follow up.
    const plans = await db.selectFrom('monitoringPlans').innerJoin('accounts', 'accounts.id', 'monitoringPlans.assignedAccountId')
      .select(['monitoringPlans.sourceRef', 'monitoringPlans.personId', 'monitoringPlans.startOn', 'monitoringPlans.endOn', 'monitoringPlans.status', 'accounts.username'])
      .where('monitoringPlans.reason', '=', 'travel_return').execute();
    expect(plans.map((p) => ({ ...p })).sort((a, b) => a.sourceRef.localeCompare(b.sourceRef))).toEqual(observing.map((r) => ({
      sourceRef: r.travelId, personId: r.personId, startOn: r.returnedOn, endOn: r.observationUntil, status: 'active', username: 'demo-worker',
    })).sort((a, b) => a.sourceRef.localeCompare(b.sourceRef)));
    const worker = await signInStaffSession(t.app, 'demo-worker', DEMO_PASSWORD);
    const listed = (await worker.request({ method: 'GET', url: '/api/travel/staff/observations?limit=100' })).json().items as { travelId: string; nameMasked: string }[];
    expect(listed.map((o) => o.travelId).sort()).toEqual(observing.map((o) => o.travelId).sort());
    expect(listed.every((o) => o.nameMasked.includes('*'))).toBe(true);
  });

  it('gives the demo resident a trip that ended today and waits for its return declaration, from a home outside the risk areas', async () => {
    const db = t.database.db;
    const demo = await db.selectFrom('persons').select(['id', 'homeRegionCode']).where('phoneMasked', '=', maskPhone(FIRST_DEMO_PHONE)).where('synthetic', '=', true).executeTakeFirstOrThrow();
    const areas = await getRiskAreas(db, '330100');
    expect(areas.some((a) => regionCovers(a.regionCode, demo.homeRegionCode))).toBe(false);
    const trips = await db.selectFrom('travelDeclarations').select(['status', 'leaveOn', 'returnOn', 'riskRegionCodes']).where('personId', '=', demo.id).execute();
    expect(trips).toEqual([{ status: 'planned', leaveOn: addDays(TODAY, -2), returnOn: TODAY, riskRegionCodes: [] }]);
  });

  it('files a resumption application per company in each state, moved by demo-hr and decided by an official of the company\'s district', async () => {
    const db = t.database.db;
    const apps = await db.selectFrom('orgResumptionApplications').innerJoin('organisations', 'organisations.id', 'orgResumptionApplications.organisationId')
      .selectAll('orgResumptionApplications').select('organisations.kind').execute();
    expect(apps.map((a) => a.status).sort()).toEqual(['approved', 'approved', 'returned', 'submitted']);
    expect(summary!.applications).toBe(4);
    const official = await db.selectFrom('accounts').innerJoin('accountRoles', 'accountRoles.accountId', 'accounts.id')
      .select(['accounts.id', 'accountRoles.role', 'accountRoles.regionCode']).where('accounts.username', '=', 'demo-official').executeTakeFirstOrThrow();
    const hr = await db.selectFrom('accounts').select('id').where('username', '=', 'demo-hr').executeTakeFirstOrThrow();
    const events = await db.selectFrom('orgResumptionEvents').selectAll().orderBy('at').orderBy('id').execute();
    const moveTo: Record<string, ResumptionMove> = { submitted: 'submit', resubmitted: 'submit', approved: 'approve', returned: 'return' };
    for (const app of apps) {
      expect(app.kind).toBe('company');
      const contact = { contactName: decryptField(t.platform.keyring, app.contactNameEnc), contactPhone: decryptField(t.platform.keyring, app.contactPhoneEnc) };
      expect(checkApplication({ ...app, ...contact }).ok).toBe(true);
      expect(Array.from(app.measures).length).toBeGreaterThan(40);
      const own = events.filter((e) => e.applicationId === app.id);
      expect(own[0]).toMatchObject({ fromStatus: null, toStatus: 'draft', actorAccountId: hr.id });
      own.slice(1).forEach((e, i) => {
        expect(e.fromStatus).toBe(own[i]!.toStatus);
        expect(nextStatus(e.fromStatus as never, moveTo[e.toStatus]!)).toBe(e.toStatus);
        expect(e.actorAccountId).toBe(moveTo[e.toStatus] === 'submit' ? hr.id : official.id);
        if (e.toStatus === 'returned') expect(Array.from(e.comment ?? '').length).toBeGreaterThanOrEqual(2);
      });
      expect(own.at(-1)!.toStatus).toBe(app.status);
      expect(app.updatedAt).toEqual(own.at(-1)!.at);
      expect(app.updatedAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
      if (app.status === 'approved' || app.status === 'returned') {
        expect(app.decidedByAccountId).toBe(official.id);
        expect(official.role).toBe('health_official');
        expect(regionCovers(official.regionCode, app.regionCode)).toBe(true);
        expect(app.decisionComment).toBe(own.at(-1)!.comment);
      } else {
        expect(app.decidedByAccountId).toBeNull();
      }
    }
    // The first company (the demo resident's employer) went through a return and a resubmission before its approval.
    expect(events.some((e) => e.toStatus === 'resubmitted')).toBe(true);
    const queue = (await (await signInStaffSession(t.app, 'demo-official', DEMO_PASSWORD)).request({ method: 'GET', url: '/api/resumption/applications?status=submitted' })).json();
    expect(queue.items).toHaveLength(1);
  });

  it('gives the approved companies employees back, in observation and waiting, leaves the demo resident undeclared, and the dashboard counts them', async () => {
    const db = t.database.db;
    const declarations = await db.selectFrom('orgReturnDeclarations').selectAll().execute();
    expect(declarations).toHaveLength(summary!.returnsToWork);
    const approved = new Set((await db.selectFrom('orgResumptionApplications').select('organisationId').where('status', '=', 'approved').execute()).map((a) => a.organisationId));
    expect(new Set(declarations.map((d) => d.organisationId))).toEqual(approved);
    const members = await db.selectFrom('organisationMembers').select(['organisationId', 'personId']).where('status', '=', 'active').execute();
    const isMember = new Set(members.map((m) => `${m.organisationId}:${m.personId}`));
    expect(declarations.every((d) => isMember.has(`${d.organisationId}:${d.personId}`))).toBe(true);
    const demo = await db.selectFrom('persons').select('id').where('phoneMasked', '=', maskPhone(FIRST_DEMO_PHONE)).where('synthetic', '=', true).executeTakeFirstOrThrow();
    expect(declarations.filter((d) => d.personId === demo.id)).toEqual([]);
    for (const d of declarations) {
      expect(d.plannedOn >= shanghaiDayOf(d.declaredAt)).toBe(true);
      expect((d.decidedAt === null) === (d.status === 'pending')).toBe(true);
      if (d.decidedAt) expect(d.decidedAt.getTime()).toBeGreaterThanOrEqual(d.declaredAt.getTime());
      if (d.decidedAt) expect(d.decidedAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    }

    const firstCompany = [...approved].find((id) => members.some((m) => m.organisationId === id && m.personId === demo.id))!;
    expect(firstCompany).toBeDefined();
    const own = declarations.filter((d) => d.organisationId === firstCompany);
    const expected = { back: 0, observation: 0, waiting: 0 };
    for (const d of own) expected[bucketOf(d, TODAY)]++;
    expect(expected.back).toBeGreaterThan(0);
    expect(expected.observation).toBeGreaterThan(0);
    expect(expected.waiting).toBeGreaterThan(0);
    expect(own.some((d) => d.status === 'waiting' && d.hrComment)).toBe(true);
    const hr = await signInStaffSession(t.app, 'demo-hr', DEMO_PASSWORD);
    const dashboard = (await hr.request({ method: 'GET', url: `/api/resumption/organisations/${firstCompany}/dashboard?bucket=observation` })).json();
    const memberCount = members.filter((m) => m.organisationId === firstCompany).length;
    expect(dashboard.totals).toEqual({ ...expected, undeclared: memberCount - own.length });
    expect(dashboard.totals.undeclared).toBeGreaterThanOrEqual(1);
    expect(dashboard.items.map((i: { quarantine: string }) => i.quarantine).sort()).toEqual(own.filter((d) => bucketOf(d, TODAY) === 'observation').map((d) => d.quarantine).sort());
  });

  it('gives the demo venue admin a compound, a shop and a restaurant, and binds the demo guard to the compound', async () => {
    const bindings = await t.database.db.selectFrom('venueStaff').innerJoin('accounts', 'accounts.id', 'venueStaff.accountId')
      .innerJoin('venues', 'venues.id', 'venueStaff.venueId').select(['accounts.username', 'venueStaff.role', 'venues.kind', 'venues.id']).execute();
    const admin = bindings.filter((b) => b.username === 'demo-venue');
    expect(admin.map((b) => `${b.role}:${b.kind}`).sort()).toEqual(['admin:residential', 'admin:restaurant', 'admin:shop']);
    const guard = bindings.filter((b) => b.username === 'demo-guard');
    expect(guard).toEqual([{ username: 'demo-guard', role: 'guard', kind: 'residential', id: admin.find((b) => b.kind === 'residential')!.id }]);
  });

  it('lets every demo staff account sign in with the demo password, scoped to 330100', async () => {
    for (const staff of DEMO_STAFF) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: staff.username, password: DEMO_PASSWORD } });
      expect(res.statusCode, staff.username).toBe(200);
      expect(res.json().roles).toEqual([expect.objectContaining({ role: staff.role, regionCode: '330100' })]);
    }
  });

  it('lets the demo resident sign in by phone and see their own (synthetic) record', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: FIRST_DEMO_PHONE } });
    const sms = await t.database.db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const code = /([0-9]{6})/.exec(sms.body)![1]!;
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone: FIRST_DEMO_PHONE, code } });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.personId).toEqual(expect.any(String));
    const person = await t.database.db.selectFrom('persons').select('nameMasked').where('id', '=', me.personId).executeTakeFirstOrThrow();
    expect(me.displayName).toBe(person.nameMasked);
  });

  it('runs a screening campaign over simulated callees and opens a chat campaign, as the demo community worker', async () => {
    const db = t.database.db;
    const campaigns = await db.selectFrom('callbotCampaigns').select(['id', 'name', 'channel', 'status', 'startedAt']).orderBy('createdAt').execute();
    expect(campaigns.map((c) => c.channel)).toEqual(['simulated', 'chat']);
    expect(campaigns[1]!.status).toBe('running');
    // Calls happened at calling hours not after the seeding's now (10:00 in Shanghai).
    const attempts = await db.selectFrom('callbotAttempts').select(['startedAt', 'outcome']).where('campaignId', '=', campaigns[0]!.id).execute();
    expect(attempts).toHaveLength(summary!.callbot.callsPlaced);
    expect(attempts.length).toBeGreaterThan(0);
    for (const a of attempts) expect(a.startedAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    const callees = await db.selectFrom('callbotCallees').select(['status', 'result', 'nameEnc']).where('campaignId', '=', campaigns[0]!.id).execute();
    expect(summary!.callbot.callees).toBeGreaterThanOrEqual(callees.length);
    expect(callees.filter((c) => c.status === 'done').every((c) => c.result !== null)).toBe(true);
    expect(new Set(callees.map((c) => c.result).filter((r) => r !== null)).size).toBeGreaterThan(1);
    // The simulated callees play personas: most are well; few refuse (random answers would make half refuse).
    const count = (result: string) => callees.filter((c) => c.result === result).length;
    expect(count('normal')).toBeGreaterThan(callees.length / 2);
    expect(count('refused')).toBeLessThan(count('normal') / 4);
    expect(callees.some((c) => c.nameEnc.includes('张') || c.nameEnc.includes('王'))).toBe(false);
    // The demo community worker sees both in the console.
    const worker = await signInStaffSession(t.app, 'demo-worker', DEMO_PASSWORD);
    const list = await worker.request({ method: 'GET', url: '/api/callbot/campaigns' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(2);
  });

  it('does not seed twice, and audits the one seeding', async () => {
    const before = await t.database.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoCity({ db: t.database.db, keyring: t.platform.keyring, clock, log: () => undefined }, { residents: 300 })).toBeUndefined();
    expect(await seedDemoIfEmpty({ db: t.database.db, keyring: t.platform.keyring, log: () => undefined })).toBe(false);
    const after = await t.database.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await countVenues(t.database.db, '330100')).toBe(200);
    expect(await t.database.db.selectFrom('travelDeclarations').select('id').execute()).toHaveLength(summary!.trips);
    expect(await t.database.db.selectFrom('orgResumptionApplications').select('id').execute()).toHaveLength(4);
    const audits = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'regionCode']).where('action', '=', 'demo.seed').execute();
    expect(audits).toEqual([{ actorLabel: 'demo', regionCode: '330100' }]);
  });

  it('describes the demo log-ins: every account with its role, the password and the resident phone', async () => {
    const lines = (await describeDemoLogins(t.database.db)).join('\n');
    for (const staff of DEMO_STAFF) expect(lines).toContain(staff.username);
    expect(lines).toContain('health official');
    expect(lines).toContain(DEMO_PASSWORD);
    expect(lines).toContain(FIRST_DEMO_PHONE);
    expect(lines).toContain('SMS outbox');
    expect(lines).toMatch(/demo-official .*复工审批/);
    expect(lines).toMatch(/demo-worker .*居家观察/);
    expect(lines).toMatch(/demo-hr .*返岗/);
    expect(lines).toContain('返程申报');
  });
});

describe('a partly prepared database', () => {
  let other: TestPlatform;
  beforeAll(async () => { other = await createTestPlatform({ clock }); });
  afterAll(async () => other.close());

  it('says nothing about demo log-ins before any demo', async () => {
    expect(await describeDemoLogins(other.database.db)).toEqual([]);
  });

  it('keeps an existing tenant and demo account and creates only what is missing', async () => {
    const deps = { db: other.database.db, keyring: other.platform.keyring, clock };
    await onboardRegion(deps, { system: 'test' }, '330100');
    await createStaffAccount(deps, { system: 'test' }, { username: 'demo-worker', displayName: '已有', password: 'another-pass-1', roles: [{ role: 'community_worker', regionCode: '330100' }] });
    const result = await seedDemoCity({ ...deps, log: () => undefined }, { residents: 40, venues: 10 });
    expect(result).toMatchObject({ residents: 40, venues: 10, tenantOnboarded: false, staffAccounts: DEMO_STAFF.length - 1 });
    const kept = await other.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'demo-worker', password: 'another-pass-1' } });
    expect(kept.statusCode).toBe(200);
  });
});

describe('the demo outbreak (流调)', () => {
  it('puts the residents in households and registers three cases: one confirmed here and traced, one suspected, one sent by 上海', async () => {
    expect(summary!.householdMembers).toBeGreaterThan(100);
    // The demo fever clinic's suspected patient has a case of their own (see below).
    const clinicCases = t.database.db.selectFrom('feverClinicVisits').select('caseId').where('caseId', 'is not', null).$narrowType<{ caseId: string }>();
    const cases = await t.database.db.selectFrom('cases').select(['id', 'classification', 'source', 'issuingRegionCode', 'externalRef', 'closeContacts', 'secondaryContacts', 'tracedAt'])
      .where('id', 'not in', clinicCases).where('createdAt', '=', clock.now()).orderBy('source').execute();
    expect(cases.map((c) => [c.classification, c.source, c.issuingRegionCode, c.externalRef])).toEqual([
      ['confirmed', 'fever_clinic', null, null], ['confirmed', 'other_region', '310000', 'SH-2026-00017'], ['suspected', 'screening_call', null, null],
    ]);
    const [local, imported, suspected] = cases;
    // 8 at the restaurant, 5 at the shop, and the case's household; 5 more met three of them this morning.
    expect(local!.closeContacts).toBeGreaterThanOrEqual(13);
    expect(local!.secondaryContacts).toBeGreaterThanOrEqual(5);
    expect(imported!.tracedAt).not.toBeNull();
    expect(suspected!.tracedAt).toBeNull();
    expect(summary!.contacts).toBe(local!.closeContacts + local!.secondaryContacts + imported!.closeContacts + imported!.secondaryContacts);
    const red = await t.database.db.selectFrom('caseContacts as k').innerJoin('codeStatus as s', 's.personId', 'k.personId')
      .select(['k.depth', 's.colour']).where('k.caseId', '=', local!.id).execute();
    expect(red.filter((r) => r.depth === 1).every((r) => r.colour === 'red')).toBe(true);
    expect(red.filter((r) => r.depth === 2).every((r) => r.colour !== 'green')).toBe(true);
  });
});

describe('the demo fever clinic (发热门诊)', () => {
  it('opens at a hospital with demo-clinic at its desk and today\'s patients, the suspected one with a suspected case', async () => {
    const visits = await t.database.db.selectFrom('feverClinicVisits as v').innerJoin('venues as h', 'h.id', 'v.venueId').leftJoin('cases as c', 'c.id', 'v.caseId')
      .select(['h.kind', 'v.suspected', 'v.result', 'c.classification', 'c.source']).orderBy('v.visitedAt').execute();
    expect(visits).toHaveLength(4);
    expect(visits.every((v) => v.kind === 'hospital')).toBe(true);
    expect(visits.map((v) => [v.suspected, v.result, v.classification, v.source])).toEqual([
      [false, 'negative', null, null], [false, 'pending', null, null], [false, null, null, null], [true, 'pending', 'suspected', 'fever_clinic'],
    ]);
    const desk = await t.database.db.selectFrom('feverClinicStaff as s').innerJoin('accounts as a', 'a.id', 's.accountId').select('a.username').execute();
    expect(desk).toEqual([{ username: 'demo-clinic' }]);
  });
});

describe('the demo epidemic history (疫情态势)', () => {
  it('registers sixty days of untraced past cases, each of a person of its own, that the dashboard shows as a wave', async () => {
    const history = await t.database.db.selectFrom('cases').select(['personId', 'classification', 'reportedOn', 'traceRequestedAt', 'tracedAt']).where('createdAt', '<', clock.now()).execute();
    expect(history.length).toBeGreaterThan(200);
    expect(history.every((c) => c.traceRequestedAt === null && c.tracedAt === null)).toBe(true);
    expect(new Set(history.map((c) => c.personId)).size).toBe(history.length);
    expect(new Set(history.map((c) => c.classification))).toEqual(new Set(['confirmed', 'asymptomatic', 'suspected', 'excluded']));
    const official = await signInStaffSession(t.app, 'demo-official', DEMO_PASSWORD);
    const curve = (await official.request({ method: 'GET', url: `/api/analytics/curve?regionCode=330100&from=${addDays(TODAY, -59)}&to=${TODAY}` })).json() as { newInfections: number[]; cumulativeInfections: number[] };
    const infected = history.filter((c) => c.classification === 'confirmed' || c.classification === 'asymptomatic').length;
    expect(curve.cumulativeInfections.at(-1)).toBe(infected + 2); // and the outbreak's two confirmed cases today
    const peak = curve.newInfections.indexOf(Math.max(...curve.newInfections));
    expect(peak).toBeGreaterThan(20);
    expect(peak).toBeLessThan(45);
  });

  it('draws the city on schematic tiles, one per district, flagged as a schematic; its close contacts are under observation', async () => {
    const official = await signInStaffSession(t.app, 'demo-official', DEMO_PASSWORD);
    const { map } = (await official.request({ method: 'GET', url: '/api/analytics/map?regionCode=330100' })).json();
    const districts = await t.database.db.selectFrom('regions').select('code').where('parentCode', '=', '330100').orderBy('code').execute();
    expect(map).toMatchObject({ regionCode: '330100', schematic: true, approvalNo: null });
    expect(map.geometry.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(districts.map((d) => d.code));
    const figures = (await official.request({ method: 'GET', url: `/api/analytics/districts?regionCode=330100&from=${TODAY}&to=${TODAY}` })).json();
    const plans = await t.database.db.selectFrom('monitoringPlans').select((eb) => eb.fn.countAll<number>().as('n')).where('reason', '=', 'close_contact').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(figures.monitoredContacts).toBeGreaterThan(0);
    expect(figures.monitoredContacts).toBe(Number(plans.n));
  });
});
