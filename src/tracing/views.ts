/**
 * What officials, community workers and residents see of tracing: case and contact lists
 * (masked, keyset-paginated), a case's detail with its events, a person's links with evidence
 * (for a stated reason, audited), the transmission-chain graph, and the resident's own exposures
 * (kind of place and time only — never who).
 */
import { recordAudit } from '../audit/service.ts';
import { colourViewsOf } from '../codes/colours/service.ts';
import { can, requireAccess, scopesFor, type Actor } from '../kernel/access.ts';
import { decryptField } from '../kernel/crypto/field-encryption.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { homeRegionOf, maskedLabelsOf, requireSelfOrGuardian } from '../people/service.ts';
import { requireReason } from '../people/staff-service.ts';
import { regionNames } from '../regions/service.ts';
import { tracingFail } from './errors.ts';
import { isInfected, type CaseSource, type Classification } from './model/case.ts';
import {
  findCaseEvents, findCases, findClassificationsOf, findContacts, findLinksOfCase, findLinksOfPerson, type CaseRow, type ContactRow, type LinkRow,
} from './store.ts';
import { getCaseRow } from './cases.ts';
import type { TracingDeps } from './trace.ts';

type Deps = Pick<TracingDeps, 'db' | 'keyring' | 'clock' | 'notifications'>;

export interface CaseView {
  id: string; personId: string; nameMasked: string; idNumberMasked: string; regionCode: string; regionName: string;
  classification: Classification; onsetOn: string | null; onsetApproximate: boolean; testedPositiveOn: string | null; isolatedAt: Date | null;
  reportedOn: string; source: CaseSource; issuingRegionCode: string | null; externalRef: string | null; createdAt: Date; updatedAt: Date;
  tracing: { status: 'pending' | 'done' | 'not_traced'; tracedAt: Date | null; windowFrom: Date | null; windowTo: Date | null; closeContacts: number; secondaryContacts: number };
}

async function caseViews(deps: Deps, rows: readonly CaseRow[]): Promise<CaseView[]> {
  const labels = await maskedLabelsOf(deps.db, rows.map((r) => r.personId));
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map((r) => ({
    id: r.id, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', idNumberMasked: labels.get(r.personId)?.idNumberMasked ?? '',
    regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, classification: r.classification, onsetOn: r.onsetOn,
    onsetApproximate: r.onsetApproximate, testedPositiveOn: r.testedPositiveOn, isolatedAt: r.isolatedAt, reportedOn: r.reportedOn, source: r.source,
    issuingRegionCode: r.issuingRegionCode, externalRef: r.externalRef, createdAt: r.createdAt, updatedAt: r.updatedAt,
    tracing: {
      status: r.traceRequestedAt ? 'pending' : r.tracedAt ? 'done' : 'not_traced', tracedAt: r.tracedAt, windowFrom: r.traceWindowFrom, windowTo: r.traceWindowTo,
      closeContacts: r.closeContacts, secondaryContacts: r.secondaryContacts,
    },
  }));
}

export async function caseViewOf(deps: Deps, row: CaseRow): Promise<CaseView> {
  return (await caseViews(deps, [row]))[0]!;
}

// ---- keyset cursors ------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const encode = (parts: string[]) => Buffer.from(parts.join('|')).toString('base64url');
function decode(raw: string | undefined, count: number): string[] | undefined {
  if (!raw) return undefined;
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (parts.length !== count) throw tracingFail('TRACING_CURSOR_INVALID');
  return parts;
}

export interface CaseListQuery {
  regionCode?: string; classification?: Classification; source?: CaseSource; reportedFrom?: string; reportedTo?: string; after?: string; limit: number;
}

/** The cases of my regions (or one of them), newest report first, masked. */
export async function listCases(deps: Deps, actor: Actor | undefined, q: CaseListQuery): Promise<{ items: CaseView[]; next: string | null }> {
  const official = requireAccess(actor, 'tracing.case.read', q.regionCode);
  const prefixes = (q.regionCode ? [q.regionCode] : scopesFor(official, 'tracing.case.read')).map(regionPrefix);
  const after = decode(q.after, 2);
  if (after && (!/^\d{4}-\d{2}-\d{2}$/.test(after[0]!) || !UUID.test(after[1]!))) throw tracingFail('TRACING_CURSOR_INVALID');
  const rows = await findCases(deps.db, { prefixes, classification: q.classification, source: q.source, reportedFrom: q.reportedFrom, reportedTo: q.reportedTo, after: after && { reportedOn: after[0]!, id: after[1]! }, limit: q.limit });
  const last = rows.at(-1);
  return { items: await caseViews(deps, rows), next: rows.length === q.limit && last ? encode([last.reportedOn, last.id]) : null };
}

export interface CaseEventView { id: number; at: Date; kind: string; fromClassification: string | null; toClassification: string | null; actorLabel: string; detail: Record<string, unknown> }

/** One case as the lists show it (masked, no notes or events): what a page polls while tracing runs, unaudited like the list. */
export async function getCaseSummary(deps: Deps, actor: Actor | undefined, caseId: string): Promise<CaseView> {
  return caseViewOf(deps, await getCaseRow(deps, actor, caseId));
}

/** One case with its notes and events (the notes are personal: the read is audited). */
export async function getCase(deps: Deps, actor: Actor | undefined, caseId: string): Promise<CaseView & { notes: string | null; events: CaseEventView[] }> {
  const row = await getCaseRow(deps, actor, caseId);
  await recordAudit(deps.db, actor!, { action: 'tracing.case.read', targetType: 'case', targetId: row.id, regionCode: row.regionCode }, deps.clock);
  const events = await findCaseEvents(deps.db, row.id);
  return {
    ...await caseViewOf(deps, row), notes: row.notesEnc ? decryptField(deps.keyring, row.notesEnc) : null,
    events: events.map(({ caseId: _, actorAccountId: __, ...e }) => e),
  };
}

export interface ContactView {
  caseId: string; personId: string; nameMasked: string; phoneMasked: string | null; regionCode: string; regionName: string;
  depth: number; kind: 'close' | 'secondary'; firstExposureAt: Date; lastExposureAt: Date; links: number; foundAt: Date;
  caseClassification: Classification; counts: boolean; colour: 'green' | 'yellow' | 'red' | null;
}

async function contactViews(deps: Deps, rows: readonly ContactRow[]): Promise<ContactView[]> {
  const ids = rows.map((r) => r.personId);
  const labels = await maskedLabelsOf(deps.db, ids);
  const colours = await colourViewsOf(deps, ids);
  const names = await regionNames(deps.db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map((r) => ({
    caseId: r.caseId, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', phoneMasked: labels.get(r.personId)?.phoneMasked ?? null,
    regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, depth: r.depth, kind: r.depth === 1 ? 'close' : 'secondary',
    firstExposureAt: r.firstExposureAt, lastExposureAt: r.lastExposureAt, links: r.links, foundAt: r.foundAt,
    caseClassification: r.caseClassification, counts: isInfected(r.caseClassification), colour: colours.get(r.personId)?.colour ?? null,
  }));
}

export interface ContactListQuery { regionCode?: string; caseId?: string; kind?: 'close' | 'secondary'; depth?: number; after?: string; limit: number }

/**
 * Contacts living in my regions (a community worker: their streets), newest found first, masked.
 * A case's contacts outside the actor's regions are not listed: each region follows up its own.
 */
export async function listContacts(deps: Deps, actor: Actor | undefined, q: ContactListQuery): Promise<{ items: ContactView[]; next: string | null }> {
  const staff = requireAccess(actor, 'tracing.contact.read', q.regionCode);
  const prefixes = (q.regionCode ? [q.regionCode] : scopesFor(staff, 'tracing.contact.read')).map(regionPrefix);
  const after = decode(q.after, 3);
  if (after && (Number.isNaN(Date.parse(after[0]!)) || !UUID.test(after[1]!) || !UUID.test(after[2]!))) throw tracingFail('TRACING_CURSOR_INVALID');
  if (q.caseId !== undefined && !UUID.test(q.caseId)) return { items: [], next: null };
  const depth = q.depth ?? (q.kind === 'close' ? 1 : undefined);
  const minDepth = q.kind === 'secondary' ? 2 : undefined;
  const rows = await findContacts(deps.db, { prefixes, caseId: q.caseId, depth, minDepth, after: after && { foundAt: new Date(after[0]!), caseId: after[1]!, personId: after[2]! }, limit: q.limit });
  const last = rows.at(-1);
  return { items: await contactViews(deps, rows), next: rows.length === q.limit && last ? encode([last.foundAt.toISOString(), last.caseId, last.personId]) : null };
}

export interface LinkView {
  id: number; caseId: string; depth: number; kind: 'venue' | 'household' | 'family'; venueId: string | null; venueName: string | null; venueKind: string | null;
  overlapStart: Date; overlapEnd: Date; minutes: number; source: { personId: string; nameMasked: string; isCase: boolean };
  /** The case the path leads to (masked): officials compare links of several cases. */
  case: { id: string; nameMasked: string; classification: Classification };
}

/** A person's links with their evidence, for a stated reason (audited before anything is read). */
export async function personLinks(deps: Deps, actor: Actor | undefined, personId: string, reasonText: string | undefined): Promise<{ person: { id: string; nameMasked: string; homeRegionCode: string }; items: LinkView[] }> {
  const staff = requireAccess(actor, 'tracing.evidence.read');
  const reason = requireReason(reasonText);
  const home = UUID.test(personId) ? await homeRegionOf(deps.db, personId) : undefined;
  if (!home || !can(staff, 'tracing.evidence.read', home)) throw tracingFail('TRACING_PERSON_NOT_FOUND');
  await recordAudit(deps.db, staff, { action: 'tracing.links.read', targetType: 'person', targetId: personId, regionCode: home, reason }, deps.clock);
  const rows = await findLinksOfPerson(deps.db, personId, 500);
  const labels = await maskedLabelsOf(deps.db, [personId, ...rows.flatMap((r) => [r.sourcePersonId, r.casePersonId])]);
  return { person: { id: personId, nameMasked: labels.get(personId)?.nameMasked ?? '*', homeRegionCode: home }, items: rows.map((r) => linkView(r, labels, r.depth === 1)) };
}

function linkView(r: LinkRow, labels: Map<string, { nameMasked: string }>, fromCase: boolean): LinkView {
  return {
    id: r.id, caseId: r.caseId, depth: r.depth, kind: r.kind, venueId: r.venueId, venueName: r.venueName, venueKind: r.venueKind,
    overlapStart: r.overlapStart, overlapEnd: r.overlapEnd, minutes: r.minutes,
    source: { personId: r.sourcePersonId, nameMasked: labels.get(r.sourcePersonId)?.nameMasked ?? '*', isCase: fromCase },
    case: { id: r.caseId, nameMasked: labels.get(r.casePersonId)?.nameMasked ?? '*', classification: r.caseClassification },
  };
}

export const GRAPH_LINK_LIMIT = 2000;

export interface GraphNode { id: string; nameMasked: string; role: 'case' | 'close' | 'secondary'; depth: number; colour: 'green' | 'yellow' | 'red' | null }
export interface GraphEdge { source: string; target: string; kind: 'venue' | 'household' | 'family'; venueId: string | null; venueName: string | null; venueKind: string | null; depth: number; minutes: number; overlapStart: Date }

/** The transmission chain of a case (传播链): the case and its contacts as nodes, each link as an edge (the first 2,000 links, shallowest first). */
export async function caseGraph(deps: Deps, actor: Actor | undefined, caseId: string): Promise<{ caseId: string; nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }> {
  const c = await getCaseRow(deps, actor, caseId);
  const links = await findLinksOfCase(deps.db, c.id, GRAPH_LINK_LIMIT + 1);
  const truncated = links.length > GRAPH_LINK_LIMIT;
  const shown = links.slice(0, GRAPH_LINK_LIMIT);
  const depthOf = new Map<string, number>([[c.personId, 0]]);
  for (const l of shown) if (!depthOf.has(l.personId) || depthOf.get(l.personId)! > l.depth) depthOf.set(l.personId, l.depth);
  const ids = [...depthOf.keys()];
  const labels = await maskedLabelsOf(deps.db, ids);
  const colours = await colourViewsOf(deps, ids);
  const nodes = ids.map((id) => {
    const depth = depthOf.get(id)!;
    return { id, nameMasked: labels.get(id)?.nameMasked ?? '*', role: depth === 0 ? 'case' as const : depth === 1 ? 'close' as const : 'secondary' as const, depth, colour: colours.get(id)?.colour ?? null };
  });
  const edges = shown.map((l) => ({ source: l.sourcePersonId, target: l.personId, kind: l.kind, venueId: l.venueId, venueName: l.venueName, venueKind: l.venueKind, depth: l.depth, minutes: l.minutes, overlapStart: l.overlapStart }));
  return { caseId: c.id, nodes, edges, truncated };
}

export interface MyExposure { kind: 'close' | 'secondary'; place: 'venue' | 'household' | 'family'; venueKind: string | null; at: Date; minutes: number }

/**
 * 我的接触提示: the resident's (or a dependant's) exposures to infected cases — the kind of place
 * and the time only. Never the case, the venue's name or the other person.
 */
export async function myExposures(deps: Deps, actor: Actor | undefined, personId: string): Promise<{ items: MyExposure[] }> {
  await requireSelfOrGuardian(deps.db, actor, personId);
  const rows = await findLinksOfPerson(deps.db, personId, 200);
  const counted = await countingCases(deps, rows.map((r) => r.caseId));
  return {
    items: rows.filter((r) => counted.has(r.caseId)).map((r) => ({ kind: r.depth === 1 ? 'close' : 'secondary', place: r.kind, venueKind: r.venueKind, at: r.overlapStart, minutes: r.minutes })),
  };
}

async function countingCases(deps: Deps, caseIds: readonly string[]): Promise<Set<string>> {
  const classes = await findClassificationsOf(deps.db, caseIds);
  return new Set([...classes].filter(([, c]) => isInfected(c)).map(([id]) => id));
}
