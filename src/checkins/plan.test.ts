import { describe, expect, it } from 'vitest';
import { planBatch, type ItemLookup, type MergeTarget, type PlanItem } from './plan.ts';

const T0 = new Date('2026-11-28T02:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const item = (personId: string, venueId: string, seconds: number, day = '2026-11-28'): PlanItem => ({ personId, venueId, at: at(seconds), day });
let nextId = 100;
const lookup = (over: Partial<ItemLookup> = {}): ItemLookup => ({ recent: undefined, countToday: 0, newId: nextId++, ...over });
const target = (id: number, seconds: number): MergeTarget => ({ id, checkedInAt: at(seconds), leaveAt: at(seconds + 3600), geofenceFar: false, distanceM: null });
const asTarget = (_u: number, _i: number, id: number) => target(id, 0);

describe('planning a batch of check-ins', () => {
  it('makes new rows for new check-ins, with the ids the lookups drew', () => {
    const plans = planBatch([[item('p1', 'v1', 0), item('p2', 'v1', 0)]], [[lookup({ newId: 1 }), lookup({ newId: 2 })]], 30, asTarget);
    expect(plans).toEqual([{ ok: true, outcomes: [{ kind: 'new', id: 1 }, { kind: 'new', id: 2 }] }]);
  });

  it('merges a repeat within 2 minutes at the same venue into the earlier check-in found in the database', () => {
    const earlier = target(7, -90);
    const plans = planBatch([[item('p1', 'v1', 0)]], [[lookup({ recent: earlier })]], 30, asTarget);
    expect(plans[0]).toEqual({ ok: true, outcomes: [{ kind: 'merged', into: earlier }] });
  });

  it('does not merge a check-in more than 2 minutes apart', () => {
    const plans = planBatch([[item('p1', 'v1', 0)]], [[lookup({ recent: target(7, -121), newId: 9 })]], 30, asTarget);
    expect(plans[0]).toEqual({ ok: true, outcomes: [{ kind: 'new', id: 9 }] });
  });

  it('merges two requests of one batch for the same person and venue (the first becomes the row)', () => {
    const plans = planBatch(
      [[item('p1', 'v1', 0)], [item('p1', 'v1', 1)], [item('p1', 'v2', 1)]],
      [[lookup({ newId: 11 })], [lookup({ newId: 12 })], [lookup({ newId: 13 })]],
      30, (_u, _i, id) => target(id, 0),
    );
    expect(plans[0]).toEqual({ ok: true, outcomes: [{ kind: 'new', id: 11 }] });
    expect(plans[1]).toEqual({ ok: true, outcomes: [{ kind: 'merged', into: target(11, 0) }] });
    expect(plans[2]).toEqual({ ok: true, outcomes: [{ kind: 'new', id: 13 }] });
  });

  it('refuses a request whose person reached the daily limit, counting the batch\'s earlier rows', () => {
    const plans = planBatch(
      [[item('p1', 'v1', 0)], [item('p1', 'v2', 0)], [item('p1', 'v3', 0)]],
      [[lookup({ countToday: 1 })], [lookup({ countToday: 1 })], [lookup({ countToday: 1 })]],
      3, asTarget,
    );
    expect(plans.map((p) => p.ok)).toEqual([true, true, false]);
    expect(plans[2]).toEqual({ ok: false, reason: 'daily_limit', personId: 'p1' });
  });

  it('is all or nothing per request: a refused request adds nothing for its other persons', () => {
    const plans = planBatch(
      [[item('p2', 'v1', 0), item('p1', 'v1', 0)], [item('p2', 'v1', 1)]],
      [[lookup(), lookup({ countToday: 2 })], [lookup({ newId: 55 })]],
      2, asTarget,
    );
    expect(plans[0]).toEqual({ ok: false, reason: 'daily_limit', personId: 'p1' });
    // p2's check-in of the refused request was not kept, so this is new rather than merged.
    expect(plans[1]).toEqual({ ok: true, outcomes: [{ kind: 'new', id: 55 }] });
  });

  it('counts the limit per day', () => {
    const plans = planBatch([[item('p1', 'v1', 0, '2026-11-28')], [item('p1', 'v2', 0, '2026-11-29')]], [[lookup({ countToday: 0 })], [lookup({ countToday: 0 })]], 1, asTarget);
    expect(plans.map((p) => p.ok)).toEqual([true, true]);
  });

  it('does not count a merged repeat against the limit', () => {
    const plans = planBatch([[item('p1', 'v1', 0)]], [[lookup({ countToday: 5, recent: target(3, -10) })]], 5, asTarget);
    expect(plans[0]!.ok).toBe(true);
  });
});
