/**
 * Deciding a batch of check-in requests at once (pure): which items become new rows, which are
 * repeats merged into an earlier check-in, and which requests exceed the daily limit. The
 * database state comes in as one lookup per item (what the store found before the batch); the
 * batch's own earlier items count as well, in arrival order, so two requests of one batch behave
 * exactly as if they had come one after the other.
 */
import { MERGE_WINDOW_MS } from './model.ts';

export interface PlanItem {
  personId: string;
  venueId: string;
  at: Date;
  /** The Asia/Shanghai day of `at` (YYYY-MM-DD): the daily limit counts per day. */
  day: string;
}

/** An existing check-in an item may be merged into. */
export interface MergeTarget {
  id: number;
  checkedInAt: Date;
  leaveAt: Date;
  geofenceFar: boolean;
  distanceM: number | null;
}

export interface ItemLookup {
  /** The person's nearest check-in at the venue within the merge window, if any. */
  recent: MergeTarget | undefined;
  /** The person's check-ins on the item's day, before this batch. */
  countToday: number;
  /** A fresh id for the row, should the item become one. */
  newId: number;
}

export type ItemOutcome =
  | { kind: 'new'; id: number }
  | { kind: 'merged'; into: MergeTarget };

export type UnitPlan =
  | { ok: true; outcomes: ItemOutcome[] }
  | { ok: false; reason: 'daily_limit'; personId: string };

interface NewInBatch {
  target: MergeTarget;
  venueId: string;
}

/**
 * `newTarget(unit, item, id)` describes a new row as a merge target for later items (its leave
 * time and flags). A request is all or nothing: when one of its persons is over the limit, none
 * of its items is kept.
 */
export function planBatch(
  units: readonly (readonly PlanItem[])[],
  lookups: readonly (readonly ItemLookup[])[],
  dailyLimit: number,
  newTarget: (unit: number, item: number, id: number) => MergeTarget,
): UnitPlan[] {
  const newByPerson = new Map<string, NewInBatch[]>();
  const addedPerDay = new Map<string, number>();
  return units.map((items, u) => {
    const outcomes: ItemOutcome[] = [];
    const pendingNew: { personId: string; entry: NewInBatch; dayKey: string }[] = [];
    for (const [i, item] of items.entries()) {
      const lookup = lookups[u]![i]!;
      const candidates: MergeTarget[] = [];
      if (lookup.recent && Math.abs(lookup.recent.checkedInAt.getTime() - item.at.getTime()) <= MERGE_WINDOW_MS) candidates.push(lookup.recent);
      for (const earlier of newByPerson.get(item.personId) ?? []) {
        if (earlier.venueId === item.venueId && Math.abs(earlier.target.checkedInAt.getTime() - item.at.getTime()) <= MERGE_WINDOW_MS) candidates.push(earlier.target);
      }
      if (candidates.length > 0) {
        const earliest = candidates.reduce((a, b) => (b.checkedInAt.getTime() < a.checkedInAt.getTime() ? b : a));
        outcomes.push({ kind: 'merged', into: earliest });
        continue;
      }
      const dayKey = `${item.personId}|${item.day}`;
      const already = lookup.countToday + (addedPerDay.get(dayKey) ?? 0) + pendingNew.filter((p) => p.dayKey === dayKey).length;
      if (already >= dailyLimit) return { ok: false, reason: 'daily_limit', personId: item.personId };
      outcomes.push({ kind: 'new', id: lookup.newId });
      pendingNew.push({ personId: item.personId, dayKey, entry: { venueId: item.venueId, target: newTarget(u, i, lookup.newId) } });
    }
    for (const { personId, entry, dayKey } of pendingNew) {
      newByPerson.set(personId, [...(newByPerson.get(personId) ?? []), entry]);
      addedPerDay.set(dayKey, (addedPerDay.get(dayKey) ?? 0) + 1);
    }
    return { ok: true, outcomes };
  });
}
