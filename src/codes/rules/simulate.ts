/**
 * 规则模拟：发布前看看新规则会让多少人变色。Evaluates the current and a proposed rule set over
 * a population at one instant and counts who would change colour, by district and by reason.
 *
 * The reason of a change is the strongest reason of whichever side has the stronger colour: the
 * reason gained (green → red: the proposed red reason) or lost (red → green: the current red
 * reason no longer given).
 */
import { evaluateAt, prepareRiskAreas } from './evaluate.ts';
import { COLOUR_RANK, type Colour, type EvaluationContext, type PersonFacts } from './model.ts';
import type { RuleSet } from './rule-set-model.ts';

export interface SimulationResult {
  total: number;
  changed: number;
  byDistrict: Record<string, { from: Colour; to: Colour; count: number }[]>;
  byReason: Record<string, number>;
}

const ORDER: Colour[] = ['green', 'yellow', 'red'];

export function simulate(current: RuleSet, proposed: RuleSet, population: { facts: PersonFacts; districtCode: string }[], context: EvaluationContext): SimulationResult {
  const riskAreas = prepareRiskAreas(context.riskAreas);
  const counts = new Map<string, Map<string, number>>();
  const byReason: Record<string, number> = {};
  let changed = 0;
  for (const { facts, districtCode } of population) {
    const before = evaluateAt(current, facts, context.at, riskAreas);
    const after = evaluateAt(proposed, facts, context.at, riskAreas);
    if (before.colour === after.colour) continue;
    changed++;
    const key = `${before.colour}>${after.colour}`;
    const district = counts.get(districtCode) ?? new Map<string, number>();
    district.set(key, (district.get(key) ?? 0) + 1);
    counts.set(districtCode, district);
    const deciding = COLOUR_RANK[after.colour] > COLOUR_RANK[before.colour] ? after : before;
    const reason = deciding.reasons.find((r) => !r.overridden)?.reasonCode ?? 'none';
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  const byDistrict: SimulationResult['byDistrict'] = {};
  for (const district of [...counts.keys()].sort()) {
    const transitions = [...counts.get(district)!].map(([key, count]) => {
      const [from, to] = key.split('>') as [Colour, Colour];
      return { from, to, count };
    });
    transitions.sort((a, b) => ORDER.indexOf(a.from) - ORDER.indexOf(b.from) || ORDER.indexOf(a.to) - ORDER.indexOf(b.to));
    byDistrict[district] = transitions;
  }
  return { total: population.length, changed, byDistrict, byReason };
}
