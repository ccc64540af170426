/**
 * The parts of Apache ECharts the transmission-chain graph draws with, registered once: the graph
 * series (force layout), legend, tooltip and the canvas renderer (its canvas gives the PNG). Only
 * the case page loads this module.
 */
import { use } from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { GraphSeriesOption } from 'echarts/charts';
import type { LegendComponentOption, TooltipComponentOption } from 'echarts/components';

use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

export type GraphChartOption = ComposeOption<GraphSeriesOption | LegendComponentOption | TooltipComponentOption>;
