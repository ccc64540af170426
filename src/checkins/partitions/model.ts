/**
 * Check-in partitions (pure): names, bounds and when each expires. Level 1 is one partition per
 * Asia/Shanghai day (RANGE on checked_in_at), named checkins_YYYYMMDD; level 2 splits each day by
 * the retention its rows were recorded with (LIST on retention_days), named checkins_YYYYMMDD_rNN.
 * Partition (day d, retention r) is dropped once day d + r is over: every row in it has then been
 * kept at least r full days (decision 0007).
 */
import { DAY_MS, startOfShanghaiDay } from '../../kernel/time.ts';
import { isValidRetention, RETENTION } from '../model.ts';

export const PARTITIONED_TABLE = 'checkins';
/** How many days after today the partitions exist ahead of time (today + 2). */
export const DAYS_AHEAD = 2;

/**
 * Autovacuum of a partition being written (and of the idempotency keys) runs throttled: 20 ms of
 * sleep per 200 cost units instead of PostgreSQL's 2 ms. Unthrottled, one vacuum-and-analyze of
 * today's partition took most of a core for a second or two, and on a small machine at peak the
 * batches waiting meanwhile answered in 400 ms instead of 40 (decision 0007). Throttled, it does the
 * same work spread thinly, and it still keeps up with the inserts by a wide margin.
 */
export const WRITE_PATH_AUTOVACUUM = 'autovacuum_vacuum_cost_delay = 20';

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DAY_NAME = /^checkins_([0-9]{4})([0-9]{2})([0-9]{2})$/;
const RETENTION_NAME = /^checkins_([0-9]{4})([0-9]{2})([0-9]{2})_r([0-9]{2})$/;

function checkDay(day: string): void {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`not a day: ${day}`);
}

export function dayPartitionName(day: string): string {
  checkDay(day);
  return `${PARTITIONED_TABLE}_${day.replaceAll('-', '')}`;
}

export function retentionPartitionName(day: string, retentionDays: number): string {
  if (!isValidRetention(retentionDays)) throw new Error(`not a retention: ${retentionDays}`);
  return `${dayPartitionName(day)}_r${String(retentionDays).padStart(2, '0')}`;
}

export interface PartitionName {
  day: string;
  /** Absent for a day (level 1) partition. */
  retentionDays?: number;
}

export function parsePartitionName(name: string): PartitionName | undefined {
  const r = RETENTION_NAME.exec(name);
  if (r) {
    const retentionDays = Number(r[4]);
    return isValidRetention(retentionDays) ? { day: `${r[1]}-${r[2]}-${r[3]}`, retentionDays } : undefined;
  }
  const d = DAY_NAME.exec(name);
  return d ? { day: `${d[1]}-${d[2]}-${d[3]}` } : undefined;
}

/** The instants a Shanghai day's partition holds: [from, to). */
export function dayBounds(day: string): { from: Date; to: Date } {
  checkDay(day);
  const from = startOfShanghaiDay(day);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

export function addDays(day: string, days: number): string {
  checkDay(day);
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today and the DAYS_AHEAD days after it. */
export function daysToPrepare(today: string, ahead = DAYS_AHEAD): string[] {
  return Array.from({ length: ahead + 1 }, (_, i) => addDays(today, i));
}

/** Whether partition (day, retention) has expired on `today`: day + retention is over. */
export function isExpired(day: string, retentionDays: number, today: string): boolean {
  return addDays(day, retentionDays) < today;
}

/** The first day on which a check-in made on `day` with this retention is gone. */
export function purgeDay(day: string, retentionDays: number): string {
  return addDays(day, retentionDays + 1);
}

export interface ExistingPartition {
  name: string;
  /** The table it is attached to; null for a detached table (an interrupted purge). */
  parent: string | null;
}

export interface PurgePlan {
  /** Level-2 partitions to drop, with their day and retention. */
  retention: { name: string; day: string; retentionDays: number }[];
  /** Day partitions with nothing unexpired left: dropped after their children. */
  days: { name: string; day: string; attached: boolean }[];
}

/**
 * What to drop on `today`: every expired (day, retention) partition, and a day partition once
 * nothing of it remains. A day partition that still has unexpired children stays. Day tables
 * detached by an interrupted purge are planned like attached ones.
 */
export function planPurge(existing: readonly ExistingPartition[], today: string): PurgePlan {
  const children = new Map<string, { name: string; day: string; retentionDays: number }[]>();
  const dayTables: { name: string; day: string; attached: boolean }[] = [];
  for (const p of existing) {
    const parsed = parsePartitionName(p.name);
    if (!parsed) continue;
    if (parsed.retentionDays === undefined) {
      if (p.parent === PARTITIONED_TABLE || p.parent === null) dayTables.push({ name: p.name, day: parsed.day, attached: p.parent !== null });
      continue;
    }
    if (p.parent === null) continue;
    const list = children.get(p.parent) ?? [];
    list.push({ name: p.name, day: parsed.day, retentionDays: parsed.retentionDays });
    children.set(p.parent, list);
  }
  const retention: PurgePlan['retention'] = [];
  const days: PurgePlan['days'] = [];
  for (const table of dayTables.sort((a, b) => a.name.localeCompare(b.name))) {
    const kids = children.get(table.name) ?? [];
    const expired = kids.filter((k) => isExpired(k.day, k.retentionDays, today));
    retention.push(...expired);
    // A day without parts is dropped once the longest retention could have passed.
    const empty = kids.length === 0 ? isExpired(table.day, RETENTION.max, today) : expired.length === kids.length;
    if (empty) days.push(table);
  }
  return { retention, days };
}
