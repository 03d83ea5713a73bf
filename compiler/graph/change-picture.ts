/**
 * The picture `infragen diff --graph` adds to the pull-request comment: the entities a diff
 * attributes changes to, marked added/changed/removed, with their neighbours, as Mermaid. Removed
 * entities come from the base side's graph when the base was built from system.yaml (`--base-ref`).
 */
import type { DiffReport } from '../diff/types.ts';
import { COLLECTION_OF_KIND, type EntityKind, type SystemModel } from '../model/types.ts';
import { renderMermaid, type ChangeMark } from './mermaid.ts';
import { buildGraph, neighbourhood, type GraphNode, type SystemGraph } from './model.ts';
import type { OptionsLookup } from '../target.ts';

/** More nodes than this make a picture nobody reads in a comment: neighbours are dropped first. */
export const PICTURE_NODE_LIMIT = 60;

export interface ChangePictureInput {
  report: DiffReport;
  head: SystemModel;
  base?: SystemModel;
  /** The environment to draw (default the head's first). */
  environment?: string;
  /** The targets' options: the cluster group names the Kubernetes cluster and namespace. */
  targetOptions?: OptionsLookup;
}

/** The changed entities' marks: from the two graphs where they tell, else from the kinds of change. */
function marksOf(report: DiffReport, head: SystemGraph, base: SystemGraph | undefined): Map<string, ChangeMark> {
  const kinds = new Map<string, Set<string>>();
  for (const change of report.scopes.flatMap((scope) => scope.changes)) {
    if (!change.attribution) continue;
    const entity = change.attribution.entity;
    kinds.set(entity, (kinds.get(entity) ?? new Set()).add(change.kind));
  }
  const inHead = new Set(head.nodes.map((node) => node.id));
  const inBase = base ? new Set(base.nodes.map((node) => node.id)) : undefined;
  const marks = new Map<string, ChangeMark>();
  for (const [entity, changeKinds] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const only = changeKinds.size === 1 ? [...changeKinds][0] : undefined;
    if (!inHead.has(entity)) {
      if (inBase?.has(entity) || only === 'removed') marks.set(entity, 'removed');
    } else if (inBase ? !inBase.has(entity) : only === 'added') marks.set(entity, 'added');
    else marks.set(entity, 'changed');
  }
  return marks;
}

/** The head graph plus the removed entities (their groups and edges) from the base graph. */
function withRemoved(head: SystemGraph, base: SystemGraph | undefined, removed: string[]): SystemGraph {
  if (removed.length === 0) return head;
  if (!base) {
    // Two folders: the base's system is unknown, so a removed entity is drawn alone, in the environment.
    const environment = head.groups.find((group) => group.parent === undefined)!.id;
    const alone = removed.filter((id) => id.split('.')[0]! in COLLECTION_OF_KIND).map((id): GraphNode => {
      const [kind, ...name] = id.split('.');
      return { id, kind: kind as EntityKind, name: name.join('.'), lines: [], details: [], group: environment };
    });
    return { ...head, nodes: [...head.nodes, ...alone] };
  }
  const gone = new Set(removed);
  const groups = new Map(head.groups.map((group) => [group.id, group]));
  const baseGroups = new Map(base.groups.map((group) => [group.id, group]));
  const nodes = base.nodes.filter((node) => gone.has(node.id));
  for (const node of nodes) {
    for (let id: string | undefined = node.group; id && !groups.has(id); id = baseGroups.get(id)?.parent) groups.set(id, baseGroups.get(id)!);
  }
  const known = new Set([...head.nodes, ...nodes].map((node) => node.id));
  const edges = base.edges.filter((edge) => (gone.has(edge.from) || gone.has(edge.to)) && known.has(edge.from) && known.has(edge.to));
  return { ...head, groups: [...groups.values()], nodes: [...head.nodes, ...nodes], edges: [...head.edges, ...edges.map((edge) => ({ ...edge, id: `base:${edge.id}` }))] };
}

/** Mermaid text, or undefined when no changed entity is in the picture's environment. */
export function changePicture(input: ChangePictureInput): string | undefined {
  const options = { ...(input.environment !== undefined ? { environment: input.environment } : {}), ...(input.targetOptions ? { targetOptions: input.targetOptions } : {}) };
  const head = buildGraph(input.head, options);
  const base = input.base ? buildGraph(input.base, { ...(input.targetOptions ? { targetOptions: input.targetOptions } : {}), ...(input.base.environments.some((env) => env.environment?.name === head.environment) ? { environment: head.environment } : {}) }) : undefined;
  const marks = marksOf(input.report, head, base);
  if (marks.size === 0) return undefined;
  const removed = [...marks].filter(([, mark]) => mark === 'removed').map(([id]) => id);
  const graph = withRemoved(head, base, removed);
  const changed = new Set([...marks.keys()].filter((id) => graph.nodes.some((node) => node.id === id)));
  const around = [...neighbourhood(graph, changed)];
  // Changed entities first, then their neighbours, in the graph's order, up to the limit.
  const order = new Map(graph.nodes.map((node, index) => [node.id, index]));
  const shown = around.sort((a, b) => Number(changed.has(b)) - Number(changed.has(a)) || order.get(a)! - order.get(b)!).slice(0, PICTURE_NODE_LIMIT);
  return renderMermaid(graph, { only: new Set(shown), marks });
}
