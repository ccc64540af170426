/**
 * Partitions and retention: each region keeps check-ins 14–60 days (tenant setting
 * checkinRetentionDays, default 28). Rows carry the retention they were recorded with; partitions
 * for today and the next days are made ahead for every retention in use, missing ones on demand,
 * and expired ones are dropped whole (never a mass DELETE), audited once per run.
 */
import { recordAudit, type AuditActor } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { cityOf } from '../../kernel/regions-scope.ts';
import { createTtlCache, type TtlCache } from '../../kernel/ttl-cache.ts';
import { shanghaiDay, systemClock, type Clock } from '../../kernel/time.ts';
import { changeTenantSettings, tenantSettings, tenantSettingValues } from '../../regions/service.ts';
import { checkinFail } from '../errors.ts';
import { isValidRetention, RETENTION } from '../model.ts';
import { daysToPrepare, dayPartitionName, planPurge, retentionPartitionName, purgeDay } from './model.ts';
import {
  countRows, createDayPartition, createRetentionPartition, detachDayPartition, dropTable, findPartitionTables, lockPartitionDdl,
  setLockTimeout, tableExists,
} from './store.ts';

export const RETENTION_SETTING = 'checkinRetentionDays';
/** Other server processes see a changed retention within this long. */
const RETENTION_CACHE_MS = 30_000;

export interface PartitionDeps {
  db: DbOrTrx;
  clock: Clock;
}

function settingOrDefault(value: unknown): number {
  return isValidRetention(value) ? value : RETENTION.default;
}

const retentionCaches = new WeakMap<object, TtlCache<number>>();

function retentionCache(deps: PartitionDeps): TtlCache<number> {
  let cache = retentionCaches.get(deps.db);
  if (!cache) {
    cache = createTtlCache<number>(RETENTION_CACHE_MS, systemClock, 1000);
    retentionCaches.set(deps.db, cache);
  }
  return cache;
}

/** How long check-ins at a venue of this region are kept: its city's setting (cached briefly per process). */
export async function retentionDaysFor(deps: PartitionDeps, venueRegionCode: string): Promise<number> {
  const city = cityOf(venueRegionCode);
  const { value } = await retentionCache(deps).getOrLoad(city, async () => settingOrDefault((await tenantSettings(deps.db, city))?.[RETENTION_SETTING]));
  return value;
}

/** Every retention a new check-in may be recorded with now: the tenants' settings and the default. */
export async function retentionValuesInUse(db: DbOrTrx): Promise<number[]> {
  const values = new Set<number>([RETENTION.default]);
  for (const { value } of await tenantSettingValues(db, RETENTION_SETTING)) values.add(settingOrDefault(value));
  return [...values].sort((a, b) => a - b);
}

/** Creates whichever of these (day, retention) partitions are missing; safe to run from several processes at once. */
export async function ensurePartitions(db: DbOrTrx, wanted: readonly { day: string; retentionDays: number }[]): Promise<string[]> {
  const pairs = [...new Map(wanted.map((w) => [retentionPartitionName(w.day, w.retentionDays), w])).values()];
  // Most calls find everything in place: check without the lock first.
  const missing: typeof pairs = [];
  for (const p of pairs) if (!(await tableExists(db, retentionPartitionName(p.day, p.retentionDays)))) missing.push(p);
  if (missing.length === 0) return [];
  return inTransaction(db, async (trx) => {
    await lockPartitionDdl(trx);
    const created: string[] = [];
    for (const day of [...new Set(missing.map((m) => m.day))].sort()) {
      if (await tableExists(trx, dayPartitionName(day))) continue;
      await createDayPartition(trx, day);
      created.push(dayPartitionName(day));
    }
    for (const { day, retentionDays } of missing) {
      const name = retentionPartitionName(day, retentionDays);
      if (await tableExists(trx, name)) continue;
      await createRetentionPartition(trx, day, retentionDays);
      created.push(name);
    }
    return created;
  });
}

/** Today and the next days, for every retention in use (the job, at start and hourly). */
export async function ensureUpcomingPartitions(deps: PartitionDeps): Promise<string[]> {
  const retentions = await retentionValuesInUse(deps.db);
  const days = daysToPrepare(shanghaiDay(deps.clock.now()));
  return ensurePartitions(deps.db, days.flatMap((day) => retentions.map((retentionDays) => ({ day, retentionDays }))));
}

export interface PurgeResult {
  today: string;
  dropped: { partition: string; day: string; retentionDays: number; rows: number }[];
  days: string[];
}

const PURGE_LOCK_TIMEOUT_MS = 10_000;

/**
 * Drops every expired partition: day partitions whose every part expired are first detached
 * concurrently (readers and writers of checkins are not blocked), then, in one transaction, the
 * expired parts are counted and dropped and one audit row names them with their row counts.
 */
export async function purgeExpiredCheckins(deps: PartitionDeps, actor: AuditActor): Promise<PurgeResult> {
  const today = shanghaiDay(deps.clock.now());
  const tables = await findPartitionTables(deps.db);
  const plan = planPurge(tables, today);
  for (const day of plan.days) {
    if (day.attached) await detachDayPartition(deps.db, day.day, tables.find((t) => t.name === day.name)?.detachPending ?? false);
  }
  return inTransaction(deps.db, async (trx) => {
    await lockPartitionDdl(trx);
    await setLockTimeout(trx, PURGE_LOCK_TIMEOUT_MS);
    const dropped: PurgeResult['dropped'] = [];
    for (const part of plan.retention) {
      dropped.push({ partition: part.name, day: part.day, retentionDays: part.retentionDays, rows: await countRows(trx, part.name) });
      await dropTable(trx, part.name);
    }
    const days = plan.days.map((d) => d.name);
    for (const name of days) await dropTable(trx, name);
    if (dropped.length > 0 || days.length > 0) {
      await recordAudit(trx, actor, {
        action: 'checkin.purge', targetType: 'checkin_partitions', targetId: null, regionCode: null,
        detail: { today, partitions: dropped, dayPartitions: days, rows: dropped.reduce((n, d) => n + d.rows, 0) },
      }, deps.clock);
    }
    return { today, dropped, days };
  });
}

export interface RetentionSetting {
  regionCode: string;
  retentionDays: number;
  /** Check-ins recorded from now on are kept this long; those recorded before keep their retention. */
  appliesFrom: Date;
  /** When a check-in recorded today is gone (the first day without it). */
  todaysCheckinsPurgedOn: string;
}

function cityTenantOrFail(regionCode: string): string {
  const city = cityOf(regionCode);
  if (city !== regionCode) throw checkinFail('CHECKIN_REGION_NOT_TENANT', { regionCode, city });
  return city;
}

export async function getRetention(deps: PartitionDeps, actor: Actor | undefined, regionCode: string): Promise<RetentionSetting> {
  requireAccess(actor, 'checkin.retention', regionCode);
  const city = cityTenantOrFail(regionCode);
  const settings = await tenantSettings(deps.db, city);
  if (!settings) throw checkinFail('CHECKIN_REGION_NOT_TENANT', { regionCode });
  const retentionDays = settingOrDefault(settings[RETENTION_SETTING]);
  return { regionCode: city, retentionDays, appliesFrom: deps.clock.now(), todaysCheckinsPurgedOn: purgeDay(shanghaiDay(deps.clock.now()), retentionDays) };
}

/**
 * Changes a city's retention (health official or sysadmin of the city; the CLI passes a system
 * actor). Applies to check-ins recorded after the change — rows already stored keep the retention
 * they were recorded with, because partitions are dropped whole. Audited with the old and new value.
 */
export async function changeRetention(deps: PartitionDeps, actor: AuditActor | undefined, regionCode: string, retentionDays: number): Promise<RetentionSetting> {
  if (!actor || !('system' in actor)) requireAccess(actor, 'checkin.retention', regionCode);
  if (!isValidRetention(retentionDays)) throw checkinFail('CHECKIN_RETENTION_INVALID', { min: RETENTION.min, max: RETENTION.max });
  const city = cityTenantOrFail(regionCode);
  const now = deps.clock.now();
  // The partitions the new value needs exist before any check-in is recorded with it.
  await ensurePartitions(deps.db, daysToPrepare(shanghaiDay(now)).map((day) => ({ day, retentionDays })));
  await inTransaction(deps.db, async (trx) => {
    const before = await tenantSettings(trx, city);
    if (!before) throw checkinFail('CHECKIN_REGION_NOT_TENANT', { regionCode });
    await changeTenantSettings(trx, city, { [RETENTION_SETTING]: retentionDays });
    await recordAudit(trx, actor!, {
      action: 'checkin.retention.change', targetType: 'region', targetId: city, regionCode: city,
      detail: { from: settingOrDefault(before[RETENTION_SETTING]), to: retentionDays },
    }, deps.clock);
  });
  retentionCache(deps).clear();
  return { regionCode: city, retentionDays, appliesFrom: now, todaysCheckinsPurgedOn: purgeDay(shanghaiDay(now), retentionDays) };
}
