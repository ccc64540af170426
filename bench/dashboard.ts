/**
 * `npm run bench -- dashboard [--residents N] [--checkins M]`: the situation dashboard's endpoints
 * (/api/analytics: curve, districts, colours, rt, checkins, follow-ups, calls) over a large synthetic
 * region, against the same figures counted directly from the raw tables in the same run. Last line:
 * {"bench":"dashboard","endpoints":…,"p50_ms":…,"p99_ms":…,"direct_count_ms":…,"residents":…,"checkins":…}.
 *
 * The region is 杭州市 (330100) with all its streets, in a throwaway database:
 * - N residents (default 10,000,000; --residents or BENCH_RESIDENTS): person rows spread over the
 *   streets, sealed fields as placeholders (no one reads them here), each with a code status —
 *   96.5 % green, 3 % yellow, 0.5 % red, taken up on one of the last 60 days.
 * - M check-ins (default 50,000,000; --checkins or BENCH_CHECKINS) over the last 14 days, at
 *   streets, hours of the day weighted to the day's peaks, 2 % with a yellow or red code.
 * - one case per 1,000 residents over the last 90 days in a rising and falling wave, mostly
 *   confirmed and asymptomatic; monitoring plans for 10 close contacts per case in the last 14
 *   days with follow-ups on 90 % of their due days.
 * Everything is written in bulk with the rollup triggers off (as a city's history would be, folded
 * long ago) and the rollups filled by the same aggregates the migrations use; then today's new cases
 * go in through the triggers and stay unfolded, as between two runs of the fold job.
 *
 * Measured: BENCH_REQUESTS (50) requests per endpoint over HTTP as a health official of the city
 * (60 days, by report day), after one warm-up each: p50 and p99 over all requests, and each
 * endpoint's own. Direct counts: the same figures by scanning cases, code_status ⋈ persons,
 * check-ins, plans (close contacts under observation per district) and follow-ups (median of BENCH_DIRECT_RUNS (3) runs of all of them); the bench
 * checks that both give the same numbers (same_figures).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createStaffAccount } from '../src/accounts/service.ts';
import { addDays } from '../src/checkins/partitions/model.ts';
import { ensurePartitions } from '../src/checkins/partitions/service.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { buildApp } from '../src/server/app.ts';
import { createPlatform } from '../src/server/platform.ts';
import { benchOption, benchSetting, openBenchDatabase, quantile, report, round } from './support.ts';

const log = (message: string) => console.error(`[bench dashboard] ${message}`);

const RESIDENTS = benchOption('residents', 'BENCH_RESIDENTS', 10_000_000);
const CHECKINS = benchOption('checkins', 'BENCH_CHECKINS', 50_000_000);
const REQUESTS = benchSetting('BENCH_REQUESTS', 50);
const DIRECT_RUNS = benchSetting('BENCH_DIRECT_RUNS', 3);
const CITY = '330100';
const DATA_DAYS = 14;

const runStarted = performance.now();
const database = await openBenchDatabase('dashboard', {
  settings: { shared_buffers: '1GB', maintenance_work_mem: '512MB', max_wal_size: '4GB', checkpoint_timeout: '30min', work_mem: '64MB' },
});
const { db } = database;
const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
const platformDeps = { db, keyring, clock: systemClock };
await onboardRegion(platformDeps, { system: 'bench' }, CITY);
const today = shanghaiDay(new Date());
const from = addDays(today, -59);

// ---- the region, written in bulk with the rollup triggers off -----------------------------------

const buildStarted = performance.now();
const streets = (await sql<{ code: string }>`select code from regions where code like '3301%' and length(code) = 9 order by code`.execute(db)).rows.map((r) => r.code);
log(`${RESIDENTS} residents and ${CHECKINS} check-ins in ${streets.length} streets of 杭州市…`);

await db.connection().execute(async (conn) => {
  await sql`set session_replication_role = replica`.execute(conn);
  const chunk = 1_000_000;
  for (let start = 0; start < RESIDENTS; start += chunk) {
    const end = Math.min(RESIDENTS, start + chunk);
    await sql`
      insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, home_region_code, synthetic)
      select md5('p' || i)::uuid, 'resident_id', 'bench', md5('id' || i), '3301**********0000', 'bench', '某*', (${streets}::text[])[1 + i % ${streets.length}], true
      from generate_series(${start}::int, ${end - 1}::int) i`.execute(conn);
    await sql`
      insert into code_status (person_id, subject_id, colour, since, rule_set_ref, reasons, evaluated_at)
      select md5('p' || i)::uuid, substring(decode(md5('s' || i), 'hex') from 1 for 10),
        case when i % 200 = 0 then 'red' when i % 100 < 3 then 'yellow' else 'green' end,
        ${from}::date + (i % 60) + time '09:00', 'bench', '[]', now()
      from generate_series(${start}::int, ${end - 1}::int) i`.execute(conn);
    log(`  residents ${end}/${RESIDENTS}`);
  }
  // Cases: a wave over 90 days, one per 1,000 residents.
  const caseDays = 90;
  await sql`
    insert into cases (id, person_id, region_code, classification, onset_on, reported_on, source, created_at, updated_at)
    select md5('c' || i)::uuid, md5('p' || (i * 997 % ${RESIDENTS}))::uuid, (${streets}::text[])[(1 + (i * 31) % ${streets.length})::int],
      (array['confirmed', 'confirmed', 'confirmed', 'asymptomatic', 'asymptomatic', 'suspected', 'excluded', 'recovered'])[(1 + i % 8)::int],
      d - 2, d, 'lab', now(), now()
    from (
      select i, ${today}::date - ${caseDays}::int + least(${caseDays}::int, greatest(0, round(${caseDays}::int * 0.55 + 12 * sqrt(-2 * ln(1 - ((i * 7919) % 10007 + 0.5) / 10007.0)) * cos(2 * pi() * ((i * 104729) % 10009) / 10009.0))))::int as d
      from generate_series(1::bigint, ${Math.max(1, Math.floor(RESIDENTS / 1000))}::bigint) i
    ) c`.execute(conn);
  // Monitoring plans and follow-ups of the last 14 days.
  const plans = Math.max(10, Math.floor(RESIDENTS / 100));
  await sql`
    insert into monitoring_plans (id, person_id, reason, source_ref, region_code, start_on, end_on, follow_up_from, status, created_at)
    select md5('m' || i)::uuid, md5('p' || (i * 7 % ${RESIDENTS}))::uuid, 'close_contact', 'bench:' || i, (${streets}::text[])[1 + i % ${streets.length}],
      ${today}::date - (i % 14), ${today}::date - (i % 14) + 13, ${today}::date - (i % 14) + 1, 'active', now()
    from generate_series(1, ${plans}::int) i`.execute(conn);
  const account = await sql<{ id: string }>`select id from accounts limit 1`.execute(conn);
  await sql`
    insert into monitoring_follow_ups (id, plan_id, day, recorded_at, recorded_by_account_id, reached, temperature, symptoms)
    select md5(p.id::text || d::text)::uuid, p.id, d::date, (d::date + time '10:00') at time zone 'Asia/Shanghai', ${account.rows[0]!.id}::uuid,
      true, 36.5, array['none']
    from monitoring_plans p cross join lateral generate_series(p.follow_up_from, least(p.end_on, ${today}::date - 1), interval '1 day') d
    where hashtext(p.id::text || d::text) % 10 <> 0`.execute(conn);
  log('  cases, plans and follow-ups written');
  // Check-ins: per day, hours weighted to the morning and evening peaks.
  await ensurePartitions(conn, Array.from({ length: DATA_DAYS }, (_, i) => ({ day: addDays(today, -DATA_DAYS + 1 + i), retentionDays: 28 })));
  const perDay = Math.floor(CHECKINS / DATA_DAYS);
  for (let d = 0; d < DATA_DAYS; d++) {
    const day = addDays(today, -DATA_DAYS + 1 + d);
    const base = d * perDay;
    await sql`
      insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, retention_days)
      select ${base}::bigint + i, md5('p' || (i * 13 % ${RESIDENTS}))::uuid, md5('v' || (i % 50000))::uuid, (${streets}::text[])[(1 + (i * 17) % ${streets.length})::int], 'v', '某*',
        t, t + interval '30 minutes', case when i % 50 = 0 then 'yellow' else 'green' end, 'scan', 28
      from (
        select i, (${day}::date + time '06:00' + make_interval(mins => (((i * 7919) % 960 + (i % 3) * ((i * 31) % 120) - 60 + 960) % 960)::int)) at time zone 'Asia/Shanghai' as t
        from generate_series(1::bigint, ${perDay}::bigint) i
      ) c`.execute(conn);
    log(`  check-ins of ${day} written`);
  }
  // The connection goes back to the pool: with the triggers on again.
  await sql`set session_replication_role = default`.execute(conn);
});
log('filling the rollups from the rows…');
await sql`
  insert into daily_rollups (day, region_code, measure, value)
  select day, region_code, measure, sum(n) from (
    select reported_on as day, rollup_district(region_code) as region_code, 'cases_reported:' || classification as measure, count(*) as n from cases group by 1, 2, 3
    union all select onset_on, rollup_district(region_code), 'cases_onset:' || classification, count(*) from cases where onset_on is not null group by 1, 2, 3
    union all select (s.since at time zone 'Asia/Shanghai')::date, rollup_district(p.home_region_code), 'colour_net:' || s.colour, count(*) from code_status s join persons p on p.id = s.person_id group by 1, 2, 3
    union all select (checked_in_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code), 'checkins_hour:' || to_char(checked_in_at at time zone 'Asia/Shanghai', 'HH24'), count(*) from checkins group by 1, 2, 3
    union all select (checked_in_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code), 'checkins_abnormal', count(*) from checkins where colour in ('yellow', 'red') group by 1, 2
    union all select d::date, rollup_district(p.region_code), 'followups_due', count(*) from monitoring_plans p cross join lateral generate_series(p.follow_up_from, p.end_on, interval '1 day') d group by 1, 2
    union all select f.day, rollup_district(p.region_code), 'followups_done', count(*) from monitoring_follow_ups f join monitoring_plans p on p.id = f.plan_id group by 1, 2
    union all select f.day, rollup_district(p.region_code), 'followups_reached', count(*) from monitoring_follow_ups f join monitoring_plans p on p.id = f.plan_id where f.reached group by 1, 2
    union all select d::date, rollup_district(p.region_code), 'contacts_monitored', count(*) from monitoring_plans p cross join lateral generate_series(p.start_on, p.end_on, interval '1 day') d where p.reason = 'close_contact' group by 1, 2
  ) r group by 1, 2, 3`.execute(db);
// Today's new cases arrive through the triggers and stay unfolded.
await sql`
  insert into cases (id, person_id, region_code, classification, onset_on, reported_on, source, created_at, updated_at)
  select md5('today' || i)::uuid, md5('p' || (i * 389 % ${RESIDENTS}))::uuid, (${streets}::text[])[1 + i % ${streets.length}], 'confirmed', ${today}::date - 1, ${today}::date, 'lab', now(), now()
  from generate_series(1, 200) i`.execute(db);
await sql`vacuum analyze`.execute(db);
const buildSeconds = (performance.now() - buildStarted) / 1000;
const unfolded = Number((await sql<{ n: number }>`select count(*)::int as n from rollup_deltas`.execute(db)).rows[0]!.n);
log(`built in ${round(buildSeconds)} s; ${unfolded} deltas unfolded`);

// ---- the endpoints over HTTP ---------------------------------------------------------------------

const platform = await createPlatform({ db, databaseUrl: database.url, keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined });
const app = await buildApp(platform, { logger: false, serveWeb: false });
await createStaffAccount(platform, { system: 'bench' }, { username: 'bench-official', displayName: '态势压测', password: 'bench-only-dashboard-9', roles: [{ role: 'health_official', regionCode: CITY }] });
const signIn = await app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'bench-official', password: 'bench-only-dashboard-9' } });
if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
const cookie = `fy_session=${signIn.cookies.find((c) => c.name === 'fy_session')!.value}`;
const range = `regionCode=${CITY}&from=${from}&to=${today}`;
const endpoints = ['curve', 'districts', 'colours', 'rt', 'checkins', 'follow-ups', 'calls'].map((name) => ({ name, url: `/api/analytics/${name}?${range}` }));
const answers = new Map<string, any>();
for (const e of endpoints) {
  const res = await app.inject({ method: 'GET', url: e.url, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`${e.name} answered ${res.statusCode}: ${res.body}`);
  answers.set(e.name, res.json());
}
const timings: number[] = [];
const byEndpoint: Record<string, { p50_ms: number; p99_ms: number }> = {};
for (const e of endpoints) {
  const own: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: e.url, headers: { cookie } });
    own.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`${e.name} answered ${res.statusCode}`);
  }
  own.sort((a, b) => a - b);
  byEndpoint[e.name] = { p50_ms: round(quantile(own, 0.5)), p99_ms: round(quantile(own, 0.99)) };
  timings.push(...own);
  log(`  ${e.name}: p50 ${byEndpoint[e.name]!.p50_ms} ms, p99 ${byEndpoint[e.name]!.p99_ms} ms`);
}
timings.sort((a, b) => a - b);

// ---- the same figures straight from the rows -----------------------------------------------------

async function directFigures() {
  const infections = await sql<{ day: string; n: number }>`
    select to_char(reported_on, 'YYYY-MM-DD') as day, count(*)::int as n from cases
    where classification in ('confirmed', 'asymptomatic') and region_code like '3301%' and reported_on between ${from}::date and ${today}::date group by 1`.execute(db);
  const colours = await sql<{ colour: string; n: number }>`
    select s.colour, count(*)::int as n from code_status s join persons p on p.id = s.person_id where p.home_region_code like '3301%' group by 1`.execute(db);
  const checkins = await sql<{ day: string; n: number }>`
    select to_char((checked_in_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, count(*)::int as n from checkins where region_code like '3301%' group by 1`.execute(db);
  const followUps = await sql<{ day: string; n: number }>`
    select to_char(f.day, 'YYYY-MM-DD') as day, count(*)::int as n from monitoring_follow_ups f join monitoring_plans p on p.id = f.plan_id where p.region_code like '3301%' group by 1`.execute(db);
  const contacts = await sql<{ district: string; n: number }>`
    select left(region_code, 6) as district, count(*)::int as n from monitoring_plans
    where reason = 'close_contact' and region_code like '3301%' and start_on <= ${today}::date
      and least(end_on, coalesce((closed_at at time zone 'Asia/Shanghai')::date - 1, end_on)) >= ${today}::date
    group by 1`.execute(db);
  return {
    monitoredContacts: new Map(contacts.rows.map((r) => [r.district, r.n])),
    infections: new Map(infections.rows.map((r) => [r.day, r.n])),
    colours: new Map(colours.rows.map((r) => [r.colour, r.n])),
    checkins: new Map(checkins.rows.map((r) => [r.day, r.n])),
    followUps: new Map(followUps.rows.map((r) => [r.day, r.n])),
  };
}
const directTimes: number[] = [];
let direct: Awaited<ReturnType<typeof directFigures>> | undefined;
for (let i = 0; i < DIRECT_RUNS; i++) {
  const started = performance.now();
  direct = await directFigures();
  directTimes.push(performance.now() - started);
}
directTimes.sort((a, b) => a - b);
const directMs = quantile(directTimes, 0.5);

const curve = answers.get('curve');
const coloursNow = answers.get('colours').totals;
const activity = answers.get('checkins');
const followUps = answers.get('follow-ups');
const districtsNow = answers.get('districts');
const same = {
  monitored_contacts: districtsNow.items.filter((i: { monitoredContacts: number }) => i.monitoredContacts > 0).length === direct!.monitoredContacts.size
    && districtsNow.items.every((i: { regionCode: string; monitoredContacts: number }) => i.monitoredContacts === (direct!.monitoredContacts.get(i.regionCode) ?? 0)),
  infections: curve.days.every((d: string, i: number) => curve.newInfections[i] === (direct!.infections.get(d) ?? 0)),
  colours: (['green', 'yellow', 'red'] as const).every((c) => coloursNow[c].at(-1) === (direct!.colours.get(c) ?? 0)),
  checkins: activity.days.every((d: string, i: number) => activity.checkins[i] === (direct!.checkins.get(d) ?? 0)),
  follow_ups: followUps.days.every((d: string, i: number) => followUps.done[i] === (direct!.followUps.get(d) ?? 0)),
};
log(`direct counts: ${round(directMs)} ms; same figures ${JSON.stringify(same)}`);
await app.close();
await database.close();

report({
  bench: 'dashboard',
  endpoints: endpoints.length,
  p50_ms: round(quantile(timings, 0.5)),
  p99_ms: round(quantile(timings, 0.99)),
  direct_count_ms: round(directMs),
  residents: RESIDENTS,
  checkins: CHECKINS,
  same_figures: same,
  by_endpoint: byEndpoint,
  requests_per_endpoint: REQUESTS,
  days_shown: 60,
  unfolded_deltas: unfolded,
  build_s: round(buildSeconds),
  run_s: round((performance.now() - runStarted) / 1000),
  notes: 'endpoints: GET /api/analytics/* over Fastify inject as a health official of the city (60 days, by report day), rollups plus unfolded deltas; direct: the same figures counted from cases, code_status ⋈ persons, check-ins, follow-ups and plans under observation (median of runs)',
});
