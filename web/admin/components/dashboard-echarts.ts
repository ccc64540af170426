/**
 * The parts of Apache ECharts the situation dashboard and the command screen draw with, registered
 * once: bars, lines and areas, the district map and its treemap stand-in, axes, legend, tooltip,
 * the dashed line at Rt = 1, and the canvas renderer (its canvas gives the PNG). Only those two
 * pages load it.
 */
import { registerMap, use } from 'echarts/core';
import { BarChart, LineChart, MapChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, MapSeriesOption, TreemapSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { DistrictMapGeometry } from '../api/analytics.ts';

use([BarChart, LineChart, MapChart, TreemapChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type DashboardChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | MapSeriesOption | TreemapSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

/** Registers a city's district geometry under `name` for map series to draw (a later version under a new name). */
export function registerDistrictMap(name: string, geometry: DistrictMapGeometry): void {
  registerMap(name, geometry as unknown as Parameters<typeof registerMap>[1]);
}
