/**
 * "What if": evaluates a proposed rule set against today's population of a region, beside the
 * rule set in force, without publishing or writing anything but the audit row. The report holds
 * counts only (by district and by reason), never a person.
 */
import { recordAudit, type AuditActor } from '../../audit/service.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { allRiskAreas, effectiveRuleSet, validateRuleSet } from '../rulesets/service.ts';
import { simulate, type PersonFacts, type SimulationResult } from '../rules/index.ts';
import { gatherPersonFacts } from './gather-facts.ts';
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
  const population: { facts: PersonFacts; districtCode: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await findPopulationPage(deps.db, regionPrefix(regionCode), after, PAGE);
    // The same facts as live evaluation (service.ts): one gathering function, so the two cannot drift.
    const facts = await gatherPersonFacts(deps.db, page, at);
    for (const person of page) population.push({ facts: facts.get(person.id)!, districtCode: districtOf(person.homeRegionCode) });
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
