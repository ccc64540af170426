import { describe, expect, it } from 'vitest';
import type { CaseGraph, VenueKind } from '../api/tracing.ts';
import { CODE_COLOURS, graphOption, NO_CODE_COLOUR, type GraphLabels } from './tracing-graph-option.ts';

const labels: GraphLabels = {
  role: { case: '病例', close: '密接', secondary: '次密接' },
  colour: (c) => c ?? '无码', household: '同住', family: '家人',
  venueKind: (k) => ({ shop: '商超', restaurant: '餐饮' } as Record<string, string>)[k ?? ''] ?? '其他',
  minutes: (n) => `${n} 分钟`, time: (iso) => iso.slice(11, 16),
};

const edge = (source: string, target: string, venueName: string | null, minutes: number, depth = 1, kind: 'venue' | 'household' = 'venue') => ({
  source, target, kind, venueId: venueName, venueName, venueKind: (venueName === '面馆' ? 'restaurant' : 'shop') as VenueKind, depth, minutes, overlapStart: `2026-03-09T0${depth}:00:00.000Z`,
});

const graph: CaseGraph = {
  caseId: 'c1', truncated: false,
  nodes: [
    { id: 'p0', nameMasked: '病*', role: 'case', depth: 0, colour: 'red' },
    { id: 'p1', nameMasked: '西*', role: 'close', depth: 1, colour: 'red' },
    { id: 'p2', nameMasked: '北*', role: 'close', depth: 1, colour: null },
    { id: 'p3', nameMasked: '南*', role: 'secondary', depth: 2, colour: 'yellow' },
  ],
  edges: [edge('p0', 'p1', '路口超市', 30), edge('p0', 'p1', '路口超市', 15), edge('p0', 'p2', '面馆', 20), edge('p1', 'p3', null, 600, 2, 'household')],
};

describe('the transmission-chain graph option', () => {
  const option = graphOption(graph, labels);
  const series = (option.series as { categories: { name: string }[]; data: Record<string, unknown>[]; links: Record<string, unknown>[] }[])[0]!;

  it('clusters contacts by the place of their exposure, the case in its own, one legend entry each', () => {
    expect(series.categories.map((c) => c.name)).toEqual(['病例', '路口超市（商超）', '面馆（餐饮）', '同住']);
    expect(series.data.map((n) => n.category)).toEqual([0, 1, 2, 3]);
    expect((option.legend as { data: string[] }[])[0]!.data).toEqual(['病例', '路口超市（商超）', '面馆（餐饮）', '同住']);
  });

  it('fills nodes with their code colour and sizes them by role, masked names only', () => {
    expect(series.data.map((n) => (n.itemStyle as { color: string }).color)).toEqual([CODE_COLOURS.red, CODE_COLOURS.red, NO_CODE_COLOUR, CODE_COLOURS.yellow]);
    expect(series.data.map((n) => n.symbolSize)).toEqual([46, 30, 30, 20]);
    expect(series.data.map((n) => (n.label as { formatter: string }).formatter)).toEqual(['病* · 病例', '西* · 密接', '北* · 密接', '南* · 次密接']);
  });

  it('labels each edge with the place and the minutes, overlaps at the same place added up', () => {
    expect(series.links.map((l) => (l.label as { formatter: string }).formatter)).toEqual(['路口超市（商超） · 45 分钟', '面馆（餐饮） · 20 分钟', '同住 · 600 分钟']);
    expect(series.links.map((l) => (l.lineStyle as { type: string }).type)).toEqual(['solid', 'solid', 'dashed']);
  });

  it('draws a case without contacts as one node', () => {
    const alone = graphOption({ caseId: 'c1', truncated: false, nodes: [graph.nodes[0]!], edges: [] }, labels);
    const only = (alone.series as { data: unknown[]; links: unknown[] }[])[0]!;
    expect(only.data).toHaveLength(1);
    expect(only.links).toEqual([]);
  });
});
