/**
 * The graph as a Mermaid `flowchart` (GitHub renders it in pull-request comments): groups as
 * subgraphs, a shape and a colour class per kind, dotted arrows for ordering and alarms, thick
 * ones for ingress. `infragen diff --graph` draws a subset with added/changed/removed marks.
 */
import { kindLabel, type GraphNode, type NodeKind, type SystemGraph } from './model.ts';
import { EDGE_STYLE, NODE_STYLE } from './style.ts';

export type ChangeMark = 'added' | 'changed' | 'removed';

export interface MermaidOptions {
  /** Only these nodes (and the edges between them); all when absent. */
  only?: ReadonlySet<string>;
  /** Marks per node id, drawn as a class (and named in the label). */
  marks?: ReadonlyMap<string, ChangeMark>;
}

const MARK_STYLE: Record<ChangeMark, string> = {
  added: 'fill:#dcfce7,stroke:#15803d,stroke-width:3px',
  changed: 'fill:#fef3c7,stroke:#b45309,stroke-width:3px',
  removed: 'fill:#fee2e2,stroke:#b91c1c,stroke-width:3px,stroke-dasharray:5 3',
};
const MARK_SYMBOL: Record<ChangeMark, string> = { added: '+', changed: '~', removed: '−' };

/** Text inside a quoted Mermaid label: quotes and angle brackets as entity codes. */
const text = (value: string) => value.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

function shape(kind: NodeKind, label: string): string {
  const quoted = `"${label}"`;
  switch (NODE_STYLE[kind].shape) {
    case 'cylinder': return `[(${quoted})]`;
    case 'hexagon': return `{{${quoted}}}`;
    case 'rounded': return `(${quoted})`;
    case 'pill':
    case 'cloud': return `([${quoted}])`;
    case 'bucket': return `[\\${quoted}/]`;
    case 'double': return `[[${quoted}]]`;
    case 'queue': return `>${quoted}]`;
    case 'octagon': return `[/${quoted}/]`;
    case 'box': return `[${quoted}]`;
  }
}

/** Mermaid ids: letters, digits and `_`, unique. */
function idMaker(): (id: string) => string {
  const given = new Map<string, string>();
  const taken = new Set<string>();
  return (id) => {
    const known = given.get(id);
    if (known) return known;
    const base = `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    for (let index = 2; taken.has(candidate); index++) candidate = `${base}_${index}`;
    given.set(id, candidate);
    taken.add(candidate);
    return candidate;
  };
}

function nodeLine(node: GraphNode, id: string, mark: ChangeMark | undefined): string {
  const name = mark ? `${MARK_SYMBOL[mark]} ${node.name}` : node.name;
  const label = [`<b>${text(name)}</b>`, text(kindLabel(node)), ...node.lines.map(text)].join('<br/>');
  return `${id}${shape(node.kind, label)}`;
}

export function renderMermaid(graph: SystemGraph, options: MermaidOptions = {}): string {
  const nodes = options.only ? graph.nodes.filter((node) => options.only!.has(node.id)) : graph.nodes;
  const included = new Set(nodes.map((node) => node.id));
  const nodeId = idMaker();
  const out: string[] = ['flowchart LR'];

  const byGroup = new Map<string, GraphNode[]>();
  for (const node of nodes) byGroup.set(node.group, [...(byGroup.get(node.group) ?? []), node]);
  const childGroups = new Map<string | undefined, string[]>();
  const used = new Set<string>();
  const parentOf = new Map(graph.groups.map((group) => [group.id, group.parent]));
  for (const node of nodes) for (let group: string | undefined = node.group; group; group = parentOf.get(group)) used.add(group);
  for (const group of graph.groups) if (used.has(group.id)) childGroups.set(group.parent, [...(childGroups.get(group.parent) ?? []), group.id]);
  const labels = new Map(graph.groups.map((group, index) => [group.id, { label: group.label, id: `g${index}` }]));

  const writeGroup = (groupId: string, depth: number) => {
    const indent = '  '.repeat(depth);
    const group = labels.get(groupId)!;
    out.push(`${indent}subgraph ${group.id}["${text(group.label)}"]`);
    for (const child of childGroups.get(groupId) ?? []) writeGroup(child, depth + 1);
    for (const node of byGroup.get(groupId) ?? []) out.push(`${indent}  ${nodeLine(node, nodeId(node.id), options.marks?.get(node.id))}`);
    out.push(`${indent}end`);
  };
  for (const root of childGroups.get(undefined) ?? []) writeGroup(root, 1);

  for (const edge of graph.edges) {
    if (!included.has(edge.from) || !included.has(edge.to)) continue;
    const style = EDGE_STYLE[edge.kind];
    const arrow = edge.kind.startsWith('ingress') ? '==>' : style.dash ? '-.->' : '-->';
    const label = edge.label ?? (edge.kind === 'uses' ? undefined : style.legend);
    out.push(`  ${nodeId(edge.from)} ${arrow}${label ? `|"${text(label)}"|` : ''} ${nodeId(edge.to)}`);
  }

  const kinds = [...new Set(nodes.map((node) => node.kind))].sort();
  for (const kind of kinds) {
    const style = NODE_STYLE[kind];
    out.push(`  classDef ${kind.replace(/[^a-z]/g, '')} fill:${style.fill},stroke:${style.stroke},color:#0f172a`);
    out.push(`  class ${nodes.filter((node) => node.kind === kind).map((node) => nodeId(node.id)).join(',')} ${kind.replace(/[^a-z]/g, '')}`);
  }
  for (const mark of ['added', 'changed', 'removed'] as const) {
    const marked = nodes.filter((node) => options.marks?.get(node.id) === mark);
    if (!marked.length) continue;
    out.push(`  classDef ${mark} ${MARK_STYLE[mark]}`);
    out.push(`  class ${marked.map((node) => nodeId(node.id)).join(',')} ${mark}`);
  }
  return `${out.join('\n')}\n`;
}
