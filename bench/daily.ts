/**
 * `npm run bench -- daily`: daily health check-ins (健康打卡).
 *  1. Statistics of a BENCH_MEMBERS-member organisation (default 100,000: 20 departments × 5 teams)
 *     with BENCH_DAYS (default 14) days of check-ins (95 % submitted a day, 2 % abnormal), seeded
 *     with INSERT … SELECT generate_series, then VACUUM ANALYZE (as autovacuum would have). The
 *     console's GET /api/orgs/:id/daily/stats (per-unit counts, 14-day trend) through HTTP with the
 *     administrator's session: median and p95 of 30 requests, and the first page of the abnormal
 *     and not-submitted lists. Baseline in the same run: the naive way — every member and the day's
 *     check-ins read into Node and counted there, plus one COUNT(*) per trend day.
 *  2. Submissions through HTTP: BENCH_SESSIONS (default 1000) demo residents sign in (phone +
 *     one-time code) and declare, so each has a (green) health code; each is a member of BENCH_ORGS
 *     (default 120) organisations; one in fifty answers a fever. As in production, an abnormal
 *     check-in recomputes the colour before the answer and a normal one of a green code is left to
 *     the colour-review job (facts outbox): that deferred work is then timed on its own
 *     (deferred_recomputes, deferred_per_s) so the figure does not hide it. Every request
 *     is a real POST /api/orgs/:id/daily with session and CSRF token for a random (member,
 *     organisation): a pair drawn twice answers 409 DAILY_ALREADY_SUBMITTED (one a day) — counted
 *     apart, only 201s make the rate. Closed loop with BENCH_CONNECTIONS (default 50) for the most
 *     it sustains, then an open loop at 80 % of it for p50/p99.
 *  3. Baseline: single-row INSERTs straight into org_daily_checkins (20 connections, 64 loops),
 *     each its own transaction — the floor of what the table takes without HTTP, sessions, checks,
 *     audit of facts and colour recomputation.
 * Last line: {"bench":"daily","checkins_per_s":…,"p99_ms":…,"stats_100k_ms":…,"stats_naive_ms":…,…}.
 * BENCH_STATEMENTS=1 prints the costliest statements of the closed loop (pg_stat_statements).
 * Progress goes to stderr. The default run takes about two to three minutes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createStaffAccount } from '../src/accounts/service.ts';
import { reviewDueColours } from '../src/codes/colours/service.ts';
import { FIRST_DEMO_PHONE } from '../src/demo/model/households.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { daysEndingWith } from '../src/orgs/daily/model.ts';
import { insertOrganisationAdmin, insertOrganisations } from '../src/orgs/store.ts';
import { buildApp } from '../src/server/app.ts';
import { createPlatform } from '../src/server/platform.ts';
import { runLoad, type RequestTemplate } from './load/open-loop.ts';
import { benchSetting, cpuPer, cpuTimes, freePort, logStatementStats, openBenchDatabase, report, resetStatementStats, signInDemoResidents, statementSettings, withCpuProfile } from './support.ts';

const env = benchSetting;
const MEMBERS = env('BENCH_MEMBERS', 100_000);
const DAYS = env('BENCH_DAYS', 14);
const SECONDS = env('BENCH_SECONDS', 10);
const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const SESSIONS = env('BENCH_SESSIONS', 1000);
const ORGS = env('BENCH_ORGS', 120);
const log = (message: string) => console.error(`[bench daily] ${message}`);
const round = (ms: number) => Math.round(ms * 100) / 100;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

async function timed(samples: number, work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)) };
}

const database = await openBenchDatabase('daily', { settings: { shared_buffers: '512MB', max_wal_size: '4GB', ...statementSettings() } });
const { db } = database;
const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
const deps = { db, keyring, clock: systemClock };
const today = shanghaiDay(new Date());
const days = daysEndingWith(today, DAYS);

// The demo city first: it seeds only an empty installation (its residents sign in for part 2).
log(`seeding the demo city for ${SESSIONS} signed-in residents…`);
await seedDemoCity({ db, keyring, clock: systemClock, log: () => undefined }, { residents: Math.ceil(SESSIONS * 1.5), venues: 10 });

// ---- 1. a 100,000-member organisation ---------------------------------------------------------

const seedStarted = performance.now();
const PASSWORD = 'bench-horse-9';
const { accountId: adminId } = await createStaffAccount(deps, { system: 'bench' }, { username: 'bench-org', displayName: 'bench', password: PASSWORD, roles: [{ role: 'org_admin', regionCode: '330106' }] });
const bigOrg = randomUUID();
await insertOrganisations(db, [{ id: bigOrg, regionCode: '330106004', name: '十万人单位', kind: 'company' }]);
await insertOrganisationAdmin(db, bigOrg, adminId, null);
log(`seeding ${MEMBERS} persons and members…`);
await sql`
  insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, home_region_code, synthetic)
  select md5('dp' || i)::uuid, 'resident_id', 'x', md5('dh' || i), '330106********000' || (i % 10), 'x', '张*', '330106004', true
  from generate_series(1, ${MEMBERS}) i`.execute(db);
await sql`
  insert into organisation_units (id, organisation_id, parent_id, name, kind)
  select md5('dept' || d)::uuid, ${bigOrg}::uuid, null, '部门' || d, 'department' from generate_series(1, 20) d`.execute(db);
await sql`
  insert into organisation_units (id, organisation_id, parent_id, name, kind)
  select md5('team' || d || '-' || k)::uuid, ${bigOrg}::uuid, md5('dept' || d)::uuid, '部门' || d || '第' || k || '组', 'team'
  from generate_series(1, 20) d, generate_series(1, 5) k`.execute(db);
await sql`
  insert into organisation_members (organisation_id, person_id, unit_id, member_role, added_by_account_id)
  select ${bigOrg}::uuid, md5('dp' || i)::uuid, md5('team' || (1 + i % 20) || '-' || (1 + (i / 20) % 5))::uuid, 'member', ${adminId}::uuid
  from generate_series(1, ${MEMBERS}) i`.execute(db);
for (const day of days) {
  // Submitted between 07:00 and 17:00 Beijing time of that day (the table checks the day against the time).
  await sql`
    insert into org_daily_checkins (id, organisation_id, person_id, day, submitted_at, submitted_by_account_id, temperature, symptoms, city_code, location, abnormal, abnormal_reasons, home_region_code)
    select gen_random_uuid(), ${bigOrg}::uuid, md5('dp' || i)::uuid, ${day}::date, (t at time zone 'UTC'), ${adminId}::uuid,
      case when a then 37.8 else 36.5 end, case when a then array['fever'] else array['none'] end, '330106', 'work', a,
      case when a then array['fever'] else array[]::text[] end, '330106004'
    from (
      select i, random() < 0.02 as a, ${day}::timestamp - interval '8 hours' + interval '7 hours' + random() * interval '10 hours' as t
      from generate_series(1, ${MEMBERS}) i where random() < 0.95
    ) g`.execute(db);
  log(`  check-ins of ${day}`);
}
log('vacuum analyze…');
await sql`vacuum analyze organisation_members`.execute(db);
await sql`vacuum analyze org_daily_checkins`.execute(db);
await sql`vacuum analyze persons`.execute(db);
const checkinRows = Number((await sql<{ n: string }>`select count(*) as n from org_daily_checkins`.execute(db)).rows[0]!.n);
const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
log(`${MEMBERS} members, ${checkinRows} check-ins in ${seedSeconds} s`);

const platform = await createPlatform({ db, databaseUrl: database.url, keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined });
const app = await buildApp(platform, { logger: false, serveWeb: false });
const port = await freePort();
await app.listen({ port, host: '127.0.0.1' });
const origin = `http://127.0.0.1:${port}`;

const signIn = await app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'bench-org', password: PASSWORD } });
const adminCookie = `fy_session=${signIn.cookies.find((c) => c.name === 'fy_session')!.value}`;
const getJson = async (path: string): Promise<{ totals?: unknown; units: { unitId: string | null }[] }> => {
  const res = await fetch(`${origin}${path}`, { headers: { cookie: adminCookie } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { totals?: unknown; units: { unitId: string | null }[] };
};
const stats = await getJson(`/api/orgs/${bigOrg}/daily/stats`);
log(`stats: ${JSON.stringify(stats.totals)}, ${stats.units.length} units`);
const statsTime = await timed(30, () => getJson(`/api/orgs/${bigOrg}/daily/stats`));
const unitTime = await timed(30, () => getJson(`/api/orgs/${bigOrg}/daily/stats?unitId=${stats.units[0]!.unitId}`));
const abnormalListTime = await timed(30, () => getJson(`/api/orgs/${bigOrg}/daily/list?status=abnormal&limit=50`));
const missingListTime = await timed(30, () => getJson(`/api/orgs/${bigOrg}/daily/list?status=missing&limit=50`));
log(`stats median ${statsTime.median} ms (p95 ${statsTime.p95}); one department ${unitTime.median} ms; abnormal list ${abnormalListTime.median} ms; missing list ${missingListTime.median} ms`);

// The naive way, same data: everything into Node, counted there, a COUNT(*) per trend day.
const naive = await timed(5, async () => {
  const members = await db.selectFrom('organisationMembers').select(['personId', 'unitId']).where('organisationId', '=', bigOrg).where('status', '=', 'active').execute();
  const checkins = await db.selectFrom('orgDailyCheckins').select(['personId', 'abnormal']).where('organisationId', '=', bigOrg).where('day', '=', today).execute();
  const byPerson = new Map(checkins.map((c) => [c.personId, c.abnormal]));
  const perUnit = new Map<string | null, { members: number; submitted: number; abnormal: number }>();
  for (const m of members) {
    const u = perUnit.get(m.unitId) ?? { members: 0, submitted: 0, abnormal: 0 };
    u.members++;
    if (byPerson.has(m.personId)) { u.submitted++; if (byPerson.get(m.personId)) u.abnormal++; }
    perUnit.set(m.unitId, u);
  }
  for (const day of days) await sql`select count(*) from org_daily_checkins where organisation_id = ${bigOrg}::uuid and day = ${day}::date`.execute(db);
  return perUnit;
});
log(`naive statistics median ${naive.median} ms`);

// ---- 2. submissions through HTTP ----------------------------------------------------------------

const residents = await signInDemoResidents(app, db, SESSIONS, log, Number(FIRST_DEMO_PHONE));
const orgIds = Array.from({ length: ORGS }, () => randomUUID());
await insertOrganisations(db, orgIds.map((id, i) => ({ id, regionCode: '330106004', name: `打卡单位${i + 1}`, kind: 'company' as const })));
await sql`
  insert into organisation_members (organisation_id, person_id, unit_id, member_role)
  select o, p, null, 'member' from unnest(${orgIds}::uuid[]) o, unnest(${residents.map((r) => r.personId)}::uuid[]) p`.execute(db);
await sql`vacuum analyze organisation_members`.execute(db);
const requests: RequestTemplate[] = [];
for (const r of residents) {
  const headers = { cookie: `fy_session=${r.cookie}`, 'x-csrf-token': r.csrf, 'content-type': 'application/json' };
  const feverish = residents.indexOf(r) % 50 === 0;
  const body = JSON.stringify({ personId: r.personId, temperature: feverish ? 37.8 : 36.5, symptoms: feverish ? ['fever'] : ['none'], cityCode: '330106', location: 'work' });
  for (const orgId of orgIds) requests.push({ method: 'POST', path: `/api/orgs/${orgId}/daily`, headers, body });
}
log(`${residents.length} residents × ${ORGS} organisations = ${requests.length} possible check-ins today`);
const probe = await fetch(`${origin}${requests[0]!.path}`, { method: 'POST', headers: requests[0]!.headers, body: requests[0]!.body });
if (probe.status !== 201) throw new Error(`daily route answered ${probe.status}: ${await probe.text()}`);
const plan = { url: `${origin}/api/orgs`, requests, seconds: SECONDS };
const okPerSecond = (f: { statuses: Record<string, number>; requests: number; rps: number }) => Math.round(((f.statuses['201'] ?? 0) / Math.max(1, f.requests)) * f.rps);

log(`closed loop, ${CONNECTIONS} connections, ${SECONDS} s…`);
await resetStatementStats(db);
const cpuBefore = cpuTimes();
const saturated = await withCpuProfile('daily-closed-loop', () => runLoad({ ...plan, connections: CONNECTIONS, rate: 0 }));
const cpuPerCheckin = cpuPer(cpuBefore, cpuTimes(), Math.max(1, saturated.requests));
log(`  CPU ms per request ${JSON.stringify(cpuPerCheckin)}`);
await logStatementStats(db, log, 12);
log(`  ${JSON.stringify(saturated)}`);
const offered = Math.max(1, Math.floor(0.8 * okPerSecond(saturated)));
log(`open loop at ${offered}/s for ${SECONDS} s…`);
const atRate = await runLoad({ ...plan, connections: Math.max(CONNECTIONS, 200), rate: offered });
log(`  ${JSON.stringify(atRate)}`);
const written = Number((await sql<{ n: string }>`select count(*) as n from org_daily_checkins where organisation_id = any(${orgIds}::uuid[])`.execute(db)).rows[0]!.n);
// The recomputations the answers left to the colour-review job, as that job does them.
const pendingPersons = async () => Number((await sql<{ n: string }>`select count(distinct person_id) as n from code_facts_changed where processed_at is null`.execute(db)).rows[0]!.n);
const deferred = await pendingPersons();
log(`colour review of ${deferred} persons with check-ins not yet recomputed…`);
const reviewStarted = performance.now();
while (await pendingPersons() > 0) await reviewDueColours(platform);
const reviewSeconds = (performance.now() - reviewStarted) / 1000;
await app.close();
await platform.close();

// ---- 3. single-row INSERTs ----------------------------------------------------------------------

log(`single-row INSERTs, 64 loops on 20 connections, ${SECONDS} s…`);
const baselineOrg = randomUUID();
await insertOrganisations(db, [{ id: baselineOrg, regionCode: '330106004', name: '基线单位', kind: 'company' }]);
const pool = new pg.Pool({ connectionString: database.url, max: 20 });
let next = 0;
let inserted = 0;
const rawEnd = performance.now() + SECONDS * 1000;
const rawStarted = performance.now();
await Promise.all(Array.from({ length: 64 }, async () => {
  while (performance.now() < rawEnd && next < MEMBERS) {
    const i = ++next;
    await pool.query(
      `insert into org_daily_checkins (id, organisation_id, person_id, day, submitted_at, submitted_by_account_id, temperature, symptoms, city_code, location, abnormal, abnormal_reasons, home_region_code)
       values (gen_random_uuid(), $1, md5('dp' || $2)::uuid, ((now() at time zone 'UTC') + interval '8 hours')::date, now(), $3, 36.5, array['none'], '330106', 'work', false, array[]::text[], '330106004')`,
      [baselineOrg, i, adminId],
    );
    inserted++;
  }
}));
const rawPerSecond = Math.round(inserted / ((performance.now() - rawStarted) / 1000));
await pool.end();
log(`  ${rawPerSecond}/s`);
await database.close();

const checkinsPerSecond = okPerSecond(saturated);
report({
  bench: 'daily',
  checkins_per_s: checkinsPerSecond,
  p99_ms: atRate.p99Ms,
  stats_100k_ms: statsTime.median,
  p50_ms: atRate.p50Ms,
  latency_offered_rate: offered,
  latency_achieved_per_s: okPerSecond(atRate),
  saturated_p99_ms: saturated.p99Ms,
  http_statuses: { saturated: saturated.statuses, at_rate: atRate.statuses },
  http_rows_written: written,
  cpu_ms_per_request: cpuPerCheckin,
  deferred_recomputes: deferred,
  deferred_per_s: Math.round(deferred / Math.max(0.001, reviewSeconds)),
  raw_insert_per_s: rawPerSecond,
  ratio: Number((checkinsPerSecond / Math.max(1, rawPerSecond)).toFixed(3)),
  stats_100k_p95_ms: statsTime.p95,
  stats_one_department_ms: unitTime.median,
  list_abnormal_ms: abnormalListTime.median,
  list_missing_ms: missingListTime.median,
  stats_naive_ms: naive.median,
  stats_speedup: Number((naive.median / Math.max(0.01, statsTime.median)).toFixed(1)),
  members: MEMBERS,
  checkin_rows: checkinRows,
  seed_s: seedSeconds,
});
