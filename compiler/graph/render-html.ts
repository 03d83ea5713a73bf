/**
 * A single self-contained HTML page: the SVG inline, a small inline script for pan (drag), zoom
 * (wheel, buttons), fit, a hover card (kind, key settings, `system.yaml:line`) and click-to-copy of
 * that reference. A Content-Security-Policy forbids every network request; it works from file://.
 */
import type { GraphLayout } from './layout.ts';
import { kindLabel } from './model.ts';
import { escapeXml, FONT, renderSvg } from './render-svg.ts';

const STYLE = `
html, body { margin: 0; height: 100%; font-family: ${FONT}; color: #0f172a; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #cbd5e1; background: #f8fafc; font-size: 13px; }
header h1 { font-size: 14px; margin: 0 12px 0 0; }
header .hint { color: #64748b; margin-left: auto; }
button { font: inherit; padding: 2px 10px; }
#viewport { flex: 1; overflow: hidden; cursor: grab; position: relative; }
#viewport.panning { cursor: grabbing; }
#viewport > svg { width: 100%; height: 100%; display: block; }
.node { cursor: pointer; }
.node:hover > :first-of-type, .node.hot > :first-of-type { filter: drop-shadow(0 0 3px #0f172a); }
.edge.hot { opacity: 1 !important; }
.edge.hot path { stroke-width: 3; }
#card { position: fixed; pointer-events: none; background: #0f172a; color: #f8fafc; padding: 8px 10px; border-radius: 6px; font-size: 12px; max-width: 420px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
#card b { font-size: 13px; }
#card .kind { color: #93c5fd; }
#card .ref { color: #fde68a; font-family: monospace; margin-top: 4px; }
#card ul { margin: 4px 0; padding-left: 16px; }
#toast { position: fixed; bottom: 12px; left: 50%; transform: translateX(-50%); background: #15803d; color: #fff; padding: 6px 12px; border-radius: 4px; font-size: 12px; }
`;

/** Pan, zoom, fit, hover card, click to copy. Plain DOM: no library, nothing fetched. */
const SCRIPT = `
(() => {
  const entities = JSON.parse(document.getElementById('entities').textContent);
  const viewport = document.getElementById('viewport');
  const svg = viewport.querySelector('svg');
  const card = document.getElementById('card');
  const toast = document.getElementById('toast');
  const full = svg.viewBox.baseVal;
  const world = { x: full.x, y: full.y, width: full.width, height: full.height };
  let view = { ...world };
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  const apply = () => svg.setAttribute('viewBox', [view.x, view.y, view.width, view.height].join(' '));
  const fit = () => { view = { ...world }; apply(); };
  // The scale between screen pixels and SVG units (preserveAspectRatio "meet").
  const scale = () => { const box = viewport.getBoundingClientRect(); return Math.max(view.width / box.width, view.height / box.height); };
  const toWorld = (clientX, clientY) => {
    const box = viewport.getBoundingClientRect();
    const s = scale();
    const offsetX = (box.width * s - view.width) / 2;
    const offsetY = (box.height * s - view.height) / 2;
    return { x: view.x - offsetX + (clientX - box.left) * s, y: view.y - offsetY + (clientY - box.top) * s };
  };
  const zoom = (factor, clientX, clientY) => {
    const box = viewport.getBoundingClientRect();
    const at = toWorld(clientX ?? box.left + box.width / 2, clientY ?? box.top + box.height / 2);
    view = { x: at.x - (at.x - view.x) * factor, y: at.y - (at.y - view.y) * factor, width: view.width * factor, height: view.height * factor };
    apply();
  };
  viewport.addEventListener('wheel', (event) => { event.preventDefault(); zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, event.clientX, event.clientY); }, { passive: false });
  let drag;
  viewport.addEventListener('pointerdown', (event) => { drag = { x: event.clientX, y: event.clientY, moved: false }; });
  window.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const s = scale();
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; viewport.classList.add('panning'); }
    if (!drag.moved) return;
    view.x -= dx * s; view.y -= dy * s; drag.x = event.clientX; drag.y = event.clientY;
    apply();
  });
  window.addEventListener('pointerup', () => { setTimeout(() => { drag = undefined; }, 0); viewport.classList.remove('panning'); });
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('zoom-in').addEventListener('click', () => zoom(1 / 1.25));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1.25));

  const edgesOf = (id) => svg.querySelectorAll('.edge[data-from="' + CSS.escape(id) + '"], .edge[data-to="' + CSS.escape(id) + '"]');
  const text = (tag, value, className) => { const element = document.createElement(tag); element.textContent = value; if (className) element.className = className; return element; };
  const show = (node, event) => {
    const entity = entities[node.dataset.id];
    if (!entity) return;
    card.replaceChildren(text('b', entity.name), document.createTextNode(' '), text('span', entity.kind, 'kind'));
    if (entity.details.length) { const list = document.createElement('ul'); for (const line of entity.details) list.append(text('li', line)); card.append(list); }
    if (entity.ref) card.append(text('div', entity.ref + ' (click to copy)', 'ref'));
    card.hidden = false;
    move(event);
    for (const edge of edgesOf(node.dataset.id)) edge.classList.add('hot');
  };
  const move = (event) => {
    const x = Math.min(event.clientX + 14, window.innerWidth - card.offsetWidth - 8);
    const y = Math.min(event.clientY + 14, window.innerHeight - card.offsetHeight - 8);
    card.style.left = Math.max(8, x) + 'px'; card.style.top = Math.max(8, y) + 'px';
  };
  const hide = (node) => { card.hidden = true; for (const edge of edgesOf(node.dataset.id)) edge.classList.remove('hot'); };
  const copy = async (value) => {
    try { await navigator.clipboard.writeText(value); }
    catch {
      const area = document.createElement('textarea'); area.value = value; document.body.append(area); area.select();
      document.execCommand('copy'); area.remove();
    }
    toast.textContent = 'copied ' + value; toast.hidden = false;
    clearTimeout(copy.timer); copy.timer = setTimeout(() => { toast.hidden = true; }, 1500);
  };
  for (const node of svg.querySelectorAll('.node')) {
    node.addEventListener('mouseenter', (event) => show(node, event));
    node.addEventListener('mousemove', move);
    node.addEventListener('mouseleave', () => hide(node));
    node.addEventListener('click', () => { const entity = entities[node.dataset.id]; if (entity && entity.ref && !(drag && drag.moved)) copy(entity.ref); });
  }
  fit();
  document.body.dataset.ready = 'true';
})();
`;

export interface HtmlOptions {
  /** Shown before file paths in references, e.g. `examples/shop/` (the system file's folder). */
  fileBase?: string;
}

export function renderHtml(layout: GraphLayout, options: HtmlOptions = {}): string {
  const { graph } = layout;
  const base = options.fileBase ? `${options.fileBase.replace(/\/?$/, '/')}` : '';
  const entities = Object.fromEntries(
    layout.nodes.map((node) => [node.id, { name: node.name, kind: kindLabel(node), details: node.details, ...(node.source ? { ref: `${base}${node.source.file}:${node.source.line}` } : {}) }]),
  );
  // `<` escaped so that no text in the data can close the script element.
  const data = JSON.stringify(entities).replace(/</g, '\\u003c');
  const title = `${graph.system} — ${graph.environment}${graph.region ? ` / ${graph.region}` : ''}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)} · infragen graph</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeXml(title)}</h1><button id="fit" type="button">fit</button><button id="zoom-in" type="button" aria-label="zoom in">+</button><button id="zoom-out" type="button" aria-label="zoom out">−</button><span class="hint">drag to pan · wheel to zoom · hover for details · click a node to copy its system.yaml line</span></header>`,
    `<div id="viewport">${renderSvg(layout).trimEnd()}</div>`,
    '<div id="card" hidden></div>',
    '<div id="toast" hidden></div>',
    `<script type="application/json" id="entities">${data}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
