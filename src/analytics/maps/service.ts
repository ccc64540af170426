/**
 * The district map of a city (区县地图) for the situation dashboard and the command screen: read by
 * anyone who sees the city's figures, loaded and removed by its health officials (audited). A
 * city without one is drawn as a treemap of its districts (decision 0012).
 */
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { cityOf, regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { isTenant, listChildRegions } from '../../regions/service.ts';
import { checkDistrictMap, mapDistrictCodes, MAX_MAP_DISTRICTS, type DistrictMapGeometry } from './geojson.ts';
import { mapFail } from './errors.ts';
import { deleteDistrictMap, findDistrictMap, saveDistrictMap, type DistrictMapRecord } from './store.ts';

export interface MapDeps { db: DbOrTrx; clock: Clock }

export interface DistrictMapUpload {
  /** Where the boundaries come from and under which licence (数据来源). */
  source: string;
  /** The map approval number (审图号) a published map of boundaries carries; none for a schematic. */
  approvalNo?: string | null;
  /** Tiles or sketches that do not show real boundaries (示意图). */
  schematic: boolean;
  geojson: unknown;
}

const isCity = (code: string) => code.length === 6 && cityOf(code) === code && !code.endsWith('0000');

/** The map of the city `regionCode` lies in (a district's viewer sees its city's map), or null. */
export async function getDistrictMap(deps: Pick<MapDeps, 'db'>, actor: Actor | undefined, regionCode: string): Promise<{ regionCode: string; map: DistrictMapRecord | null }> {
  requireAccess(actor, 'region.stats', regionCode);
  const city = cityOf(regionCode);
  if (!isCity(city)) return { regionCode, map: null };
  return { regionCode: city, map: (await findDistrictMap(deps.db, city)) ?? null };
}

/** The districts of `city` by code, for the check of a map's features. */
async function districtNames(db: DbOrTrx, city: string): Promise<Map<string, string>> {
  const districts = await listChildRegions(db, city, { limit: MAX_MAP_DISTRICTS * 2 });
  return new Map(districts.filter((d) => d.code.length === 6).map((d) => [d.code, d.name]));
}

/** Checks and keeps a city's district map, replacing the one it had (the actor's region must be the onboarded city). */
export async function setDistrictMap(deps: MapDeps, actor: Actor | undefined, regionCode: string, upload: DistrictMapUpload): Promise<{ regionCode: string; districts: number }> {
  const official = requireAccess(actor, 'analytics.manage', regionCode);
  if (!isCity(regionCode) || !(await isTenant(deps.db, regionCode))) throw mapFail('ANALYTICS_MAP_REGION_NOT_CITY', { regionCode });
  const checked = checkDistrictMap(upload.geojson, regionPrefix(regionCode), await districtNames(deps.db, regionCode));
  if ('problems' in checked) throw mapFail('ANALYTICS_MAP_INVALID', { problems: checked.problems });
  return storeDistrictMap(deps, official, regionCode, { ...upload, geometry: checked.geometry });
}

async function storeDistrictMap(
  deps: MapDeps, official: Actor, regionCode: string, upload: Omit<DistrictMapUpload, 'geojson'> & { geometry: DistrictMapGeometry },
): Promise<{ regionCode: string; districts: number }> {
  const districtCodes = mapDistrictCodes(upload.geometry);
  const approvalNo = upload.approvalNo?.trim() || null;
  await inTransaction(deps.db, async (trx) => {
    const before = await saveDistrictMap(trx, {
      regionCode, geometry: upload.geometry, districtCodes, source: upload.source.trim(), approvalNo, schematic: upload.schematic,
      updatedAt: deps.clock.now(), updatedByAccountId: official.accountId,
    });
    await recordAudit(trx, official, {
      action: 'analytics.map.set', targetType: 'region', targetId: regionCode, regionCode,
      detail: { before: before ?? null, districts: districtCodes.length, source: upload.source.trim(), approvalNo, schematic: upload.schematic },
    }, deps.clock);
  });
  return { regionCode, districts: districtCodes.length };
}

export async function removeDistrictMap(deps: MapDeps, actor: Actor | undefined, regionCode: string): Promise<{ regionCode: string; removed: boolean }> {
  const official = requireAccess(actor, 'analytics.manage', regionCode);
  if (!isCity(regionCode)) throw mapFail('ANALYTICS_MAP_REGION_NOT_CITY', { regionCode });
  const removed = await inTransaction(deps.db, async (trx) => {
    const gone = await deleteDistrictMap(trx, regionCode);
    if (gone) await recordAudit(trx, official, { action: 'analytics.map.remove', targetType: 'region', targetId: regionCode, regionCode, detail: {} }, deps.clock);
    return gone;
  });
  return { regionCode, removed };
}
