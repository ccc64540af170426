/**
 * The district map of the city the dashboard shows (区县地图), fetched once per city and
 * registered with ECharts under a name of its version; null while there is none — then the
 * dashboard and the command screen draw the treemap of districts (decision 0012).
 */
import { shallowRef, watch, type Ref } from 'vue';
import { cityOf } from '../../../src/kernel/regions-scope.ts';
import { fetchDistrictMap } from '../api/analytics.ts';
import { registerDistrictMap } from '../components/dashboard-echarts.ts';

export interface RegisteredDistrictMap {
  /** The name map series draw it by. */
  name: string;
  codes: string[];
  schematic: boolean;
  source: string;
  approvalNo: string | null;
}

export function useDistrictMap(regionCode: Ref<string>) {
  const districtMap = shallowRef<RegisteredDistrictMap | null>(null);
  let loadedCity = '';

  async function load(force: boolean) {
    const code = regionCode.value;
    if (!code || (!force && cityOf(code) === loadedCity)) return;
    loadedCity = cityOf(code);
    try {
      const { map } = await fetchDistrictMap(code);
      if (!map) {
        districtMap.value = null;
        return;
      }
      const name = `districts-${map.regionCode}-${Date.parse(map.updatedAt)}`;
      registerDistrictMap(name, map.geometry);
      districtMap.value = { name, codes: map.geometry.features.map((f) => f.properties.code), schematic: map.schematic, source: map.source, approvalNo: map.approvalNo };
    } catch {
      // The map is a view of figures the treemap shows as well: without it the treemap stands in, and the next change of city tries again.
      districtMap.value = null;
      loadedCity = '';
    }
  }

  watch(regionCode, () => void load(false), { immediate: true });
  return { districtMap, reloadDistrictMap: () => load(true) };
}
