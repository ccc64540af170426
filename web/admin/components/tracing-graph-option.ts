/**
 * The transmission chain (传播链) as an ECharts force-layout graph, pure: the case and its contacts
 * as nodes — filled with their health-code colour, shaped and sized by role (case, close,
 * secondary) — grouped into clusters by the place they were exposed at (a venue, the household, a
 * bound family), one legend entry and one border colour per cluster; each exposure an edge
 * labelled with the place and the minutes (several overlaps of the same two people at the same
 * place are one edge with the minutes added up).
 */
import type { CaseGraph, Colour, GraphEdge, GraphNode } from '../api/tracing.ts';
import type { GraphChartOption } from './tracing-echarts.ts';

export interface GraphLabels {
  role: Record<GraphNode['role'], string>;
  colour: (colour: Colour | null) => string;
  household: string;
  family: string;
  venueKind: (kind: string | null) => string;
  minutes: (n: number) => string;
  time: (iso: string) => string;
}

export const CODE_COLOURS: Record<Colour, string> = { green: '#07a35a', yellow: '#f2a900', red: '#d7263d' };
export const NO_CODE_COLOUR = '#c0c4cc';
const CASE_CLUSTER_COLOUR = '#303133';
const CLUSTER_COLOURS = ['#409eff', '#8e44ad', '#16a085', '#e67e22', '#2c3e50', '#b03a2e', '#27ae60', '#d35400', '#7f8c8d', '#1abc9c'];
/** Beyond this many nodes the force layout animates instead of settling in one go (a large graph would freeze the page). */
const STATIC_LAYOUT_MAX_NODES = 150;
/** Below this many nodes the edges are drawn longer, so a small chain fills its box and its labels stay readable. */
const SMALL_GRAPH_NODES = 30;

/** The place an exposure happened at, as the graph names its cluster: 路口超市（商超）, 同住, 家人. */
export function placeOf(edge: Pick<GraphEdge, 'kind' | 'venueName' | 'venueKind'>, labels: GraphLabels): string {
  if (edge.kind === 'household') return labels.household;
  if (edge.kind === 'family') return labels.family;
  return `${edge.venueName ?? '?'}（${labels.venueKind(edge.venueKind)}）`;
}

/** Tooltips are HTML: names and venue names are people's input. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface MergedEdge { source: string; target: string; place: string; depth: number; minutes: number; overlaps: number; firstAt: string }

function mergeEdges(edges: readonly GraphEdge[], labels: GraphLabels): MergedEdge[] {
  const merged = new Map<string, MergedEdge>();
  for (const e of edges) {
    const place = placeOf(e, labels);
    const key = `${e.source}|${e.target}|${place}`;
    const seen = merged.get(key);
    if (seen) {
      seen.minutes += e.minutes;
      seen.overlaps++;
      if (e.overlapStart < seen.firstAt) seen.firstAt = e.overlapStart;
    } else {
      merged.set(key, { source: e.source, target: e.target, place, depth: e.depth, minutes: e.minutes, overlaps: 1, firstAt: e.overlapStart });
    }
  }
  return [...merged.values()];
}

export function graphOption(graph: CaseGraph, labels: GraphLabels): GraphChartOption {
  const edges = mergeEdges(graph.edges, labels);
  // A contact's cluster is the place of its shallowest exposure (the server lists the shallowest first).
  const clusterOfNode = new Map<string, string>();
  for (const e of edges) if (!clusterOfNode.has(e.target)) clusterOfNode.set(e.target, e.place);
  const clusters = [labels.role.case, ...new Set(clusterOfNode.values())];
  const clusterColour = (index: number) => (index === 0 ? CASE_CLUSTER_COLOUR : CLUSTER_COLOURS[(index - 1) % CLUSTER_COLOURS.length]!);
  const categoryOf = (node: GraphNode) => (node.role === 'case' ? 0 : Math.max(0, clusters.indexOf(clusterOfNode.get(node.id) ?? '')));

  const nodes = graph.nodes.map((node) => {
    const category = categoryOf(node);
    const role = labels.role[node.role];
    return {
      id: node.id, name: node.nameMasked, category,
      symbol: node.role === 'case' ? 'diamond' : 'circle',
      symbolSize: node.role === 'case' ? 46 : node.role === 'close' ? 30 : 20,
      itemStyle: { color: node.colour ? CODE_COLOURS[node.colour] : NO_CODE_COLOUR, borderColor: clusterColour(category), borderWidth: 3 },
      label: { show: true, position: 'bottom' as const, formatter: `${node.nameMasked} · ${role}` },
      tooltip: { formatter: `${escapeHtml(node.nameMasked)}<br/>${role} · ${labels.colour(node.colour)}` },
    };
  });
  const links = edges.map((e) => ({
    source: e.source, target: e.target, value: e.minutes,
    lineStyle: { width: e.depth === 1 ? 2 : 1, type: e.depth === 1 ? ('solid' as const) : ('dashed' as const), color: clusterColour(clusters.indexOf(e.place)), curveness: 0.1 },
    label: { show: true, formatter: `${e.place} · ${labels.minutes(e.minutes)}` },
    tooltip: { formatter: `${escapeHtml(e.place)}<br/>${labels.time(e.firstAt)} · ${labels.minutes(e.minutes)}` },
  }));

  return {
    tooltip: { trigger: 'item', confine: true },
    legend: [{ type: 'scroll', top: 0, data: clusters }],
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, top: 40,
      categories: clusters.map((name, index) => ({ name, itemStyle: { color: clusterColour(index) } })),
      data: nodes, links,
      force: { ...(nodes.length < SMALL_GRAPH_NODES ? { repulsion: 700, edgeLength: [170, 260] } : { repulsion: 320, edgeLength: [90, 200] }), gravity: 0.08, layoutAnimation: nodes.length > STATIC_LAYOUT_MAX_NODES },
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
      edgeLabel: { show: true, fontSize: 11, color: '#606266' },
      label: { fontSize: 12 },
      emphasis: { focus: 'adjacency' },
    }],
  };
}
