/** SQL of the district maps (migration 0820): one row per city, its geometry as JSON. */
import type { DbOrTrx } from '../../db/transaction.ts';
import type { DistrictMapGeometry } from './geojson.ts';

export interface DistrictMapRecord {
  regionCode: string;
  geometry: DistrictMapGeometry;
  source: string;
  approvalNo: string | null;
  schematic: boolean;
  updatedAt: Date;
}

export interface DistrictMapInput {
  regionCode: string;
  geometry: DistrictMapGeometry;
  districtCodes: readonly string[];
  source: string;
  approvalNo: string | null;
  schematic: boolean;
  updatedAt: Date;
  updatedByAccountId: string | null;
}

export async function findDistrictMap(db: DbOrTrx, regionCode: string): Promise<DistrictMapRecord | undefined> {
  const row = await db.selectFrom('districtMaps').select(['regionCode', 'geojson', 'source', 'approvalNo', 'schematic', 'updatedAt'])
    .where('regionCode', '=', regionCode).executeTakeFirst();
  if (!row) return undefined;
  const { geojson, ...rest } = row;
  return { ...rest, geometry: geojson as DistrictMapGeometry };
}

/** The map before it was replaced (for the audit), without its geometry. */
export async function saveDistrictMap(db: DbOrTrx, input: DistrictMapInput): Promise<{ source: string; approvalNo: string | null; districts: number } | undefined> {
  const before = await db.selectFrom('districtMaps').select(['source', 'approvalNo', 'districtCodes']).where('regionCode', '=', input.regionCode).forUpdate().executeTakeFirst();
  const row = {
    regionCode: input.regionCode, geojson: JSON.stringify(input.geometry), districtCodes: [...input.districtCodes], source: input.source,
    approvalNo: input.approvalNo, schematic: input.schematic, updatedAt: input.updatedAt, updatedByAccountId: input.updatedByAccountId,
  };
  const { regionCode: _, ...changes } = row;
  await db.insertInto('districtMaps').values(row).onConflict((oc) => oc.column('regionCode').doUpdateSet(changes)).execute();
  return before && { source: before.source, approvalNo: before.approvalNo, districts: before.districtCodes.length };
}

export async function deleteDistrictMap(db: DbOrTrx, regionCode: string): Promise<boolean> {
  const result = await db.deleteFrom('districtMaps').where('regionCode', '=', regionCode).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
