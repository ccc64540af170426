/**
 * A person's facts from JSON (rule test cases, simulation files): instants as ISO 8601 strings
 * with a time zone, check-in days as YYYY-MM-DD. For test cases a run of check-ins may be written
 * as one entry `{ "days": "2020-02-11..2020-02-24", "normal": true }`.
 */
import { DAY_MS } from '../../kernel/time.ts';
import { isIsoInstant } from './language/compile.ts';
import type { Problem } from './language/env.ts';
import { CASE_CLASSIFICATIONS, COLOURS, CONTACT_KINDS, DECLARED_CONTACTS, RISK_LEVELS, SCREENING_REASONS, SYMPTOM_CODES, type PersonFacts, type RiskArea } from './model.ts';
import { ruleFail } from './errors.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^(\d{6}|\d{9})$/;
type Obj = Record<string, unknown>;

class Reader {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    this.problems = problems;
  }
  object(v: unknown, path: string): Obj | null {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Obj;
    this.problems.push({ path, message: 'expected an object' });
    return null;
  }
  list(v: unknown, path: string): unknown[] {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    this.problems.push({ path, message: 'expected a list' });
    return [];
  }
  instant(v: unknown, path: string): Date {
    if (!isIsoInstant(v)) this.problems.push({ path, message: 'expected an ISO 8601 instant with a time zone, e.g. 2020-02-11T09:00:00+08:00' });
    return new Date(typeof v === 'string' ? v : 0);
  }
  oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
    if (!(allowed as readonly unknown[]).includes(v)) this.problems.push({ path, message: `expected one of ${allowed.join(', ')}` });
    return v as T;
  }
  region(v: unknown, path: string): string {
    if (typeof v !== 'string' || !REGION.test(v)) this.problems.push({ path, message: 'expected a GB/T 2260 code of 6 or 9 digits' });
    return String(v);
  }
  number(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.problems.push({ path, message: 'expected a number' });
    return Number(v);
  }
}

function readCheckins(r: Reader, v: unknown, path: string): PersonFacts['dailyCheckins'] {
  return r.list(v, path).flatMap((entry, i) => {
    const o = r.object(entry, `${path}[${i}]`);
    if (!o) return [];
    if (typeof o.normal !== 'boolean') r.problems.push({ path: `${path}[${i}].normal`, message: 'expected true or false' });
    const normal = o.normal === true;
    if (typeof o.days === 'string') {
      const [from, to] = o.days.split('..');
      if (!from || !to || !DAY.test(from) || !DAY.test(to) || to < from) {
        r.problems.push({ path: `${path}[${i}].days`, message: 'expected "YYYY-MM-DD..YYYY-MM-DD"' });
        return [];
      }
      const days: { day: string; normal: boolean }[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push({ day: new Date(t).toISOString().slice(0, 10), normal });
      return days;
    }
    if (typeof o.day !== 'string' || !DAY.test(o.day)) r.problems.push({ path: `${path}[${i}].day`, message: 'expected YYYY-MM-DD' });
    return [{ day: String(o.day), normal }];
  });
}

export function readPersonFacts(json: unknown, path: string, problems: Problem[], defaults: { homeRegionCode: string }): PersonFacts {
  const r = new Reader(problems);
  const o = r.object(json, path) ?? {};
  const each = <T>(key: string, read: (item: Obj, p: string) => T): T[] =>
    r.list(o[key], `${path}.${key}`).flatMap((v, i) => {
      const item = r.object(v, `${path}.${key}[${i}]`);
      return item ? [read(item, `${path}.${key}[${i}]`)] : [];
    });
  for (const key of Object.keys(o)) {
    if (!['personId', 'homeRegionCode', 'declarations', 'dailyCheckins', 'cases', 'contacts', 'manualDecisions', 'falseDeclarations', 'travel', 'monitoring', 'screenings'].includes(key)) problems.push({ path: `${path}.${key}`, message: 'unknown fact' });
  }
  return {
    personId: typeof o.personId === 'string' ? o.personId : 'test-person',
    homeRegionCode: o.homeRegionCode === undefined ? defaults.homeRegionCode : r.region(o.homeRegionCode, `${path}.homeRegionCode`),
    declarations: each('declarations', (d, p) => ({
      declaredAt: r.instant(d.declaredAt, `${p}.declaredAt`),
      temperature: r.number(d.temperature ?? 36.5, `${p}.temperature`),
      symptoms: r.list(d.symptoms ?? ['none'], `${p}.symptoms`).map((s, i) => r.oneOf(s, SYMPTOM_CODES, `${p}.symptoms[${i}]`)),
      stayedRegionCodes: r.list(d.stayedRegionCodes, `${p}.stayedRegionCodes`).map((c, i) => r.region(c, `${p}.stayedRegionCodes[${i}]`)),
      contact: r.oneOf(d.contact ?? 'none', DECLARED_CONTACTS, `${p}.contact`),
    })),
    dailyCheckins: readCheckins(r, o.dailyCheckins, `${path}.dailyCheckins`),
    cases: each('cases', (c, p) => ({ classification: r.oneOf(c.classification, CASE_CLASSIFICATIONS, `${p}.classification`), since: r.instant(c.since, `${p}.since`) })),
    contacts: each('contacts', (c, p) => ({ kind: r.oneOf(c.kind, CONTACT_KINDS, `${p}.kind`), exposedAt: r.instant(c.exposedAt, `${p}.exposedAt`) })),
    manualDecisions: each('manualDecisions', (m, p) => ({
      colour: r.oneOf(m.colour, COLOURS, `${p}.colour`),
      since: r.instant(m.since, `${p}.since`),
      until: r.instant(m.until, `${p}.until`),
      office: typeof m.office === 'string' && m.office ? m.office : (problems.push({ path: `${p}.office`, message: 'expected the deciding office' }), ''),
      reasonCode: typeof m.reasonCode === 'string' && m.reasonCode ? m.reasonCode : (problems.push({ path: `${p}.reasonCode`, message: 'expected a reason code' }), ''),
    })),
    falseDeclarations: each('falseDeclarations', (f, p) => ({ establishedAt: r.instant(f.establishedAt, `${p}.establishedAt`) })),
    travel: each('travel', (v, p) => ({
      declaredAt: r.instant(v.declaredAt, `${p}.declaredAt`),
      startsAt: r.instant(v.startsAt ?? v.declaredAt, `${p}.startsAt`),
      regionCodes: r.list(v.regionCodes, `${p}.regionCodes`).map((c, i) => r.region(c, `${p}.regionCodes[${i}]`)),
      kind: r.oneOf(v.kind ?? 'trip', ['trip', 'return'] as const, `${p}.kind`),
    })),
    monitoring: each('monitoring', (m, p) => ({
      reason: r.oneOf(m.reason ?? 'travel_return', ['travel_return', 'close_contact'] as const, `${p}.reason`),
      status: r.oneOf(m.status ?? 'active', ['active', 'completed', 'ended'] as const, `${p}.status`),
      createdAt: r.instant(m.createdAt ?? m.startsAt, `${p}.createdAt`),
      startsAt: r.instant(m.startsAt, `${p}.startsAt`),
      endsAt: r.instant(m.endsAt, `${p}.endsAt`),
      closedAt: m.closedAt === undefined || m.closedAt === null ? null : r.instant(m.closedAt, `${p}.closedAt`),
    })),
    screenings: each('screenings', (v, p) => ({
      answeredAt: r.instant(v.answeredAt, `${p}.answeredAt`),
      abnormal: typeof v.abnormal === 'boolean' ? v.abnormal : (problems.push({ path: `${p}.abnormal`, message: 'expected true or false' }), false),
      reasons: r.list(v.reasons, `${p}.reasons`).map((c, i) => r.oneOf(c, SCREENING_REASONS, `${p}.reasons[${i}]`)),
      temperature: v.temperature === undefined || v.temperature === null ? null : r.number(v.temperature, `${p}.temperature`),
    })),
  };
}

export function readRiskAreas(json: unknown, path: string, problems: Problem[]): RiskArea[] {
  const r = new Reader(problems);
  return r.list(json, path).flatMap((v, i) => {
    const o = r.object(v, `${path}[${i}]`);
    if (!o) return [];
    const area: RiskArea = { regionCode: r.region(o.regionCode, `${path}[${i}].regionCode`), level: r.oneOf(o.level, RISK_LEVELS, `${path}[${i}].level`) };
    if (typeof o.name === 'string') area.name = o.name;
    return [area];
  });
}

/** Facts from JSON outside a rule set (CLI files, fixtures); throws RULE_FACTS_INVALID with the problems. */
export function parsePersonFacts(json: unknown, defaults = { homeRegionCode: '330100' }): PersonFacts {
  const problems: Problem[] = [];
  const facts = readPersonFacts(json, '$', problems, defaults);
  if (problems.length > 0) throw ruleFail('RULE_FACTS_INVALID', { problems });
  return facts;
}
