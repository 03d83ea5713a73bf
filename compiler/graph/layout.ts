/**
 * Places the graph with elkjs's layered layout (Eclipse Layout Kernel): groups as nested
 * compound nodes, edges routed orthogonally around nodes across group borders. elkjs is a large
 * module, so it is imported here on first use: `validate` and `build` never load it.
 *
 * Box sizes come from a fixed per-character width, not from a font's metrics, so the same graph
 * gives the same coordinates on every machine; the renderers pick fonts that fit those widths.
 */
import { kindLabel, type GraphEdge, type GraphGroup, type GraphNode, type SystemGraph } from './model.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface PlacedNode extends GraphNode, Box {}
export interface PlacedGroup extends GraphGroup, Box {}
export interface PlacedEdge extends GraphEdge {
  points: Point[];
  labelBox?: Box;
}
export interface GraphLayout {
  graph: SystemGraph;
  /** True when the system was too large for the layered layout (see LARGE_GRAPH). */
  packed: boolean;
  width: number;
  height: number;
  groups: PlacedGroup[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Text metrics the renderers draw with (px): a name line, a kind line, a detail line, a label. */
export const TEXT = {
  name: { size: 13, charWidth: 8 },
  kind: { size: 10, charWidth: 6.2 },
  line: { size: 11, charWidth: 6.8 },
  label: { size: 10, charWidth: 6.2 },
  group: { size: 12, charWidth: 7.6 },
} as const;
export const NODE = { minWidth: 132, paddingX: 14, iconWidth: 26, baseHeight: 46, lineHeight: 14 } as const;
export const GROUP_TITLE_HEIGHT = 26;


export function nodeSize(node: GraphNode): { width: number; height: number } {
  const text = Math.max(
    node.name.length * TEXT.name.charWidth,
    kindLabel(node).length * TEXT.kind.charWidth,
    ...node.lines.map((line) => line.length * TEXT.line.charWidth),
  );
  return {
    width: Math.ceil(Math.max(NODE.minWidth, NODE.paddingX * 2 + NODE.iconWidth + text)),
    height: NODE.baseHeight + node.lines.length * NODE.lineHeight,
  };
}

const labelSize = (text: string) => ({ width: Math.ceil(text.length * TEXT.label.charWidth + 8), height: TEXT.label.size + 6 });

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.inline': 'false',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.randomSeed': '1',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};
const GROUP_OPTIONS = { 'elk.padding': `[top=${GROUP_TITLE_HEIGHT + 14},left=16,bottom=16,right=16]` };
/**
 * Past this many nodes the layered layout takes tens of seconds (it grows with nodes × edges ×
 * layers), so a larger system is packed instead: ELK's box layout places each group's nodes in
 * rows (rectpacking looked tidier but took ten times as long on 3,000 nodes) and the edges are
 * drawn straight and faint (the HTML view highlights a node's edges on hover).
 */
export const LARGE_GRAPH = 300;
/** Past this many nodes the layered layout trades some polish for time (about a third less). */
const MEDIUM_GRAPH = 120;
const MEDIUM_OPTIONS = { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.thoroughness': '3' };
const PACKED_OPTIONS = { 'elk.algorithm': 'box', 'elk.aspectRatio': '1.6', 'elk.spacing.nodeNode': '24' };

interface ElkShape {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkShape[];
  edges?: ElkEdgeShape[];
  labels?: ElkShape[] & Array<{ text?: string }>;
  layoutOptions?: Record<string, string>;
}
interface ElkEdgeShape {
  id: string;
  sources: string[];
  targets: string[];
  labels?: Array<ElkShape & { text: string }>;
  sections?: Array<{ startPoint: Point; endPoint: Point; bendPoints?: Point[] }>;
}
interface ElkInstance {
  layout(graph: ElkShape): Promise<ElkShape>;
}

let elk: ElkInstance | undefined;
async function loadElk(): Promise<ElkInstance> {
  if (!elk) {
    const module = (await import('elkjs/lib/elk.bundled.js')) as unknown as { default: new () => ElkInstance };
    elk = new module.default();
  }
  return elk;
}

/** The ELK input: groups nest as compound nodes; every edge sits on the root (hierarchy handling routes it). */
function toElk(graph: SystemGraph, packed: boolean): ElkShape {
  const children = new Map<string | undefined, ElkShape[]>();
  const add = (parent: string | undefined, shape: ElkShape) => children.set(parent, [...(children.get(parent) ?? []), shape]);
  for (const node of graph.nodes) add(node.group, { id: node.id, ...nodeSize(node) });
  for (const group of graph.groups) {
    // Wide enough for its title: ELK sizes a compound node by its children alone.
    const minimum = { 'elk.nodeSize.constraints': 'MINIMUM_SIZE', 'elk.nodeSize.minimum': `(${Math.ceil(group.label.length * TEXT.group.charWidth + 24)}, ${GROUP_TITLE_HEIGHT + 30})` };
    add(group.parent, { id: group.id, layoutOptions: { ...GROUP_OPTIONS, ...minimum, ...(packed ? PACKED_OPTIONS : {}) } });
  }
  const attach = (shape: ElkShape): ElkShape => {
    const inner = children.get(shape.id);
    return inner ? { ...shape, children: inner.map(attach) } : shape;
  };
  return {
    id: '@root',
    layoutOptions: packed
      ? { ...ROOT_OPTIONS, ...PACKED_OPTIONS, 'elk.hierarchyHandling': 'SEPARATE_CHILDREN' }
      : { ...ROOT_OPTIONS, ...(graph.nodes.length > MEDIUM_GRAPH ? MEDIUM_OPTIONS : {}) },
    children: (children.get(undefined) ?? []).map(attach),
    edges: packed ? [] : graph.edges.map((edge) => ({
      id: edge.id,
      sources: [edge.from],
      targets: [edge.to],
      ...(edge.label ? { labels: [{ id: `${edge.id}:label`, text: edge.label, ...labelSize(edge.label) }] } : {}),
    })),
  };
}

/** Coordinates rounded to a tenth of a pixel: the bytes stay the same across float noise. */
const round = (value: number) => Math.round(value * 10) / 10;
const box = (shape: ElkShape): Box => ({ x: round(shape.x ?? 0), y: round(shape.y ?? 0), width: round(shape.width ?? 0), height: round(shape.height ?? 0) });

export async function layoutGraph(graph: SystemGraph): Promise<GraphLayout> {
  const engine = await loadElk();
  const packed = graph.nodes.length > LARGE_GRAPH;
  const result = await engine.layout(toElk(graph, packed));
  const shapes = new Map<string, ElkShape>();
  const visit = (shape: ElkShape) => {
    shapes.set(shape.id, shape);
    for (const child of shape.children ?? []) visit(child);
  };
  visit(result);
  const edges = new Map((result.edges ?? []).map((edge) => [edge.id, edge]));
  const nodes = graph.nodes.map((node) => ({ ...node, ...box(shapes.get(node.id)!) }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  return {
    graph,
    packed,
    width: Math.ceil(result.width ?? 0),
    height: Math.ceil(result.height ?? 0),
    groups: graph.groups.map((group) => ({ ...group, ...box(shapes.get(group.id)!) })),
    nodes,
    edges: graph.edges.map((edge) => (packed ? straightEdge(edge, byId.get(edge.from)!, byId.get(edge.to)!) : placeEdge(edge, edges.get(edge.id)))),
  };
}

/** Where the line from a box's centre towards `toward` leaves the box. */
function border(from: Box, toward: Point): Point {
  const centre = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const dx = toward.x - centre.x;
  const dy = toward.y - centre.y;
  if (dx === 0 && dy === 0) return centre;
  const scale = Math.min(dx ? from.width / 2 / Math.abs(dx) : Infinity, dy ? from.height / 2 / Math.abs(dy) : Infinity);
  return { x: round(centre.x + dx * scale), y: round(centre.y + dy * scale) };
}

/** A packed layout's edge: a straight line between the two boxes' borders. */
function straightEdge(edge: GraphEdge, from: Box, to: Box): PlacedEdge {
  const centre = (shape: Box) => ({ x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 });
  return { ...edge, points: [border(from, centre(to)), border(to, centre(from))] };
}

function placeEdge(edge: GraphEdge, placed: ElkEdgeShape | undefined): PlacedEdge {
  const section = placed?.sections?.[0];
  const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({ x: round(point.x), y: round(point.y) })) : [];
  const label = placed?.labels?.[0];
  return { ...edge, points, ...(label && edge.label ? { labelBox: box(label) } : {}) };
}
