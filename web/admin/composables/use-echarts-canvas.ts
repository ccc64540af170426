/**
 * One ECharts chart on a canvas inside `box`: made when the component mounts, redrawn when the
 * option changes, resized with its box (ResizeObserver), disposed when the component goes. The
 * caller's module registers the chart types it draws (echarts.use). `downloadPng` saves the chart
 * as a PNG (twice the screen's pixels, white background) — the console's chart images.
 */
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core';

export function useEchartsCanvas(box: Ref<HTMLElement | null>, option: () => EChartsCoreOption) {
  const chart = shallowRef<ECharts | null>(null);
  let observer: ResizeObserver | null = null;

  onMounted(() => {
    if (!box.value) return;
    chart.value = init(box.value, undefined, { renderer: 'canvas' });
    chart.value.setOption(option());
    observer = new ResizeObserver(() => chart.value?.resize());
    observer.observe(box.value);
  });
  watch(option, (next) => chart.value?.setOption(next, true));
  onBeforeUnmount(() => {
    observer?.disconnect();
    chart.value?.dispose();
  });

  function downloadPng(fileName: string): void {
    const url = chart.value?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.png`;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  return { chart, downloadPng };
}
