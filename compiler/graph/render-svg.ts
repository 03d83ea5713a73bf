/**
 * The laid-out graph as a standalone SVG: groups, edges (with labels), nodes (a shape and colour
 * per kind, a badge, the name and kind), and a legend of the kinds and relations it shows. Nodes
 * carry `data-*` attributes (id, kind, file, line) that the HTML view's script reads.
 */
import type { Box, GraphLayout, PlacedEdge, PlacedGroup, PlacedNode } from './layout.ts';
import { GROUP_TITLE_HEIGHT, NODE, TEXT } from './layout.ts';
import { kindLabel } from './model.ts';
import type { EdgeKind, NodeKind } from './model.ts';
import { EDGE_STYLE, GROUP_STYLE, NODE_STYLE, type NodeStyle } from './style.ts';

export const FONT = "'DejaVu Sans', Verdana, Arial, sans-serif";
const LEGEND = { cellWidth: 190, rowHeight: 26, padding: 16, titleHeight: 22 } as const;

const num = (value: number) => String(Math.round(value * 10) / 10);
export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The outline of a node of `shape` filling `box`. */
function outline(style: NodeStyle, box: Box, extra = ''): string {
  const { x, y, width: w, height: h } = box;
  const paint = `fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.6"${extra}`;
  const poly = (points: Array<[number, number]>) => `<polygon points="${points.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" ${paint}/>`;
  switch (style.shape) {
    case 'box':
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="2" ${paint}/>`;
    case 'rounded':
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="8" ${paint}/>`;
    case 'pill':
    case 'cloud':
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="${num(h / 2)}" ${paint}${style.shape === 'cloud' ? ' stroke-dasharray="5 3"' : ''}/>`;
    case 'double':
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="4" ${paint}/><rect x="${num(x + 3)}" y="${num(y + 3)}" width="${num(w - 6)}" height="${num(h - 6)}" rx="3" fill="none" stroke="${style.stroke}" stroke-width="1"/>`;
    case 'cylinder': {
      const ry = 5;
      return `<path d="M${num(x)},${num(y + ry)} A${num(w / 2)},${ry} 0 0 1 ${num(x + w)},${num(y + ry)} V${num(y + h - ry)} A${num(w / 2)},${ry} 0 0 1 ${num(x)},${num(y + h - ry)} Z" ${paint}/><path d="M${num(x)},${num(y + ry)} A${num(w / 2)},${ry} 0 0 0 ${num(x + w)},${num(y + ry)}" fill="none" stroke="${style.stroke}" stroke-width="1.2"/>`;
    }
    case 'hexagon':
      return poly([[x + 10, y], [x + w - 10, y], [x + w, y + h / 2], [x + w - 10, y + h], [x + 10, y + h], [x, y + h / 2]]);
    case 'octagon':
      return poly([[x + 8, y], [x + w - 8, y], [x + w, y + 8], [x + w, y + h - 8], [x + w - 8, y + h], [x + 8, y + h], [x, y + h - 8], [x, y + 8]]);
    case 'bucket':
      return poly([[x, y], [x + w, y], [x + w - 8, y + h], [x + 8, y + h]]);
    case 'queue': {
      const bars = [12, 18, 24].map((offset) => `<line x1="${num(x + w - offset)}" y1="${num(y + 6)}" x2="${num(x + w - offset)}" y2="${num(y + h - 6)}" stroke="${style.stroke}" stroke-width="1.2"/>`);
      return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="3" ${paint}/>${bars.join('')}`;
    }
  }
}

function badge(style: NodeStyle, x: number, y: number): string {
  return `<circle cx="${num(x)}" cy="${num(y)}" r="10" fill="${style.stroke}"/><text x="${num(x)}" y="${num(y + 3.5)}" text-anchor="middle" font-size="${style.badge.length > 1 ? 8 : 10}" font-weight="bold" fill="#ffffff">${escapeXml(style.badge)}</text>`;
}

function renderNode(node: PlacedNode, status?: string): string {
  const style = NODE_STYLE[node.kind];
  const textX = node.x + NODE.paddingX + NODE.iconWidth;
  const attributes = [`class="node${status ? ` ${status}` : ''}"`, `data-id="${escapeXml(node.id)}"`, `data-kind="${node.kind}"`];
  if (node.source) attributes.push(`data-file="${escapeXml(node.source.file)}"`, `data-line="${node.source.line}"`);
  const title = [`${kindLabel(node)} ${node.name}`, ...node.details, ...(node.source ? [`${node.source.file}:${node.source.line}`] : [])].join('\n');
  const lines = node.lines.map((line, index) => `<text x="${num(textX)}" y="${num(node.y + 44 + index * NODE.lineHeight)}" font-size="${TEXT.line.size}" fill="#334155">${escapeXml(line)}</text>`);
  return [
    `<g ${attributes.join(' ')}>`,
    `<title>${escapeXml(title)}</title>`,
    outline(style, node),
    badge(style, node.x + NODE.paddingX + 6, node.y + 20),
    `<text x="${num(textX)}" y="${num(node.y + 20)}" font-size="${TEXT.name.size}" font-weight="bold" fill="#0f172a">${escapeXml(node.name)}</text>`,
    `<text x="${num(textX)}" y="${num(node.y + 33)}" font-size="${TEXT.kind.size}" fill="#475569">${escapeXml(kindLabel(node))}</text>`,
    ...lines,
    '</g>',
  ].join('');
}

function renderGroup(group: PlacedGroup): string {
  const style = GROUP_STYLE[group.kind];
  return [
    `<g class="group" data-group="${escapeXml(group.id)}">`,
    `<rect x="${num(group.x)}" y="${num(group.y)}" width="${num(group.width)}" height="${num(group.height)}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.4"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
    `<text x="${num(group.x + 10)}" y="${num(group.y + GROUP_TITLE_HEIGHT - 8)}" font-size="${TEXT.group.size}" font-weight="bold" fill="#334155">${escapeXml(group.label)}</text>`,
    '</g>',
  ].join('');
}

function renderEdge(edge: PlacedEdge, faint: boolean): string {
  if (edge.points.length < 2) return '';
  const style = EDGE_STYLE[edge.kind];
  const d = edge.points.map((point, index) => `${index ? 'L' : 'M'}${num(point.x)},${num(point.y)}`).join(' ');
  const label = edge.labelBox && edge.label
    ? `<rect x="${num(edge.labelBox.x)}" y="${num(edge.labelBox.y)}" width="${num(edge.labelBox.width)}" height="${num(edge.labelBox.height)}" rx="3" fill="#ffffff" fill-opacity="0.9"/><text x="${num(edge.labelBox.x + 4)}" y="${num(edge.labelBox.y + edge.labelBox.height - 5)}" font-size="${TEXT.label.size}" fill="${style.stroke}">${escapeXml(edge.label)}</text>`
    : '';
  return `<g class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" data-kind="${edge.kind}"${faint ? ' opacity="0.25"' : ''}><path d="${d}" fill="none" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${edge.kind})"/>${label}</g>`;
}

function markers(kinds: EdgeKind[]): string {
  return kinds
    .map((kind) => `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_STYLE[kind].stroke}"/></marker>`)
    .join('');
}

/** The legend under the drawing: one cell per node kind, then one per relation, that the picture holds. */
function legend(layout: GraphLayout, top: number, width: number): { svg: string; height: number } {
  const nodeKinds = [...new Set(layout.nodes.map((node) => node.kind))].sort() as NodeKind[];
  const edgeKinds = [...new Set(layout.edges.map((edge) => edge.kind))].sort() as EdgeKind[];
  const perRow = Math.max(1, Math.floor((width - LEGEND.padding * 2) / LEGEND.cellWidth));
  const cells: string[] = [];
  const at = (index: number) => ({ x: LEGEND.padding + (index % perRow) * LEGEND.cellWidth, y: top + LEGEND.titleHeight + LEGEND.padding + Math.floor(index / perRow) * LEGEND.rowHeight });
  nodeKinds.forEach((kind, index) => {
    const { x, y } = at(index);
    const style = NODE_STYLE[kind];
    cells.push(outline(style, { x, y, width: 34, height: 20 }), `<text x="${num(x + 42)}" y="${num(y + 14)}" font-size="11" fill="#334155">${kind}</text>`);
  });
  const edgeStart = Math.ceil(nodeKinds.length / perRow) * perRow;
  edgeKinds.forEach((kind, index) => {
    const { x, y } = at(edgeStart + index);
    const style = EDGE_STYLE[kind];
    cells.push(
      `<path d="M${num(x)},${num(y + 10)} L${num(x + 32)},${num(y + 10)}" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${kind})"/>`,
      `<text x="${num(x + 42)}" y="${num(y + 14)}" font-size="11" fill="#334155">${escapeXml(style.legend)}</text>`,
    );
  });
  const rows = Math.ceil((edgeStart + edgeKinds.length) / perRow);
  const height = LEGEND.titleHeight + LEGEND.padding * 2 + rows * LEGEND.rowHeight;
  const title = `<text x="${LEGEND.padding}" y="${num(top + LEGEND.titleHeight)}" font-size="12" font-weight="bold" fill="#334155">legend</text>`;
  return { svg: `<g class="legend">${title}${cells.join('')}</g>`, height };
}

export interface SvgOptions {
  /** Marks per node id (the diff's added/changed/removed), added as a class. */
  status?: ReadonlyMap<string, string>;
}

export function renderSvg(layout: GraphLayout, options: SvgOptions = {}): string {
  const width = Math.max(layout.width, LEGEND.cellWidth * 4 + LEGEND.padding * 2);
  const key = legend(layout, layout.height, width);
  const height = layout.height + key.height;
  const { graph } = layout;
  const title = `${graph.system} — ${graph.environment}${graph.region ? ` / ${graph.region}` : ''}`;
  const edgeKinds = [...new Set(layout.edges.map((edge) => edge.kind))].sort() as EdgeKind[];
  // Groups are listed outermost first (the model adds a parent before its children).
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="infragen-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs>${markers(edgeKinds)}</defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g class="groups">${layout.groups.map(renderGroup).join('\n')}</g>`,
    `<g class="edges">${layout.edges.map((edge) => renderEdge(edge, layout.packed)).join('\n')}</g>`,
    `<g class="nodes">${layout.nodes.map((node) => renderNode(node, options.status?.get(node.id))).join('\n')}</g>`,
    key.svg,
    '</svg>',
    '',
  ].join('\n');
}
