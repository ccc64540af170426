/**
 * `npm run bench -- tracing-export`: a 1,000,000-row contacts export (密接人员导出), the proof that
 * tracing's exports stay flat in memory. Not part of the test suite: run by hand.
 *
 * Seeded cheaply with SQL (generate_series): BENCH_PERSONS (default 100,000) synthetic persons in
 * one street of 西湖区 (masked name and phone only; the sealed columns hold a placeholder the export
 * never reads), BENCH_CASES (default 10) confirmed cases, and every person a contact of every case —
 * BENCH_PERSONS × BENCH_CASES case_contacts rows (default 1,000,000; one in five secondary), found
 * over ten days; then VACUUM ANALYZE. A health official of 杭州 asks for the contacts export
 * (startTracingExport, as POST /api/tracing/exports does) and the job runs in this process
 * (runTracingExport), timed, with the process's resident memory sampled every 50 ms. The file is
 * then read back with exceljs' streaming reader, chunk by chunk from the database, and its rows
 * counted (not timed).
 * Last line: {"bench":"tracing-export","rows":…,"seconds":…,"rows_per_s":…,"file_mb":…,"chunks":…,
 * "rss_before_mb":…,"peak_rss_mb":…,"peak_heap_mb":…,"verified_rows":…}. Progress goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createStaffAccount } from '../src/accounts/service.ts';
import { systemClock } from '../src/kernel/time.ts';
import { findExportChunk } from '../src/tracing/export-store.ts';
import { runTracingExport, startTracingExport, tracingExports } from '../src/tracing/export-service.ts';
import { benchSetting, openBenchDatabase, report } from './support.ts';

const PERSONS = benchSetting('BENCH_PERSONS', 100_000);
const CASES = benchSetting('BENCH_CASES', 10);
const STREET = '330106004';
const log = (message: string) => console.error(`[bench tracing-export] ${message}`);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

const database = await openBenchDatabase('tracing_export', { settings: { shared_buffers: '256MB', max_wal_size: '4GB' } });
const { db } = database;
const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
const deps = { db, keyring, clock: systemClock };

try {
  const seeding = performance.now();
  log(`seeding ${PERSONS.toLocaleString()} persons × ${CASES} cases = ${(PERSONS * CASES).toLocaleString()} contacts…`);
  await sql`
    insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, phone_masked, home_region_code, synthetic)
    select gen_random_uuid(), 'resident_id', 'bench', md5('bench-' || g), '330106********' || lpad((g % 10000)::text, 4, '0'), 'bench',
      (array['张', '王', '李', '赵', '刘', '陈'])[g % 6 + 1] || '*', '138****' || lpad((g % 10000)::text, 4, '0'), ${STREET}, true
    from generate_series(1, ${PERSONS}::int) g`.execute(db);
  await sql`
    insert into cases (id, person_id, region_code, classification, onset_on, reported_on, source, created_at, updated_at, traced_at)
    select gen_random_uuid(), id, ${STREET}, 'confirmed', date '2026-03-08', date '2026-03-10', 'lab', now(), now(), now()
    from (select id from persons order by id limit ${CASES}::int) p`.execute(db);
  await sql`
    insert into case_contacts (case_id, person_id, region_code, depth, first_exposure_at, last_exposure_at, links, found_at)
    select case_id, person_id, region_code, case when random() < 0.2 then 2 else 1 end, at - interval '2 days', at - interval '1 day', 1, at
    from (
      -- Milliseconds, as the tracing job writes found_at (a JavaScript Date): the list's cursor carries no more.
      select c.id as case_id, p.id as person_id, p.home_region_code as region_code, date_trunc('milliseconds', now() - random() * interval '10 days') as at
      from cases c cross join persons p
    ) s`.execute(db);
  await sql`vacuum analyze persons, cases, case_contacts`.execute(db);
  log(`seeded in ${Math.round((performance.now() - seeding) / 1000)} s`);

  const { accountId } = await createStaffAccount(deps, { system: 'bench' }, {
    username: 'bench-official', displayName: '流调', password: 'bench-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }],
  });
  const official = { accountId, kind: 'staff' as const, personId: null, label: 'bench-official', roles: [{ role: 'health_official' as const, regionCode: '330100' }] };
  // The job runs below, timed, instead of right after the request.
  tracingExports.setSender(db, async () => undefined);
  const { id } = await startTracingExport(deps, official, { kind: 'contacts' });

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  let lastLogged = 0;
  const started = performance.now();
  const outcome = await runTracingExport(deps, id, {
    onPage: async (processed) => {
      if (processed - lastLogged >= 100_000) {
        lastLogged = processed;
        log(`${processed.toLocaleString()} rows, ${Math.round((performance.now() - started) / 1000)} s, rss ${mb(process.memoryUsage().rss)} MB`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const record = await db.selectFrom('tracingExports').select(['status', 'rowCount', 'fileBytes', 'errorDetail']).where('id', '=', id).executeTakeFirstOrThrow();
  if (outcome !== 'done') throw new Error(`export ${outcome}: ${record.errorDetail}`);
  const chunks = await db.selectFrom('tracingExportChunks').select((eb) => eb.fn.countAll<string>().as('n')).where('exportId', '=', id).executeTakeFirstOrThrow();

  log('reading the file back with the streaming reader…');
  async function* file() {
    for (let seq = 0; ; seq++) {
      const chunk = await findExportChunk(db, id, seq);
      if (!chunk) return;
      yield chunk;
    }
  }
  let verified = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file()), { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) if (row.number > 1) verified++;
  }

  report({
    bench: 'tracing-export', rows: record.rowCount, seconds: Math.round(seconds * 10) / 10, rows_per_s: Math.round((record.rowCount ?? 0) / seconds),
    file_mb: mb(Number(record.fileBytes)), chunks: Number(chunks.n), rss_before_mb: mb(rssBefore), peak_rss_mb: mb(peakRss), peak_heap_mb: mb(peakHeap),
    verified_rows: verified,
  });
} finally {
  tracingExports.setSender(db, undefined);
  await database.close();
}
