/**
 * `infragen graph`: the architecture diagram of one environment, drawn from system.yaml. It
 * draws only a valid system: anything `validate` reports as an error is printed the same way and
 * the exit code is 1. elkjs (the layout) loads only for the formats that need coordinates.
 */
import { writeFileSync } from 'node:fs';
import { renderDot } from '../graph/dot.ts';
import { layoutGraph } from '../graph/layout.ts';
import { renderMermaid } from '../graph/mermaid.ts';
import { buildGraph, GraphSelectionError } from '../graph/model.ts';
import { renderHtml } from '../graph/render-html.ts';
import { renderSvg } from '../graph/render-svg.ts';
import { hasErrors } from '../pipeline.ts';
import { toStableJson } from '../serialize.ts';
import { projectFolder, validateBuild } from './build-system.ts';
import { HELP } from './help.ts';
import { maxDiagnostics, report, reportTimings, type Io } from './main.ts';
import { parseOptions, UsageError } from './usage.ts';

const FORMATS = ['html', 'svg', 'mermaid', 'dot', 'json'] as const;
type GraphFormat = (typeof FORMATS)[number];

export const GRAPH_OPTIONS = {
  env: { type: 'string' },
  region: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  timings: { type: 'boolean' },
  'timings-json': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parse = (args: string[]) => parseOptions(args, GRAPH_OPTIONS);

export async function runGraph(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return io.stdout(HELP.graph), 0;
  const format = (values.format ?? 'html') as GraphFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  if (positionals.length > 1) throw new UsageError(`expected one system file, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0] ?? 'system.yaml';

  // Exactly what `validate` reports (target checks included): only a valid system is drawn.
  const { validated, diagnostics, targets } = await validateBuild({ systemFile: file, environments: [], only: [], plugins: [] });
  report(io, diagnostics, { format: 'text', quiet: values.quiet ?? false, limit: maxDiagnostics(undefined) }, validated.sources, projectFolder(file));
  if (!validated.model || hasErrors(diagnostics)) return 1;

  const timings = validated.timings;
  let start = performance.now();
  let graph;
  try {
    graph = buildGraph(validated.model, { targetOptions: (target, env) => targets.find((entry) => entry.id === target)?.optionsOf?.(target, env), ...(values.env !== undefined ? { environment: values.env } : {}), ...(values.region !== undefined ? { region: values.region } : {}) });
  } catch (error) {
    if (error instanceof GraphSelectionError) throw new UsageError(error.message);
    throw error;
  }
  timings.graph = performance.now() - start;
  let layout;
  if (format === 'svg' || format === 'html') {
    start = performance.now();
    layout = await layoutGraph(graph);
    timings.layout = performance.now() - start;
  }
  start = performance.now();
  const rendered =
    format === 'json' ? toStableJson(graph, { sortKeys: false })
    : format === 'mermaid' ? renderMermaid(graph)
    : format === 'dot' ? renderDot(graph)
    : format === 'svg' ? renderSvg(layout!)
    : renderHtml(layout!, { fileBase: projectFolder(file) });
  timings.render = performance.now() - start;
  if (values.out) {
    writeFileSync(values.out, rendered);
    if (!values.quiet) io.stderr(`${values.out}: ${graph.nodes.length} nodes, ${graph.edges.length} edges (${graph.system}, environment ${graph.environment}${graph.region ? `, region ${graph.region}` : ''})\n`);
  } else io.stdout(rendered);
  reportTimings(io, values, timings);
  return 0;
}
