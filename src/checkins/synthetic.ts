/**
 * `fangyi demo checkins`: synthetic check-ins of the demo city's synthetic residents at its
 * synthetic venues over the last days, loaded with COPY in chunks (with a progress bar), with the
 * partitions they need and their daily volumes. Real persons and venues are never used.
 */
import type { DbOrTrx } from '../db/transaction.ts';
import { seededRandom } from '../demo/model/random.ts';
import type { Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import type { Progress } from '../kernel/progress.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { syntheticPersonsOf } from '../people/service.ts';
import { listVenues } from '../venues/service.ts';
import { addDays } from './partitions/model.ts';
import { ensurePartitions, retentionDaysFor } from './partitions/service.ts';
import { syntheticRow, type SyntheticPerson, type SyntheticVenue } from './synthetic-model.ts';
import { drawCheckinIds, insertSyntheticVisits, openCopySession } from './synthetic-store.ts';

export interface SyntheticDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  databaseUrl: string;
}

export interface SyntheticPlan {
  cityCode: string;
  days: number;
  perDay: number;
  seed?: number;
}

const CHUNK = 50_000;

/** Reads the city's venues as its own system reader would (list of the region's approved venues). */
function systemReader(cityCode: string): Actor {
  return { accountId: '00000000-0000-0000-0000-000000000000', kind: 'staff', personId: null, label: 'system:demo-checkins', roles: [{ role: 'community_worker', regionCode: cityCode }] };
}

async function syntheticPersons(db: DbOrTrx, cityCode: string): Promise<SyntheticPerson[]> {
  const persons: SyntheticPerson[] = [];
  for (;;) {
    const page = await syntheticPersonsOf(db, regionPrefix(cityCode), { afterId: persons.at(-1)?.id, limit: 10_000 });
    persons.push(...page);
    if (page.length < 10_000) return persons;
  }
}

async function syntheticVenues(deps: SyntheticDeps, cityCode: string): Promise<SyntheticVenue[]> {
  const venues: SyntheticVenue[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listVenues(deps, systemReader(cityCode), { scope: 'region', status: 'approved', after, limit: 500 });
    for (const v of page.items.filter((item) => item.synthetic)) {
      venues.push({ id: v.id, name: v.name, regionCode: v.regionCode, defaultStayMinutes: v.defaultStayMinutes, retentionDays: await retentionDaysFor(deps, v.regionCode) });
    }
    if (!page.next) return venues;
    after = page.next;
  }
}

export interface SyntheticSummary {
  rows: number;
  days: string[];
  persons: number;
  venues: number;
  seconds: number;
}

export async function generateSyntheticCheckins(deps: SyntheticDeps, plan: SyntheticPlan, progress?: Progress): Promise<SyntheticSummary> {
  const started = Date.now();
  const persons = await syntheticPersons(deps.db, plan.cityCode);
  const venues = await syntheticVenues(deps, plan.cityCode);
  if (persons.length === 0 || venues.length === 0) throw new Error(`no synthetic residents or venues in ${plan.cityCode}: seed the demo city first (fangyi demo)`);
  const now = deps.clock.now();
  const today = shanghaiDay(now);
  const days = Array.from({ length: plan.days }, (_, i) => addDays(today, i - plan.days + 1));
  await ensurePartitions(deps.db, days.flatMap((day) => [...new Set(venues.map((v) => v.retentionDays))].map((retentionDays) => ({ day, retentionDays }))));
  const random = seededRandom(plan.seed);
  const total = days.length * plan.perDay;
  let done = 0;
  progress?.update(0, total);
  const session = await openCopySession(deps.databaseUrl);
  try {
    for (const day of days) {
      for (let offset = 0; offset < plan.perDay; offset += CHUNK) {
        const count = Math.min(CHUNK, plan.perDay - offset);
        const ids = await drawCheckinIds(deps.db, count);
        const volumes = new Map<string, { day: string; regionCode: string; checkins: number }>();
        const lines = ids.map((id) => {
          const row = syntheticRow(random, id, day, now, persons, venues);
          const key = `${row.day}|${row.regionCode}`;
          const v = volumes.get(key) ?? { day: row.day, regionCode: row.regionCode, checkins: 0 };
          v.checkins++;
          volumes.set(key, v);
          return row.line;
        });
        await session.copy(lines, [...volumes.values()]);
        done += count;
        progress?.update(done, total);
      }
    }
  } finally {
    await session.close();
    progress?.stop();
  }
  return { rows: done, days, persons: persons.length, venues: venues.length, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

export interface SyntheticVisit {
  personId: string;
  nameMasked: string;
  venue: { id: string; name: string; regionCode: string };
  at: Date;
  minutes: number;
}

/** Writes hand-placed synthetic visits (a demo outbreak: who sat together where), with the partitions they need. */
export async function writeSyntheticVisits(deps: { db: DbOrTrx; clock: Clock }, visits: readonly SyntheticVisit[]): Promise<number> {
  const rows = [];
  for (const v of visits) {
    const retentionDays = await retentionDaysFor(deps, v.venue.regionCode);
    rows.push({
      personId: v.personId, venueId: v.venue.id, regionCode: v.venue.regionCode, venueName: v.venue.name, nameMasked: v.nameMasked,
      checkedInAt: v.at, leaveAt: new Date(v.at.getTime() + v.minutes * 60_000), retentionDays,
    });
  }
  await ensurePartitions(deps.db, rows.map((r) => ({ day: shanghaiDay(r.checkedInAt), retentionDays: r.retentionDays })));
  await insertSyntheticVisits(deps.db, rows);
  return rows.length;
}
