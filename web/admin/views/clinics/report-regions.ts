/**
 * The regions whose daily fever-clinic report an official may read: one per health_official grant
 * (a region granted twice once), in the order of the grants. The report page shows a region picker
 * only when there are several; with one, the server's default (the first grant) is the region.
 */
export interface ReportRegion { regionCode: string; regionName: string }

export function reportRegions(grants: readonly { role: string; regionCode: string; regionName: string }[]): ReportRegion[] {
  const seen = new Set<string>();
  const regions: ReportRegion[] = [];
  for (const grant of grants) {
    if (grant.role !== 'health_official' || seen.has(grant.regionCode)) continue;
    seen.add(grant.regionCode);
    regions.push({ regionCode: grant.regionCode, regionName: grant.regionName });
  }
  return regions;
}
