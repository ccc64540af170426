/**
 * Automatic contact tracing (自动流调) of one case, in one transaction: the case's infectious
 * window; depth 1, everyone whose visits overlapped the case's visits (plus the tolerance tail),
 * and its household and bound family; depth 2 (and 3 if the city asks), the same from each close
 * contact's first exposure until now. A person is linked at the lowest depth they are found at,
 * by every path found there; the case itself is never its own contact, so cycles (A↔B) end.
 * Re-running replaces the case's links: the result depends only on the data, so it is idempotent.
 * Close contacts get a monitoring plan (one per person while one is active); everyone whose links
 * changed has their colour fact noted in the same transaction; recolourTraced recomputes them right
 * after (the job does both; the colour-review job would otherwise pick the noted facts up within a minute).
 */
import { recordAudit } from '../audit/service.ts';
import { noteFactsChanged } from '../codes/colours/outbox/service.ts';
import { recomputeColours, type ColourDeps } from '../codes/colours/service.ts';
import { inTransaction } from '../db/transaction.ts';
import { cityOf } from '../kernel/regions-scope.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { personsUnderActivePlan, startMonitoringPlans } from '../monitoring/service.ts';
import { tenantSettings } from '../regions/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { isInfected } from './model/case.ts';
import { settingsFrom, TRACING_SETTING, type TracingSettings } from './model/settings.ts';
import { infectiousWindow } from './model/window.ts';
import { lockCase, updateCase, type CaseRow } from './store.ts';
import { deleteLinksOfCase, findContactIdsOfCase, insertHomeLinks, insertVenueLinks, rebuildCaseContacts, type FoundContact, type Seed } from './trace-store.ts';

export type TracingDeps = ColourDeps;

export interface TraceSummary {
  caseId: string;
  closeContacts: number;
  secondaryContacts: number;
  links: number;
  /** Persons whose links appeared, changed depth or went: their colours need recomputing (recolourTraced). */
  changedPersonIds: string[];
  /** Monitoring plans started for close contacts by this run. */
  plansStarted: number;
}

export async function tracingSettingsFor(db: DbOrTrx, regionCode: string): Promise<TracingSettings> {
  return settingsFrom((await tenantSettings(db, cityOf(regionCode)))?.[TRACING_SETTING]);
}

/** The next depth's seeds: each newly found person (by venue or at home), from their first exposure at this depth until now. */
function nextSeeds(found: readonly FoundContact[], now: Date): Seed[] {
  const first = new Map<string, Date>();
  for (const f of found) {
    const seen = first.get(f.personId);
    if (!seen || f.overlapStart.getTime() < seen.getTime()) first.set(f.personId, f.overlapStart);
  }
  return [...first].map(([personId, from]) => ({ personId, from, to: now }));
}

async function writeLinks(db: DbOrTrx, c: CaseRow, settings: TracingSettings, window: { from: Date; to: Date }, now: Date): Promise<number> {
  const excluded = new Set([c.personId]);
  let seeds: Seed[] = [{ personId: c.personId, from: window.from, to: window.to }];
  let links = 0;
  for (let depth = 1; depth <= settings.depth && seeds.length > 0; depth++) {
    const level = { caseId: c.id, depth, seeds, excluded: [...excluded] };
    const found = [
      ...await insertVenueLinks(db, { ...level, toleranceMinutes: settings.toleranceMinutes, stayMinutesByKind: settings.stayMinutesByKind }),
      ...await insertHomeLinks(db, level),
    ];
    links += found.reduce((n, f) => n + f.links, 0);
    seeds = nextSeeds(found, now);
    for (const s of seeds) excluded.add(s.personId);
  }
  return links;
}

/**
 * Traces the case now (or withdraws its links when it is not infected). Undefined when the case
 * does not exist (or, with `onlyIfRequested`, when nobody asks for its tracing any more). The caller need not hold anything: the case row is locked for the run.
 */
export async function traceCase(deps: TracingDeps, caseId: string, options: { onlyIfRequested?: boolean } = {}): Promise<TraceSummary | undefined> {
  const now = deps.clock.now();
  const outcome = await inTransaction(deps.db, async (trx) => {
    const c = await lockCase(trx, caseId);
    if (!c || (options.onlyIfRequested && !c.traceRequestedAt)) return undefined;
    const before = await findContactIdsOfCase(trx, c.id);
    await deleteLinksOfCase(trx, c.id);
    const settings = await tracingSettingsFor(trx, c.regionCode);
    const window = infectiousWindow(c, settings.preOnsetDays, now);
    const links = isInfected(c.classification) ? await writeLinks(trx, c, settings, window, now) : 0;
    const contacts = await rebuildCaseContacts(trx, c.id, now);
    const close = contacts.filter((k) => k.depth === 1);
    await updateCase(trx, c.id, {
      traceRequestedAt: null, tracedAt: now, traceWindowFrom: window.from, traceWindowTo: window.to, traceFailures: 0, traceFailedAt: null,
      closeContacts: close.length, secondaryContacts: contacts.length - close.length,
    });
    const changed = [...new Set([...before, ...contacts.map((k) => k.personId)])];
    await noteFactsChanged(trx, changed, 'tracing', c.id, now);
    const watched = await personsUnderActivePlan(trx, close.map((k) => k.personId), 'close_contact');
    const plans = await startMonitoringPlans({ db: trx, clock: deps.clock }, close.filter((k) => !watched.has(k.personId))
      .map((k) => ({ personId: k.personId, reason: 'close_contact' as const, sourceRef: `case:${c.id}:${k.personId}`, startOn: shanghaiDay(now) })));
    const plansStarted = plans.filter((p) => p?.created).length;
    return { c, summary: { caseId: c.id, closeContacts: close.length, secondaryContacts: contacts.length - close.length, links, changedPersonIds: changed, plansStarted } };
  });
  if (!outcome) return undefined;
  const { c, summary } = outcome;
  await recordAudit(deps.db, { system: 'tracing' }, {
    action: 'tracing.case.trace', targetType: 'case', targetId: c.id, regionCode: c.regionCode,
    detail: { closeContacts: summary.closeContacts, secondaryContacts: summary.secondaryContacts, links: summary.links, plansStarted: summary.plansStarted },
  }, deps.clock);
  return summary;
}

/** The colours of everyone a trace touched, now (the case's own colour follows its classification, recomputed when it changed). */
export async function recolourTraced(deps: TracingDeps, summary: TraceSummary): Promise<{ recomputed: number; failed: number }> {
  return recomputeColours(deps, summary.changedPersonIds, { evidenceRef: `tracing:${summary.caseId}` });
}
