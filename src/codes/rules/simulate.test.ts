import { describe, expect, it } from 'vitest';
import { evaluate, loadBundledRuleSet, simulate, type Colour, type PersonFacts, type RiskArea } from './index.ts';
import { at, checkins, declaration, facts } from './test-helpers.ts';

const DISTRICTS = ['330102', '330105', '330106', '330108', '330109'];
const AT = at('2022-07-09 12:00');
const RISK: RiskArea[] = [{ regionCode: '310100', level: 'high', name: '上海市' }, { regionCode: '420100', level: 'medium', name: '武汉市' }];

/** A deterministic population: a linear congruential generator, so every run sees the same people. */
function population(size: number): { facts: PersonFacts; districtCode: string }[] {
  let seed = 20220709;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const day = (offset: number) => new Date(AT.getTime() - offset * 86_400_000);
  return Array.from({ length: size }, (_, i) => {
    const districtCode = DISTRICTS[Math.floor(random() * DISTRICTS.length)]!;
    const f = facts({ personId: `p${i}`, homeRegionCode: districtCode });
    const kind = random();
    const ago = 1 + Math.floor(random() * 12);
    if (kind < 0.08) f.contacts.push({ kind: 'close', exposedAt: day(ago) });
    else if (kind < 0.12) f.contacts.push({ kind: 'secondary', exposedAt: day(ago) });
    else if (kind < 0.2) f.declarations.push(declaration({ declaredAt: day(ago), stayedRegionCodes: [random() < 0.5 ? '310104' : '420102'] }));
    else if (kind < 0.26) f.declarations.push(declaration({ declaredAt: day(ago), temperature: 37.3 + random() }));
    else if (kind < 0.28) f.cases.push({ classification: random() < 0.5 ? 'confirmed' : 'recovered', since: day(ago) });
    else f.declarations.push(declaration({ declaredAt: day(ago) }));
    if (random() < 0.6) f.dailyCheckins = checkins(day(ago).toISOString().slice(0, 10), ago + 1, random() < 0.1 ? [day(Math.floor(ago / 2)).toISOString().slice(0, 10)] : []);
    return { facts: f, districtCode };
  });
}

describe('simulate', () => {
  const current = loadBundledRuleSet('hangzhou-2020');
  const proposed = loadBundledRuleSet('hangzhou-2022');
  const people = population(3000);

  it('counts the people who change colour by district and by reason, as a direct loop does', () => {
    const result = simulate(current, proposed, people, { at: AT, riskAreas: RISK });
    const expected = new Map<string, number>();
    const reasons: Record<string, number> = {};
    let changed = 0;
    for (const { facts: f, districtCode } of people) {
      const before = evaluate(current, f, { at: AT, riskAreas: RISK });
      const after = evaluate(proposed, f, { at: AT, riskAreas: RISK });
      if (before.colour === after.colour) continue;
      changed++;
      const key = `${districtCode} ${before.colour}>${after.colour}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
      const rank = { green: 0, yellow: 1, red: 2 };
      const deciding = rank[after.colour] > rank[before.colour] ? after : before;
      const code = deciding.reasons[0]!.reasonCode;
      reasons[code] = (reasons[code] ?? 0) + 1;
    }
    expect(result.total).toBe(3000);
    expect(result.changed).toBe(changed);
    expect(changed).toBeGreaterThan(100); // the population is varied enough for the comparison to mean something
    const flattened = new Map<string, number>();
    for (const [district, transitions] of Object.entries(result.byDistrict)) {
      for (const t of transitions) flattened.set(`${district} ${t.from}>${t.to}`, t.count);
    }
    expect(flattened).toEqual(expected);
    expect(result.byReason).toEqual(reasons);
    expect(Object.values(result.byReason).reduce((a, b) => a + b, 0)).toBe(changed);
  });

  it('reports no change when the proposed set is the current one', () => {
    const result = simulate(current, current, people, { at: AT, riskAreas: RISK });
    expect(result).toEqual({ total: 3000, changed: 0, byDistrict: {}, byReason: {} });
  });

  it('orders each district\'s transitions green → yellow → red', () => {
    const result = simulate(current, proposed, people, { at: AT, riskAreas: RISK });
    const order: Colour[] = ['green', 'yellow', 'red'];
    for (const transitions of Object.values(result.byDistrict)) {
      const keys = transitions.map((t) => order.indexOf(t.from) * 3 + order.indexOf(t.to));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
  });
});
