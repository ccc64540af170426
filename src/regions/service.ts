/** Regions (GB/T 2260) and tenants: what other capabilities may ask of them. Onboarding: ./onboarding.ts. */
import type { TtlCache } from '../kernel/ttl-cache.ts';
import os from 'node:os';
import type { AuditActor } from '../audit/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import { regionFail } from './errors.ts';
import {
  coveredCodeRange, type Region, type RegionStats,
} from './model.ts';
import {
  countRegionFigures, countRegions, findChildRegions, findRegion, findRegionNames, findTenantRegions, findTenantSettings, findTenantSettingValues,
  insertRegions, mergeTenantSettings, tenantExists,
} from './store.ts';
import { loadDivisionPackage } from './division-data.ts';
import { NATIONAL_REGION } from '../kernel/regions-scope.ts';

export type { OnboardResult, Region, RegionStats } from './model.ts';
export { coveredCodeRange, nextPrefix } from './model.ts';

/**
 * Names found, per database handle. Regions are only ever inserted (ensureRegionsLoaded), never
 * renamed or deleted, so a name once read stays true; codes not found are not remembered (the
 * regions may still be loading). Bounded: cleared when full.
 */
const knownNames = new WeakMap<object, Map<string, string>>();
const MAX_KNOWN_NAMES = 50_000;

export async function regionNames(db: DbOrTrx, codes: readonly string[]): Promise<Map<string, string>> {
  let known = knownNames.get(db);
  if (!known) knownNames.set(db, known = new Map());
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const code of codes) {
    const name = known.get(code);
    if (name === undefined) missing.push(code);
    else out.set(code, name);
  }
  if (missing.length === 0) return out;
  const found = await findRegionNames(db, missing);
  if (known.size + found.size > MAX_KNOWN_NAMES) known.clear();
  for (const [code, name] of found) {
    known.set(code, name);
    out.set(code, name);
  }
  return out;
}

/** Loads the national division data once (an empty regions table); later starts skip it. */
export async function ensureRegionsLoaded(db: DbOrTrx, onProgress?: (done: number, total: number) => void): Promise<{ loaded: number }> {
  if ((await countRegions(db)) > 0) return { loaded: 0 };
  const rows = loadDivisionPackage();
  const chunk = 5000;
  for (let i = 0; i < rows.length; i += chunk) {
    await insertRegions(db, rows.slice(i, i + chunk));
    onProgress?.(Math.min(i + chunk, rows.length), rows.length);
  }
  return { loaded: rows.length };
}

export async function isTenant(db: DbOrTrx, regionCode: string): Promise<boolean> {
  return tenantExists(db, regionCode);
}

/**
 * A tenant's settings (undefined for a region that is no tenant). No access check: the capability
 * that owns a setting checks who may read or change it, and audits the change.
 */
export async function tenantSettings(db: DbOrTrx, regionCode: string): Promise<Record<string, unknown> | undefined> {
  return findTenantSettings(db, regionCode);
}

/** One setting across all tenants that have it (e.g. every retention in use). */
export async function tenantSettingValues(db: DbOrTrx, key: string): Promise<{ regionCode: string; value: unknown }[]> {
  return findTenantSettingValues(db, key);
}

/** Merges settings into a tenant's; false when the region is no tenant. The caller checks access and audits. */
export async function changeTenantSettings(db: DbOrTrx, regionCode: string, patch: Record<string, unknown>): Promise<boolean> {
  return mergeTenantSettings(db, regionCode, patch);
}

/** Public: division names are published data. */
export async function describeRegion(db: DbOrTrx, code: string): Promise<Region> {
  const region = await findRegion(db, code);
  if (!region) throw regionFail('REGION_NOT_FOUND', { code });
  return region;
}

/** Public. An unknown parent is REGION_NOT_FOUND rather than an empty list, so typos show. */
export async function listChildRegions(db: DbOrTrx, parentCode: string = NATIONAL_REGION, page: { limit: number; afterCode?: string }): Promise<Region[]> {
  const children = await findChildRegions(db, parentCode, page);
  if (children.length === 0 && !(await findRegion(db, parentCode))) throw regionFail('REGION_NOT_FOUND', { code: parentCode });
  return children;
}

export async function listTenants(db: DbOrTrx, page: { limit: number; afterCode?: string }): Promise<Region[]> {
  return findTenantRegions(db, page);
}

/**
 * Counts for a region dashboard (no personal data). The access check runs on every call; the
 * counts themselves come from `cache` when given (a few seconds old at most, with the time they
 * were counted), because counting a city's population on every request does not scale.
 */
export async function regionStats(db: DbOrTrx, actor: Actor | undefined, code: string, cache?: TtlCache<RegionFigures>): Promise<RegionStats> {
  requireAccess(actor, 'region.stats', code);
  const count = () => countRegionFigures(db, code, coveredCodeRange(code));
  const { value: figures, loadedAt } = cache ? await cache.getOrLoad(code, count) : { value: await count(), loadedAt: new Date() };
  if (figures.level === null) throw regionFail('REGION_NOT_FOUND', { code });
  return {
    regionCode: code, residents: figures.residents, venues: figures.venues, organisations: figures.organisations,
    staffAccounts: figures.staffAccounts, countedAt: loadedAt,
  };
}

export type RegionFigures = Awaited<ReturnType<typeof countRegionFigures>>;

/** How the audit log names the person at the server's own keyboard. */
export function cliActor(): AuditActor {
  return { system: `cli:${os.userInfo().username}` };
}
