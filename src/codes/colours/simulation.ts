/**
 * "What if": evaluates a proposed rule set against today's population of a region, beside the
 * rule set in force, without publishing or writing anything but the audit row. The report holds
 * counts only (by district and by reason), never a person.
 */
import { recordAudit, type AuditActor } from '../../audit/service.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { declarationFactsFor } from '../declarations/service.ts';
import { officialFactsFor } from '../overrides/service.ts';
import { dailyCheckinFactsFor } from '../../orgs/daily/facts.ts';
import { allRiskAreas, effectiveRuleSet, validateRuleSet } from '../rulesets/service.ts';
import { simulate, type SimulationResult } from '../rules/index.ts';
import { buildPersonFacts } from './facts.ts';
import { districtOf } from './model.ts';
import { findPopulationPage } from './store.ts';
import type { ColourDeps } from './service.ts';

const PAGE = 2000;

export interface RegionSimulation {
  regionCode: string;
  currentRuleSetRef: string;
  population: number;
  evaluatedAt: Date;
  report: SimulationResult;
}

/**
 * Walks the region's persons page by page and keeps their facts in memory for one simulate()
 * call: fine for a city of the demo's size; a province-sized run belongs in a background job.
 */
export async function simulateRuleSetForRegion(deps: ColourDeps, by: AuditActor, regionCode: string, proposedJson: unknown): Promise<RegionSimulation> {
  const proposed = validateRuleSet(proposedJson);
  const at = deps.clock.now();
  const current = await effectiveRuleSet(deps.db, regionCode);
  const riskAreas = await allRiskAreas(deps.db);
  const population: { facts: ReturnType<typeof buildPersonFacts>; districtCode: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await findPopulationPage(deps.db, regionPrefix(regionCode), after, PAGE);
    const declarations = await declarationFactsFor(deps.db, page.map((p) => p.id), at);
    const official = await officialFactsFor(deps.db, page.map((p) => p.id), at);
    const daily = await dailyCheckinFactsFor(deps.db, page.map((p) => p.id), at);
    for (const person of page) {
      population.push({ facts: buildPersonFacts(person.id, person.homeRegionCode, declarations.get(person.id) ?? [], official.get(person.id), daily.get(person.id)), districtCode: districtOf(person.homeRegionCode) });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const report = simulate(current.ruleSet, proposed, population, { at, riskAreas });
  await recordAudit(deps.db, by, {
    action: 'ruleset.simulate', targetType: 'region', targetId: regionCode, regionCode,
    detail: { proposed: `${proposed.name}/v${proposed.version}`, current: current.ref, population: population.length },
  }, deps.clock);
  return { regionCode, currentRuleSetRef: current.ref, population: population.length, evaluatedAt: at, report };
}

/** The console's simulate: a health official of the region. */
export async function simulateRuleSet(deps: ColourDeps, actor: Actor | undefined, regionCode: string, proposedJson: unknown): Promise<RegionSimulation> {
  const official = requireAccess(actor, 'rules.simulate', regionCode);
  return simulateRuleSetForRegion(deps, official, regionCode, proposedJson);
}
