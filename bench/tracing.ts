/**
 * `npm run bench -- tracing [--residents N] [--checkins M]`: automatic contact tracing (自动流调) at
 * city scale. Last line: {"bench":"tracing","checkins":…,"one_case_p50_ms":…,"one_case_p99_ms":…,
 * "cases_1000_s":…,"contacts_found":…,"naive_one_case_ms":…, …}; progress goes to stderr.
 *
 * The city (bench/tracing/city-model.ts tells each distribution; built once and reused while its
 * size, seed and generator stay the same — bench/tracing/city-store.ts):
 * - N residents (default 1,000,000; --residents or BENCH_RESIDENTS) as real persons rows (synthetic,
 *   sealed with a fixed bench keyring after the people capability's own checks, loaded by COPY), in
 *   households of 2–4 in residential compounds, children and grandparents of 75+ bound to the head.
 * - Neighbourhoods of 5,000 with 100 venues each (one per 50 residents) of every kind, each with its
 *   kind's default stay and a log-normal popularity.
 * - M check-ins (default 50,000,000; --checkins or BENCH_CHECKINS) over the 14 Shanghai days before
 *   the day it was built, about 3.6 a person a day: commutes (stations), workplaces and schools on
 *   working days at each person's own hour, compound gates on the way home, and errands at shops,
 *   restaurants, parks, clinics mostly near home and at regular places, at each kind's hours (meal
 *   times, markets). 85 % never check out (the visit lasts the venue's default stay). Each day is
 *   loaded by COPY into its own table in time order, indexed, attached as the day's partition; then
 *   VACUUM ANALYZE.
 *
 * What is measured, in one run, with the city's default tracing settings (set at the start of every
 * run; BENCH_TRACING_DEPTH=1 traces close contacts only). Everything tracing writes is cleared
 * first and before each case and phase, so no case, link, plan or colour of an earlier run remains.
 * - one case: BENCH_SAMPLES (100) random residents, one at a time, registered as confirmed cases by a
 *   health official through registerCase (onset 0–3 days before the report on the city's last day,
 *   isolated that evening: a 5–8-day infectious window), then traceCase timed alone — contacts at
 *   each depth found and their links written, contact summaries, close contacts' monitoring plans —
 *   and then recolourTraced, the colours the job recomputes right after (one_case_with_colours_*).
 *   BENCH_WARM_UP (1) unmeasured case first. p50 and p99 in ms; contacts_found is the mean of close
 *   + secondary contacts per case; trace_step_ms is the SQL time of each step of a trace.
 * - 1,000 cases: BENCH_CASES (1000) other residents registered the same way (not timed: register_s),
 *   then runRequestedTraces, the tracing job's own loop (claims of 20, each case traced and recoloured):
 *   cases_1000_s.
 * - naive baseline: for the first BENCH_NAIVE_CASES (3) measured cases, the same question (persons
 *   at each depth by the same overlap rule) asked with index and bitmap scans off — a hash join of
 *   the seeds' check-ins with every check-in of the window (bench/tracing/naive.ts): naive_one_case_ms
 *   (median), and whether it found exactly the persons traceCase found (naive_same_*_contacts).
 * A trace that throws is counted (one_case_failed, cases_failed, failures) and the run goes on; in
 * the batch its request is withdrawn, or the job would claim it first again forever. Each phase has
 * a wall-clock budget (BENCH_ONE_CASE_BUDGET_S 1200, checked between cases; BENCH_BATCH_BUDGET_S 1800,
 * after which the requests not yet taken up are withdrawn and the job stops after the case in hand):
 * a phase that runs out stops early and says so (one_case_budget_hit; cases_1000_extrapolated, the
 * time for all 1,000 at the rate measured). BENCH_EXPLAIN=1 also traces one case on a connection with auto_explain and
 * prints the plans of its statements over 20 ms; BENCH_STATEMENTS=1 prints pg_stat_statements' top
 * statements; BENCH_REBUILD=1 builds the city even when a matching one is cached.
 */
import { getHeapStatistics } from 'node:v8';
import { sql } from 'kysely';
import { seededRandom, DEMO_SEED } from '../src/demo/model/random.ts';
import { DAY_MS, shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { addDays } from '../src/checkins/partitions/model.ts';
import { registerCase } from '../src/tracing/cases.ts';
import { runRequestedTraces, setTracingSender } from '../src/tracing/jobs.ts';
import { DEFAULT_TRACING_SETTINGS } from '../src/tracing/model/settings.ts';
import { infectiousWindow } from '../src/tracing/model/window.ts';
import { setTracingSettings } from '../src/tracing/settings-service.ts';
import { recolourTraced, traceCase, tracingSettingsFor, type TraceSummary, type TracingDeps } from '../src/tracing/trace.ts';
import type { Db } from '../src/db/connection.ts';
import type { Actor } from '../src/kernel/access.ts';
import { benchKeyring, benchOfficial, CITY_CODE, ensureCity, openCityServer } from './tracing/city-store.ts';
import { naiveContacts } from './tracing/naive.ts';
import { explainingDb, StatementTimes, timedDb } from './tracing/statements.ts';
import { benchOption, benchSetting, logStatementStats, quantile, report, resetStatementStats, round, statementSettings } from './support.ts';

const log = (message: string) => console.error(`[bench tracing] ${message}`);

const RESIDENTS = benchOption('residents', 'BENCH_RESIDENTS', 1_000_000);
const CHECKINS = benchOption('checkins', 'BENCH_CHECKINS', 50_000_000);
const SAMPLES = benchSetting('BENCH_SAMPLES', 100);
const CASES = benchSetting('BENCH_CASES', 1000);
const NAIVE_CASES = benchSetting('BENCH_NAIVE_CASES', 3);
/** Wall-clock budgets of the two measured phases: a phase that runs out stops early and says so (see the JSON's *_budget_hit). */
const ONE_CASE_BUDGET_S = benchSetting('BENCH_ONE_CASE_BUDGET_S', 1200);
const BATCH_BUDGET_S = benchSetting('BENCH_BATCH_BUDGET_S', 1800);
const SEED = benchSetting('BENCH_SEED', DEMO_SEED);
const WARM_UP = benchSetting('BENCH_WARM_UP', 1);
/** The city's tracing settings are set at the start of each run: the defaults, with BENCH_TRACING_DEPTH (1–3) when given. */
const DEPTH = process.env.BENCH_TRACING_DEPTH ? benchSetting('BENCH_TRACING_DEPTH', DEFAULT_TRACING_SETTINGS.depth) : DEFAULT_TRACING_SETTINGS.depth;
const HOUR_MS = 3_600_000;

const runStarted = performance.now();
const server = await openCityServer(log, {
  shared_buffers: '1GB', maintenance_work_mem: '512MB', max_wal_size: '4GB', checkpoint_timeout: '30min',
  // The city is loaded in tables made in the same transaction as their COPY: with minimal WAL that writes no WAL.
  wal_level: 'minimal', max_wal_senders: '0', ...statementSettings(),
});
if (RESIDENTS >= 500_000 && DEPTH >= 2 && getHeapStatistics().heap_size_limit < 8 * 2 ** 30) {
  // traceCase brings one row per person found back to Node (the next depth's seeds): hundreds of thousands per case at this size.
  log('warning: Node\'s heap limit is under 8 GB; run with NODE_OPTIONS=--max-old-space-size=12288 or a trace may run out of memory');
}
const keyring = benchKeyring();
const city = await ensureCity(server, { residents: RESIDENTS, checkins: CHECKINS, seed: SEED }, keyring, log);
const times = new StatementTimes();
const { db } = timedDb(server.url, times);
const deps: TracingDeps = { db, keyring, clock: systemClock };
// Traces run when the bench runs them, not in the background after each registration.
setTracingSender(db, async () => undefined);
const official = await benchOfficial(db, keyring);
// A run never inherits another's settings (the city is kept between runs).
await setTracingSettings(deps, official, CITY_CODE, { ...DEFAULT_TRACING_SETTINGS, depth: DEPTH });
const settings = await tracingSettingsFor(db, CITY_CODE);
log(`city: ${city.residents} residents, ${city.venues} venues, ${city.rows} check-ins from ${city.dataFrom.toISOString()} to ${city.dataTo.toISOString()}; tracing settings ${JSON.stringify(settings)}`);

/**
 * Everything tracing writes goes, so the next case meets the city as built: cases with their events,
 * links and contact summaries, close contacts' monitoring plans, colours and pending colour facts.
 * (Colour events and audit rows are append-only evidence and stay: they are only ever appended to.)
 */
async function resetTracing(target: Db): Promise<void> {
  await sql`truncate cases, case_events, contact_links, case_contacts cascade`.execute(target);
  await sql`delete from monitoring_plans where reason = 'close_contact'`.execute(target);
  await sql`truncate code_status, code_facts_changed`.execute(target);
}

/** Residents in a fixed random order of this city (the same cases run after run). */
const residents = (await sql<{ id: string }>`select id from persons where synthetic order by md5(id::text || ${String(SEED)}) limit ${WARM_UP + SAMPLES + CASES + 1}`.execute(db)).rows.map((r) => r.id);
if (residents.length < WARM_UP + SAMPLES + CASES + 1) throw new Error('the city has fewer residents than the bench needs cases');
const caseRandom = seededRandom(SEED + 2);
const lastDay = shanghaiDay(new Date(city.dataTo.getTime() - 1));

/** A confirmed case as an official registers it: onset 0–3 days before the report on the city's last day, isolated that evening. */
async function registerConfirmed(actor: Actor, personId: string) {
  const onsetOn = addDays(lastDay, -caseRandom.weighted([[0, 20], [1, 35], [2, 30], [3, 15]] as const));
  const isolatedAt = new Date(city.dataTo.getTime() - (2 + 4 * caseRandom.next()) * HOUR_MS);
  return registerCase(deps, actor, {
    person: { personId }, classification: 'confirmed', onsetOn, testedPositiveOn: lastDay, reportedOn: lastDay, isolatedAt, source: 'lab', notes: null,
  });
}

await resetTracing(db);
await sql`vacuum analyze cases, contact_links, case_contacts, monitoring_plans, code_status`.execute(db);

// ---- one case at a time -----------------------------------------------------------------------

log(`one case at a time: ${WARM_UP} warm-up cases, then ${SAMPLES} measured…`);
await resetStatementStats(db);
const samples: { ms: number; recolourMs: number; close: number; secondary: number; links: number; plans: number }[] = [];
const naive: { ms: number; tracedMs: number | null; sameClose: boolean | null; sameSecondary: boolean | null; close: number | null; secondary: number | null; naiveClose: number; naiveSecondary: number }[] = [];
let sqlMs = 0;
const failures: { phase: string; ms: number; message: string }[] = [];
let oneCaseStarted = performance.now();
let oneCaseBudgetHit = false;
for (let i = 0; i < WARM_UP + SAMPLES; i++) {
  const measured = i >= WARM_UP;
  if (i === WARM_UP) oneCaseStarted = performance.now();
  if (measured && i > WARM_UP && (performance.now() - oneCaseStarted) / 1000 > ONE_CASE_BUDGET_S) {
    oneCaseBudgetHit = true;
    log(`  the one-case budget (${ONE_CASE_BUDGET_S} s) is spent after ${samples.length} samples and ${failures.length} failures`);
    break;
  }
  await resetTracing(db);
  const c = await registerConfirmed(official, residents[i]!);
  times.startCase();
  const sqlBefore = times.total();
  const started = performance.now();
  let summary: TraceSummary | undefined;
  try {
    summary = (await traceCase(deps, c.id))!;
  } catch (error) {
    // A trace that fails is a finding, not the end of the run: counted, its message kept, the next case goes on.
    const ms = performance.now() - started;
    if (measured) failures.push({ phase: 'one_case', ms: round(ms), message: (error as Error).message.slice(0, 200) });
    log(`  trace failed after ${round(ms)} ms: ${(error as Error).message.slice(0, 200)}`);
  }
  const ms = performance.now() - started;
  const sqlTraceMs = times.total() - sqlBefore;
  // What the job does right after each trace: the touched persons' colours (timed apart: traceCase no longer includes it).
  const recolourStarted = performance.now();
  if (summary) await recolourTraced(deps, summary);
  const recolourMs = performance.now() - recolourStarted;
  times.endCase(measured && summary !== undefined);
  if (measured && naive.length < NAIVE_CASES) {
    // The baseline asks the same question of the same case (also when the trace failed: then there is nothing to compare).
    const traced = summary ? await db.selectFrom('caseContacts').select(['personId', 'depth']).where('caseId', '=', c.id).execute() : undefined;
    const now = systemClock.now();
    const naiveStarted = performance.now();
    const [close = new Set<string>(), secondary = new Set<string>()] = await naiveContacts(db, { personId: c.personId, window: infectiousWindow(c, settings.preOnsetDays, now) }, settings, now);
    const naiveMs = performance.now() - naiveStarted;
    const same = (depth: number, found: Set<string>) => {
      if (!traced) return null;
      const mine = traced.filter((t) => t.depth === depth).map((t) => t.personId);
      return mine.length === found.size && mine.every((p) => found.has(p));
    };
    naive.push({ ms: naiveMs, tracedMs: summary ? ms : null, sameClose: same(1, close), sameSecondary: same(2, secondary), close: summary?.closeContacts ?? null, secondary: summary?.secondaryContacts ?? null, naiveClose: close.size, naiveSecondary: secondary.size });
    log(`  naive ${naive.length}/${NAIVE_CASES}: ${round(naiveMs)} ms (traced: ${summary ? `${round(ms)} ms` : 'failed'}); close ${close.size} vs ${summary?.closeContacts ?? '–'}, secondary ${secondary.size} vs ${summary?.secondaryContacts ?? '–'}`);
  }
  if (!summary) continue;
  if (!measured) { log(`  warm-up ${i + 1}/${WARM_UP}: ${round(ms)} ms + colours ${round(recolourMs)} ms, ${summary.closeContacts} close + ${summary.secondaryContacts} secondary`); continue; }
  sqlMs += sqlTraceMs;
  samples.push({ ms, recolourMs, close: summary.closeContacts, secondary: summary.secondaryContacts, links: summary.links, plans: summary.plansStarted });
  if (samples.length % 10 === 0 || ms > 10_000) log(`  ${samples.length}/${SAMPLES}: last ${round(ms)} ms + colours ${round(recolourMs)} ms, ${summary.closeContacts} close + ${summary.secondaryContacts} secondary contacts, ${summary.links} links`);
}
const stepMs = times.summary(samples.length);
await logStatementStats(db, log, 12);
const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
const sortedWithColours = samples.map((s) => s.ms + s.recolourMs).sort((a, b) => a - b);
const mean = (pick: (s: (typeof samples)[number]) => number) => round(samples.reduce((n, s) => n + pick(s), 0) / samples.length);
const maxOf = (pick: (s: (typeof samples)[number]) => number) => (samples.length > 0 ? Math.max(...samples.map(pick)) : Number.NaN);
log(`one case: p50 ${round(quantile(sorted, 0.5))} ms, p99 ${round(quantile(sorted, 0.99))} ms; per case ${mean((s) => s.close)} close, ${mean((s) => s.secondary)} secondary contacts; SQL by step ${JSON.stringify(stepMs)}`);

if (process.env.BENCH_EXPLAIN === '1') {
  await resetTracing(db);
  const explaining = explainingDb(server.url, 20, (plan) => console.error(plan));
  const c = await registerConfirmed(official, residents[WARM_UP]!);
  log('BENCH_EXPLAIN: tracing one case with auto_explain (statements over 20 ms)…');
  await traceCase({ ...deps, db: explaining }, c.id);
  await explaining.destroy();
}

// ---- 1,000 new cases through the job ----------------------------------------------------------

await resetTracing(db);
log(`registering ${CASES} new confirmed cases…`);
const registerStarted = performance.now();
for (let i = 0; i < CASES; i++) await registerConfirmed(official, residents[WARM_UP + SAMPLES + i]!);
const registerSeconds = (performance.now() - registerStarted) / 1000;
log(`  registered in ${round(registerSeconds)} s; tracing them with runRequestedTraces…`);
const batchStarted = performance.now();
const batch: TraceSummary[] = [];
let batchBudgetHit = false;
let batchFailed = 0;
// When the budget runs out, the requests not yet taken up are withdrawn (the case being traced is locked and
// skipped): the job finishes the case in hand, skips the rest of its claim (no longer requested) and returns.
const budgetTimer = setTimeout(() => {
  batchBudgetHit = true;
  log(`  the batch budget (${BATCH_BUDGET_S} s) is spent: withdrawing the requests not yet taken up`);
  void sql`update cases set trace_requested_at = null where id in (select id from cases where trace_requested_at is not null for update skip locked)`
    .execute(db).catch(() => undefined);
}, BATCH_BUDGET_S * 1000);
const progress = setInterval(() => {
  void sql<{ n: number }>`select count(*) as n from cases where traced_at is not null`.execute(db)
    .then(({ rows }) => log(`  ${rows[0]!.n} traced so far (${round((performance.now() - batchStarted) / 1000)} s)`)).catch(() => undefined);
}, 30_000);
while (!batchBudgetHit && batch.length + batchFailed < CASES) {
  const claimStarted = performance.now();
  // The job's own loop: claims of 20, each traced and recoloured, until none is requested. A failing case is
  // set aside by the job (back-off); the bench records it and withdraws its request so it is not tried again.
  const taken = await runRequestedTraces(deps, CASES - batch.length - batchFailed);
  batch.push(...taken.traced);
  for (const f of taken.failed) {
    await db.updateTable('cases').set({ traceRequestedAt: null }).where('id', '=', f.caseId).execute();
    const message = (f.error as Error).message.slice(0, 200);
    failures.push({ phase: 'batch', ms: round(performance.now() - claimStarted), message });
    log(`  a trace failed (${message}); its request withdrawn`);
    batchFailed++;
  }
  if (taken.traced.length === 0 && taken.failed.length === 0) break;
}
clearTimeout(budgetTimer);
clearInterval(progress);
const batchSeconds = (performance.now() - batchStarted) / 1000;
if (batchBudgetHit) log(`  the budget stopped the batch after ${batch.length + batchFailed} cases`);
if (batch.length + batchFailed !== CASES && !batchBudgetHit) throw new Error(`runRequestedTraces traced ${batch.length} of ${CASES} cases`);
// Cut short by the budget: the time for all of them at the rate measured (said so in cases_1000_extrapolated).
const batchAllSeconds = batchBudgetHit ? (batchSeconds * CASES) / Math.max(1, batch.length + batchFailed) : batchSeconds;
const batchContacts = batch.reduce((n, s) => n + s.closeContacts + s.secondaryContacts, 0);
log(`${batch.length} cases traced in ${round(batchSeconds)} s (${batchContacts} contacts found in all)`);

const contactsNow = Number((await sql<{ n: number }>`select count(distinct person_id) as n from case_contacts`.execute(db)).rows[0]!.n);
// The cases the budget left untraced must not be traced by a later run's first claim.
await resetTracing(db);
await db.destroy();
await server.stop();

const naiveSorted = naive.map((n) => n.ms).sort((a, b) => a - b);
const compared = naive.filter((n) => n.tracedMs !== null);
report({
  bench: 'tracing',
  checkins: city.rows,
  one_case_p50_ms: round(quantile(sorted, 0.5)),
  one_case_p99_ms: round(quantile(sorted, 0.99)),
  cases_1000_s: round(batchAllSeconds),
  contacts_found: mean((s) => s.close + s.secondary),
  naive_one_case_ms: naive.length > 0 ? round(quantile(naiveSorted, 0.5)) : null,
  contacts_found_is: 'mean close + secondary contacts per case of the one-case samples',
  naive_same_close_contacts: compared.length > 0 ? compared.every((n) => n.sameClose) : null,
  naive_same_secondary_contacts: compared.length > 0 ? compared.every((n) => n.sameSecondary) : null,
  naive_over_traced: compared.length > 0 ? round(compared.reduce((n, x) => n + x.ms, 0) / compared.reduce((n, x) => n + x.tracedMs!, 0), 2) : null,
  naive_cases: naive.map((n) => ({ naive_ms: round(n.ms), traced_ms: n.tracedMs === null ? null : round(n.tracedMs), close: n.close, secondary: n.secondary, naive_close: n.naiveClose, naive_secondary: n.naiveSecondary })),
  residents: city.residents,
  venues: city.venues,
  households: city.households,
  one_case_samples: samples.length,
  one_case_budget_hit: oneCaseBudgetHit,
  tracing_depth: settings.depth,
  one_case_mean_ms: mean((s) => s.ms),
  one_case_p90_ms: round(quantile(sorted, 0.9)),
  one_case_max_ms: round(sorted.at(-1) ?? Number.NaN),
  close_contacts_mean: mean((s) => s.close),
  close_contacts_p50: quantile(samples.map((s) => s.close).sort((a, b) => a - b), 0.5),
  close_contacts_max: maxOf((s) => s.close),
  secondary_contacts_mean: mean((s) => s.secondary),
  secondary_contacts_p50: quantile(samples.map((s) => s.secondary).sort((a, b) => a - b), 0.5),
  secondary_contacts_max: maxOf((s) => s.secondary),
  links_mean: mean((s) => s.links),
  one_case_with_colours_p50_ms: round(quantile(sortedWithColours, 0.5)),
  one_case_with_colours_p99_ms: round(quantile(sortedWithColours, 0.99)),
  recolour_mean_ms: mean((s) => s.recolourMs),
  plans_started_mean: mean((s) => s.plans),
  trace_step_ms: stepMs,
  trace_sql_share: round(sqlMs / samples.reduce((n, s) => n + s.ms, 0), 2),
  cases_batch: CASES,
  cases_1000_extrapolated: batchBudgetHit,
  cases_traced: batch.length,
  cases_failed: batchFailed,
  one_case_failed: failures.filter((f) => f.phase === 'one_case').length,
  failures: failures.slice(0, 10),
  cases_traced_s: round(batchSeconds),
  cases_per_s: round(batch.length / batchSeconds, 2),
  batch_contacts_found: batchContacts,
  batch_distinct_contacts: contactsNow,
  register_s: round(registerSeconds),
  city_reused: city.reused,
  city_build_s: city.buildSeconds,
  data_days: round((city.dataTo.getTime() - city.dataFrom.getTime()) / DAY_MS, 0),
  run_s: round((performance.now() - runStarted) / 1000),
  notes: 'one case: registerCase then traceCase timed alone (one_case_with_colours_*: plus recolourTraced, as the job runs it), the tracing state reset before each; cases_1000_s: runRequestedTraces (the job loop: trace and colours) over 1,000 registered cases, extrapolated from the cases traced when cases_1000_extrapolated; naive: close + secondary contacts by the same rule with index and bitmap scans off (hash join of the seeds\' check-ins with every check-in of the window), median of naive_cases; trace_step_ms: SQL time per step per case',
});
process.exit(0);
