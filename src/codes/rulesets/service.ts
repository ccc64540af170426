/**
 * Rule sets and risk areas per region. A health official proposes a rule set (it must parse and
 * pass its own test cases), then publishes it (audited); evaluations look the published version
 * up on every run, so publishing takes effect without a restart, in every server process.
 * Risk areas are a list each region manages for its own divisions; evaluations read the lists of
 * every region, since a stay in another city's risk area matters here too.
 */
import type { Clock } from '../../kernel/time.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { recordAudit } from '../../audit/service.ts';
import { regionNames } from '../../regions/service.ts';
import { personsWhoStayedIn } from '../declarations/service.ts';
import { personsWhoTravelledTo } from '../../travel/facts.ts';
import { noteFactsChanged } from '../colours/outbox/service.ts';
import { DEFAULT_RULE_SET, loadBundledRuleSet, parseRuleSet, runRuleSetTests, type RuleSet } from '../rules/index.ts';
import { ruleSetFail } from './errors.ts';
import {
  bundledRuleSetRef, changedRiskAreas, checkRiskAreas, regionAndAncestors, storedRuleSetRef,
  type RiskArea, type StoredRuleSetSummary,
} from './model.ts';
import {
  findAllRiskAreas, findPublishedRuleSetAmong, findRiskAreasByCodes, findRiskAreasManagedBy, findRuleSetBody, findRuleSetSummaries,
  findRuleSetSummary, insertRuleSetVersion, markRuleSetPublished, replaceRiskAreasManagedBy,
} from './store.ts';

export type { RiskArea, StoredRuleSetSummary } from './model.ts';
export { regionAndAncestors } from './model.ts';

export interface RuleSetDeps {
  db: DbOrTrx;
  clock: Clock;
}

export interface EffectiveRuleSet {
  ruleSet: RuleSet;
  /** `330100@3` or `bundled:hangzhou-2020`: written into statuses and colour events. */
  ref: string;
}

async function requireRegion(db: DbOrTrx, regionCode: string): Promise<void> {
  if (!(await regionNames(db, [regionCode])).has(regionCode)) throw ruleSetFail('RULESET_REGION_NOT_FOUND', { regionCode });
}

/** Parses a proposed rule set and runs its own test cases; throws RULESET_INVALID / RULESET_TESTS_FAILING. */
export function validateRuleSet(json: unknown): RuleSet {
  // parseRuleSet throws the engine's RULESET_INVALID with details of what is wrong.
  const ruleSet = parseRuleSet(json);
  const report = runRuleSetTests(ruleSet);
  if (report.failed.length > 0) throw ruleSetFail('RULESET_TESTS_FAILING', { failed: report.failed.slice(0, 20) });
  return ruleSet;
}

export async function proposeRuleSet(deps: RuleSetDeps, actor: Actor | undefined, regionCode: string, json: unknown): Promise<StoredRuleSetSummary> {
  const official = requireAccess(actor, 'rules.publish', regionCode);
  await requireRegion(deps.db, regionCode);
  const ruleSet = validateRuleSet(json);
  const version = await inTransaction(deps.db, async (trx) => {
    const v = await insertRuleSetVersion(trx, { regionCode, ruleSetId: `${ruleSet.name}/v${ruleSet.version}`, body: ruleSet.source, proposedByAccountId: official.accountId, proposedAt: deps.clock.now() });
    await recordAudit(trx, official, {
      action: 'ruleset.propose', targetType: 'rule_set', targetId: storedRuleSetRef(regionCode, v), regionCode, detail: { ruleSetId: ruleSet.name, ruleSetVersion: ruleSet.version, version: v },
    }, deps.clock);
    return v;
  });
  return (await findRuleSetSummary(deps.db, regionCode, version))!;
}

/** Publishing an older (superseded) version again is how a region rolls back. */
export async function publishRuleSet(deps: RuleSetDeps, actor: Actor | undefined, regionCode: string, version: number): Promise<StoredRuleSetSummary> {
  const official = requireAccess(actor, 'rules.publish', regionCode);
  await inTransaction(deps.db, async (trx) => {
    const existing = await findRuleSetSummary(trx, regionCode, version);
    if (!existing) throw ruleSetFail('RULESET_VERSION_NOT_FOUND', { regionCode, version });
    if (existing.status === 'published') throw ruleSetFail('RULESET_VERSION_ALREADY_PUBLISHED', { regionCode, version });
    await markRuleSetPublished(trx, regionCode, version, official.accountId, deps.clock.now());
    await recordAudit(trx, official, {
      action: 'ruleset.publish', targetType: 'rule_set', targetId: storedRuleSetRef(regionCode, version), regionCode,
      detail: { ruleSetId: existing.ruleSetId, version },
    }, deps.clock);
  });
  return (await findRuleSetSummary(deps.db, regionCode, version))!;
}

export async function listRuleSets(deps: RuleSetDeps, actor: Actor | undefined, regionCode: string): Promise<StoredRuleSetSummary[]> {
  requireAccess(actor, 'rules.simulate', regionCode);
  return findRuleSetSummaries(deps.db, regionCode);
}

/** Parsed rule sets by ref: a stored version never changes, so it is parsed once per process. */
const parsedRuleSets = new Map<string, RuleSet>();

/** The rule set deciding colours for a person whose home is `regionCode`. */
export async function effectiveRuleSet(db: DbOrTrx, regionCode: string): Promise<EffectiveRuleSet> {
  const published = await findPublishedRuleSetAmong(db, regionAndAncestors(regionCode));
  const ref = published ? storedRuleSetRef(published.regionCode, published.version) : bundledRuleSetRef(DEFAULT_RULE_SET);
  let ruleSet = parsedRuleSets.get(ref);
  if (!ruleSet) {
    ruleSet = published
      ? parseRuleSet(await findRuleSetBody(db, published.regionCode, published.version))
      : loadBundledRuleSet(DEFAULT_RULE_SET);
    if (parsedRuleSets.size > 1000) parsedRuleSets.clear();
    parsedRuleSets.set(ref, ruleSet);
  }
  return { ruleSet, ref };
}

/** Residents read 杭州市西湖区 in their reasons, not 330106. */
async function withNames(db: DbOrTrx, areas: RiskArea[]): Promise<(RiskArea & { name?: string })[]> {
  if (areas.length === 0) return areas;
  const names = await regionNames(db, areas.map((a) => a.regionCode));
  return areas.map((a) => ({ ...a, name: names.get(a.regionCode) ?? a.regionCode }));
}

/** Risk areas covering any of these divisions (listed for the division itself or one of its ancestors), named. */
export async function riskAreasCovering(db: DbOrTrx, regionCodes: readonly string[]): Promise<(RiskArea & { name?: string })[]> {
  return withNames(db, await findRiskAreasByCodes(db, [...new Set(regionCodes.flatMap(regionAndAncestors))]));
}

export async function allRiskAreas(db: DbOrTrx): Promise<(RiskArea & { name?: string })[]> {
  return withNames(db, await findAllRiskAreas(db));
}

/** Public: risk areas were announced to everyone, and residents need them to plan trips. */
export async function getRiskAreas(db: DbOrTrx, regionCode: string): Promise<RiskArea[]> {
  await requireRegion(db, regionCode);
  return findRiskAreasManagedBy(db, regionCode);
}

/**
 * Replaces the region's list (audited). Persons who declared a stay in an area whose level
 * changed are noted in the facts outbox, so the review job recomputes their colours.
 */
export async function replaceRiskAreas(deps: RuleSetDeps, actor: Actor | undefined, regionCode: string, areas: readonly RiskArea[]): Promise<{ areas: RiskArea[]; personsToReview: number }> {
  const official = requireAccess(actor, 'rules.publish', regionCode);
  await requireRegion(deps.db, regionCode);
  const checked = checkRiskAreas(regionCode, areas);
  if (!checked.ok) throw ruleSetFail(checked.code, checked.index === undefined ? undefined : { index: checked.index });
  const known = await regionNames(deps.db, checked.value.map((a) => a.regionCode));
  const unknownAt = checked.value.findIndex((a) => !known.has(a.regionCode));
  if (unknownAt >= 0) throw ruleSetFail('RISK_AREA_INVALID', { regionCode: checked.value[unknownAt]!.regionCode });
  const now = deps.clock.now();
  const personsToReview = await inTransaction(deps.db, async (trx) => {
    const before = await findRiskAreasManagedBy(trx, regionCode);
    await replaceRiskAreasManagedBy(trx, regionCode, checked.value, now);
    const changed = changedRiskAreas(before, checked.value);
    const persons = [...new Set([...await personsWhoStayedIn(trx, changed, now), ...await personsWhoTravelledTo(trx, changed, now)])];
    await noteFactsChanged(trx, persons, 'risk_areas', regionCode, now);
    await recordAudit(trx, official, {
      action: 'risk_areas.replace', targetType: 'risk_areas', targetId: regionCode, regionCode,
      detail: { count: checked.value.length, changed: changed.slice(0, 100), personsToReview: persons.length },
    }, deps.clock);
    return persons.length;
  });
  return { areas: checked.value, personsToReview };
}

