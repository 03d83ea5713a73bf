/** The graph in Graphviz DOT: groups as clusters, a shape and colour per kind, edge styles per relation. */
import type { GraphGroup, GraphNode, SystemGraph } from './model.ts';
import { kindLabel } from './model.ts';
import { EDGE_STYLE, GROUP_STYLE, NODE_STYLE } from './style.ts';
import { FONT } from './render-svg.ts';

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const DOT_SHAPE = { box: 'box', rounded: 'box', cylinder: 'cylinder', hexagon: 'hexagon', queue: 'box3d', bucket: 'invtrapezium', octagon: 'octagon', pill: 'box', double: 'box', cloud: 'ellipse' } as const;

function nodeStatement(node: GraphNode): string {
  const style = NODE_STYLE[node.kind];
  const styles = ['filled', ...(['rounded', 'pill'].includes(style.shape) ? ['rounded'] : []), ...(style.shape === 'cloud' ? ['dashed'] : [])];
  const attributes = [
    `label=${quote([node.name, kindLabel(node), ...node.lines].join('\n'))}`,
    `shape=${DOT_SHAPE[style.shape]}`,
    `style=${quote(styles.join(','))}`,
    `fillcolor=${quote(style.fill)}`,
    `color=${quote(style.stroke)}`,
    ...(style.shape === 'double' ? ['peripheries=2'] : []),
    ...(node.source ? [`tooltip=${quote(`${node.source.file}:${node.source.line}`)}`] : []),
  ];
  return `${quote(node.id)} [${attributes.join(', ')}];`;
}

export function renderDot(graph: SystemGraph): string {
  const out: string[] = [
    `digraph ${quote(`${graph.system} ${graph.environment}${graph.region ? ` ${graph.region}` : ''}`)} {`,
    `  graph [rankdir=LR, fontname=${quote(FONT)}, fontsize=12, nodesep=0.3, ranksep=0.6];`,
    `  node [fontname=${quote(FONT)}, fontsize=11];`,
    `  edge [fontname=${quote(FONT)}, fontsize=9];`,
  ];
  const children = new Map<string | undefined, GraphGroup[]>();
  for (const group of graph.groups) children.set(group.parent, [...(children.get(group.parent) ?? []), group]);
  const nodesIn = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) nodesIn.set(node.group, [...(nodesIn.get(node.group) ?? []), node]);
  const writeGroup = (group: GraphGroup, depth: number) => {
    const indent = '  '.repeat(depth);
    const style = GROUP_STYLE[group.kind];
    out.push(`${indent}subgraph ${quote(`cluster_${group.id}`)} {`);
    out.push(`${indent}  label=${quote(group.label)}; style=${quote(style.dash ? 'rounded,dashed,filled' : 'rounded,filled')}; fillcolor=${quote(style.fill)}; color=${quote(style.stroke)};`);
    for (const child of children.get(group.id) ?? []) writeGroup(child, depth + 1);
    for (const node of nodesIn.get(group.id) ?? []) out.push(`${indent}  ${nodeStatement(node)}`);
    out.push(`${indent}}`);
  };
  for (const group of children.get(undefined) ?? []) writeGroup(group, 1);
  for (const edge of graph.edges) {
    const style = EDGE_STYLE[edge.kind];
    const attributes = [`color=${quote(style.stroke)}`, `penwidth=${style.width}`, ...(style.dash ? ['style=dashed'] : []), ...(edge.label ? [`label=${quote(edge.label)}`, `fontcolor=${quote(style.stroke)}`] : [])];
    out.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${attributes.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
