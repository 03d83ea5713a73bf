/**
 * The architecture graph of one environment: a node per entity, an edge per relation that
 * system.yaml states (uses, consumes, publishes, subscriptions, dependsOn/before, alarms, ingress,
 * routes, schedules), nested groups environment → region → zone. Built from the normalized
 * `SystemModel` only; every renderer (SVG, HTML, Mermaid, DOT, JSON) draws this and nothing else.
 */
import type {
  Alarm, Cache, Container, Database, Entity, EntityKind, FunctionDef, Queue, ResolvedSystem, Search, Service, SystemModel, Table, Testnet,
} from '../model/types.ts';
import { ENTITY_COLLECTIONS } from '../model/types.ts';
import { kubernetesPlacement } from '../model/wiring.ts';
import type { OptionsLookup } from '../target.ts';

/** Entity kinds, plus the nodes the graph adds: who reaches the system from outside, and the scheduler. */
export type NodeKind = EntityKind | 'internet' | 'internal' | 'scheduler';

export type EdgeKind =
  | 'uses' | 'secret' | 'publishes' | 'subscription' | 'consumes' | 'dependsOn' | 'before'
  | 'watches' | 'notifies' | 'scales' | 'origin' | 'ingress-public' | 'ingress-internal' | 'route' | 'schedule' | 'authorizer' | 'part-of';

export type GroupKind = 'environment' | 'region' | 'private' | 'cluster' | 'monitoring';

export interface GraphNode {
  /** `kind.name` as system.yaml refers to the entity (`testnet.x/service` for a testnet's service, `@internet` for added nodes). */
  id: string;
  kind: NodeKind;
  name: string;
  /** Extra label lines under the name (testnet node groups and counts). */
  lines: string[];
  /** Key settings, `key: value`, shown on hover. */
  details: string[];
  group: string;
  /** Where it is defined; absent for the nodes the graph adds. */
  source?: { file: string; line: number };
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
}

export interface GraphGroup {
  id: string;
  kind: GroupKind;
  label: string;
  /** Absent for the environment, the outermost group. */
  parent?: string;
}

export interface SystemGraph {
  system: string;
  /** The environment drawn (`local` for a system without environments). */
  environment: string;
  /** Set when `--region` narrowed the picture to one region. */
  region?: string;
  groups: GraphGroup[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphOptions {
  /** Default: the first environment (the base definitions when there is none). */
  environment?: string;
  region?: string;
  /** The targets' checked options (`TargetEntry.optionsOf`): the cluster group names the Kubernetes target's cluster and namespace. */
  targetOptions?: OptionsLookup;
}

const OUTSIDE_LABEL: Partial<Record<NodeKind, string>> = { internet: 'public clients', internal: 'clients in the network', scheduler: 'timer' };

/** The group of containers: the Kubernetes target's cluster and namespace in an environment, Compose without one. */
function clusterLabel(model: SystemModel, system: ResolvedSystem, targetOptions: OptionsLookup | undefined): string {
  if (!system.environment) return 'containers (docker-compose)';
  const { cluster, namespace } = kubernetesPlacement(targetOptions?.('kubernetes', system.environment.name) ?? {}, model.name);
  return `Kubernetes ${cluster ?? 'cluster'} / ${namespace}`;
}

/** The line under a node's name that says what it is. */
export function kindLabel(node: GraphNode): string {
  if (node.kind === 'service' && node.id.includes('/')) return 'testnet service';
  return OUTSIDE_LABEL[node.kind] ?? node.kind;
}

export class GraphSelectionError extends Error {}

/** The kinds that sit in private subnets when placed in a region. */
const PRIVATE_KINDS = new Set<NodeKind>(['database', 'cache', 'search']);
/** The kinds that run on the environment's Kubernetes cluster. */
const CLUSTER_KINDS = new Set<NodeKind>(['service', 'job', 'testnet']);

const refId = (ref: { kind: string; name: string }) => `${ref.kind}.${ref.name}`;
const sourceOf = (entity: { span: { file: string; start: { line: number } } }) => ({ file: entity.span.file, line: entity.span.start.line });
const seconds = (value: number) => (value % 3600 === 0 ? `${value / 3600}h` : value % 60 === 0 ? `${value / 60}m` : `${value}s`);
const cut = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function selectEnvironment(model: SystemModel, options: GraphOptions): ResolvedSystem {
  if (options.environment === undefined) return model.environments[0] ?? model.base;
  const found = model.environments.find((env) => env.environment?.name === options.environment);
  if (found) return found;
  const names = model.environments.map((env) => env.environment!.name);
  throw new GraphSelectionError(`no environment "${options.environment}"; ${names.length ? `environments: ${names.join(', ')}` : 'the system declares none'}`);
}

/** Builds the graph of one environment (optionally one of its regions). */
export function buildGraph(model: SystemModel, options: GraphOptions = {}): SystemGraph {
  const system = selectEnvironment(model, options);
  const environment = system.environment?.name ?? 'local';
  const regions = system.environment?.regions ?? [model.defaults.region];
  if (options.region !== undefined && !regions.includes(options.region)) {
    throw new GraphSelectionError(`environment "${environment}" has no region "${options.region}"; its regions: ${regions.join(', ')}`);
  }
  const builder = new GraphBuilder(system, environment, options.region === undefined ? regions : [options.region], clusterLabel(model, system, options.targetOptions));
  builder.addEntities();
  return builder.finish(model.name, options.region);
}

class GraphBuilder {
  private readonly groups = new Map<string, GraphGroup>();
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];
  private readonly envGroup: string;

  constructor(
    private readonly system: ResolvedSystem,
    private readonly environment: string,
    private readonly regions: string[],
    private readonly clusterLabel: string,
  ) {
    this.envGroup = `env:${environment}`;
    this.groups.set(this.envGroup, { id: this.envGroup, kind: 'environment', label: `environment ${environment}${system.environment?.domain ? ` · ${system.environment.domain}` : ''}` });
  }

  /** The group an entity is drawn in, created on first use; undefined when it is not in the drawn regions. */
  private groupFor(kind: NodeKind, placement: string[] | undefined, vpc = false): string | undefined {
    if (placement === undefined) return this.group('monitoring', this.envGroup, 'monitoring');
    const region = placement.find((name) => this.regions.includes(name));
    if (region === undefined) return undefined;
    const regionGroup = this.group('region', this.envGroup, `region ${region}`, `region:${region}`);
    if (PRIVATE_KINDS.has(kind) || vpc) return this.group('private', regionGroup, 'private subnets', `private:${region}`);
    if (CLUSTER_KINDS.has(kind)) return this.group('cluster', regionGroup, this.clusterLabel, `cluster:${region}`);
    return regionGroup;
  }

  private group(kind: GroupKind, parent: string, label: string, id = `${kind}:${this.environment}`): string {
    if (!this.groups.has(id)) this.groups.set(id, { id, kind, label, parent });
    return id;
  }

  private addNode(node: Omit<GraphNode, 'lines' | 'details'> & Partial<Pick<GraphNode, 'lines' | 'details'>>): void {
    this.nodes.set(node.id, { lines: [], details: [], ...node });
  }

  private edge(from: string, to: string, kind: EdgeKind, label?: string): void {
    this.edges.push({ id: '', from, to, kind, ...(label ? { label } : {}) });
  }

  /** An outside node (the internet, the internal network, the scheduler), created once. */
  private outside(kind: 'internet' | 'internal' | 'scheduler'): string {
    const id = `@${kind}`;
    const name = { internet: 'internet', internal: 'internal network', scheduler: 'scheduler' }[kind];
    if (!this.nodes.has(id)) this.addNode({ id, kind, name, group: this.envGroup });
    return id;
  }

  addEntities(): void {
    for (const collection of Object.keys(ENTITY_COLLECTIONS) as Array<keyof typeof ENTITY_COLLECTIONS>) {
      for (const entity of Object.values(this.system[collection]) as Entity[]) this.addEntity(entity);
    }
    for (const entity of [...this.entities()]) this.addRelations(entity);
  }

  private *entities(): Iterable<Entity> {
    for (const collection of Object.keys(ENTITY_COLLECTIONS) as Array<keyof typeof ENTITY_COLLECTIONS>) {
      yield* Object.values(this.system[collection]) as Entity[];
    }
  }

  private addEntity(entity: Entity): void {
    const placement = 'regions' in entity ? entity.regions : undefined;
    const group = this.groupFor(entity.kind, placement, entity.kind === 'function' && entity.vpc);
    if (group === undefined) return;
    const details = [...detailsOf(entity)];
    if (placement && placement.length > 1) details.push(`regions: ${placement.join(', ')}`);
    this.addNode({ id: refId(entity), kind: entity.kind, name: entity.name, group, details, source: sourceOf(entity), lines: linesOf(entity) });
    if (entity.kind === 'testnet') {
      for (const [name, service] of Object.entries(entity.services)) {
        const id = `${refId(entity)}/${name}`;
        this.addNode({ id, kind: 'service', name: `${entity.name}/${name}`, group, details: containerDetails(service), source: sourceOf(service) });
      }
    }
  }

  private addRelations(entity: Entity): void {
    const from = refId(entity);
    if (!this.nodes.has(from)) return;
    switch (entity.kind) {
      case 'service':
        this.containerRelations(from, entity);
        for (const ref of entity.dependsOn) this.edge(from, refId(ref), 'dependsOn', 'depends on');
        this.serviceIngress(from, entity);
        if (entity.autoscale?.queue) this.edge(refId(entity.autoscale.queue), from, 'scales', `${entity.autoscale.messagesPerReplica} msgs/replica`);
        break;
      case 'job':
        this.containerRelations(from, entity);
        for (const ref of entity.before) this.edge(from, refId(ref), 'before', 'runs before');
        if (entity.schedule) this.edge(this.outside('scheduler'), from, 'schedule', entity.schedule.cron);
        break;
      case 'bucket':
        // Object events flow from the bucket to what it notifies.
        for (const entry of entity.notify) this.edge(from, refId(entry.target), 'publishes', cut(`${entry.events.join('|')} ${entry.prefix ?? ''}*${entry.suffix ?? ''}`));
        break;
      case 'function':
        this.functionRelations(from, entity);
        break;
      case 'testnet':
        this.testnetRelations(from, entity);
        break;
      case 'topic':
        for (const subscription of entity.subscribers) {
          const filter = subscription.filter
            ? Object.entries(subscription.filter).map(([key, values]) => `${key} ∈ ${values.join('|')}`).join(', ')
            : undefined;
          this.edge(from, refId(subscription.queue), 'subscription', filter ? cut(filter) : undefined);
        }
        break;
      case 'alarm':
        this.alarmRelations(from, entity);
        break;
      case 'cdn':
        this.edge(this.outside('internet'), from, 'ingress-public', entity.aliases.length ? cut(entity.aliases.join(', ')) : 'CloudFront');
        this.edge(from, refId(entity.origin), 'origin', 'origin');
        break;
      default:
        break;
    }
  }

  private containerRelations(from: string, container: Pick<Container, 'uses' | 'publishes' | 'consumes' | 'secrets'>): void {
    for (const ref of container.uses) this.edge(from, refId(ref), 'uses');
    for (const ref of container.publishes) this.edge(from, refId(ref), 'publishes');
    // Data flows from the queue to its consumer.
    for (const ref of container.consumes) this.edge(refId(ref), from, 'consumes', ref.batchSize ? `batch ${ref.batchSize}` : undefined);
    const secrets = new Map<string, string[]>();
    for (const [variable, ref] of Object.entries(container.secrets)) secrets.set(refId(ref), [...(secrets.get(refId(ref)) ?? []), variable]);
    for (const [secret, variables] of secrets) this.edge(from, secret, 'secret', cut(variables.join(', ')));
  }

  private serviceIngress(from: string, service: Service): void {
    if (service.ingress) {
      const visibility = service.ingress.visibility;
      this.edge(this.outside(visibility === 'public' ? 'internet' : 'internal'), from, visibility === 'public' ? 'ingress-public' : 'ingress-internal', cut(ingressText(service.ingress)));
    }
    const open = service.ports.filter((port) => port.public);
    if (open.length) this.edge(this.outside('internet'), from, 'ingress-public', open.map((port) => `${port.name} ${port.port}`).join(', '));
  }

  private functionRelations(from: string, fn: FunctionDef): void {
    this.containerRelations(from, fn);
    const routes = [...fn.routes.map((route) => `${route.method} ${route.path}`), ...fn.websocket.map((route) => `ws ${route}`)];
    if (routes.length) {
      const label = routes.length > 2 ? `${routes.slice(0, 2).join(', ')} +${routes.length - 2}` : routes.join(', ');
      this.edge(this.outside('internet'), from, 'route', label);
    }
    if (fn.schedule) this.edge(this.outside('scheduler'), from, 'schedule', fn.schedule);
    if (fn.authorizer && 'function' in fn.authorizer) this.edge(from, refId(fn.authorizer.function), 'authorizer', 'authorizer');
  }

  private testnetRelations(from: string, testnet: Testnet): void {
    if (testnet.public) {
      const open = testnet.ports.filter((port) => port.public);
      this.edge(this.outside('internet'), from, 'ingress-public', open.length ? open.map((port) => `${port.name} ${port.port}`).join(', ') : 'public');
    }
    for (const [name, service] of Object.entries(testnet.services)) {
      const id = `${from}/${name}`;
      this.edge(id, from, 'part-of');
      this.containerRelations(id, service);
    }
  }

  private alarmRelations(from: string, alarm: Alarm): void {
    const source = alarm.source;
    // Drawn from the watched entity to the alarm: signals flow left to right, entity → alarm → notification.
    if (source.type === 'metric') this.edge(refId(source.on), from, 'watches', source.metric);
    else if (source.type === 'log') this.edge(refId(source.on), from, 'watches', cut(`log "${source.pattern}"`, 32));
    for (const ref of alarm.notify) this.edge(from, refId(ref), 'notifies');
  }

  finish(system: string, region: string | undefined): SystemGraph {
    // Edges to entities outside the drawn regions are left out with their node.
    const edges = this.edges
      .filter((edge) => this.nodes.has(edge.from) && this.nodes.has(edge.to))
      .map((edge, index) => ({ ...edge, id: `e${index}` }));
    const used = new Set<string>();
    for (const node of this.nodes.values()) {
      for (let group: string | undefined = node.group; group; group = this.groups.get(group)?.parent) used.add(group);
    }
    return {
      system,
      environment: this.environment,
      ...(region !== undefined ? { region } : {}),
      groups: [...this.groups.values()].filter((group) => used.has(group.id)),
      nodes: [...this.nodes.values()],
      edges,
    };
  }
}

function linesOf(entity: Entity): string[] {
  if (entity.kind !== 'testnet') return [];
  return entity.nodes.map((node) => `${node.name} ×${node.count}`);
}

function containerDetails(container: Container): string[] {
  return [
    container.image ? `image: ${container.image}` : `build: ${container.build?.context ?? '.'}`,
    `resources: ${container.resources.cpu} cpu, ${container.resources.memory}`,
  ];
}

/** The settings a reader wants at a glance, per kind. */
function detailsOf(entity: Entity): string[] {
  switch (entity.kind) {
    case 'database': return databaseDetails(entity);
    case 'cache': return cacheDetails(entity);
    case 'search': return searchDetails(entity);
    case 'table': return tableDetails(entity);
    case 'bucket': return [`versioning: ${entity.versioning}`, ...(entity.public ? ['public: true'] : [])];
    case 'queue': return queueDetails(entity);
    case 'topic': return [`fifo: ${entity.fifo}`, `subscribers: ${entity.subscribers.length}`];
    case 'cdn': return [`origin: ${entity.origin.kind}.${entity.origin.name}`, ...entity.aliases.map((alias) => `alias: ${alias}`), `default TTL: ${seconds(entity.cache.defaultTtlSeconds)}`];
    case 'secret': return entity.description ? [`description: ${cut(entity.description, 80)}`] : [];
    case 'service': return serviceDetails(entity);
    case 'job': return [...containerDetails(entity), ...(entity.schedule ? [`schedule: ${entity.schedule.cron}${entity.schedule.timezone ? ` (${entity.schedule.timezone})` : ''}`] : []), `backoff limit: ${entity.backoffLimit}`, ...(entity.timeoutSeconds ? [`timeout: ${seconds(entity.timeoutSeconds)}`] : [])];
    case 'function': return [`runtime: ${entity.runtime}`, `memory: ${entity.memory} MB`, `timeout: ${seconds(entity.timeoutSeconds)}`, ...(entity.schedule ? [`schedule: ${entity.schedule}`] : []), ...(entity.vpc ? ['in the VPC'] : [])];
    case 'testnet': return [entity.image ? `image: ${entity.image}` : `build: ${entity.build?.context ?? '.'}`, `ha: ${entity.ha}`, `public: ${entity.public}`, ...entity.nodes.map((node) => `${node.name}: ${node.role} ×${node.count}`)];
    case 'alarm': return [`severity: ${entity.severity}`, alarmCondition(entity), ...(entity.description ? [cut(entity.description, 80)] : [])];
    case 'notification': return [...(entity.email ?? []).map((email) => `email: ${email}`), ...(entity.webhook ? ['webhook'] : []), ...(entity.slack ? ['slack'] : []), ...(entity.sms ?? []).map((sms) => `sms: ${sms}`)];
  }
}

const databaseDetails = (db: Database) => [
  `${db.engine} ${db.version}`, `class: ${db.class}`, `storage: ${db.storageGiB} GiB`, `backup: ${db.backup.retentionDays} days`,
  ...(db.highAvailability ? ['high availability'] : []),
  ...(db.replicas ? [`read replicas: ${db.replicas.count} in ${db.replicas.regions.join(', ')}`] : []),
];
const searchDetails = (search: Search) => [`${search.engine} ${search.version}`, `class: ${search.class}`, `nodes: ${search.nodes}`, `storage: ${search.storageGiB} GiB per node`];
const cacheDetails = (cache: Cache) => [`${cache.engine} ${cache.version}`, `class: ${cache.class}`, `nodes: ${cache.nodes}`];
const tableDetails = (table: Table) => [`key: ${table.partitionKey.name}${table.sortKey ? ` + ${table.sortKey.name}` : ''}`, `billing: ${table.billing}`];
const queueDetails = (queue: Queue) => [`fifo: ${queue.fifo}`, `visibility: ${seconds(queue.visibilityTimeoutSeconds)}`, `retention: ${seconds(queue.retentionSeconds)}`, ...(queue.deadLetter ? [`dead letters after ${queue.deadLetter.maxReceives} receives`] : [])];

/** `host/path` for one host and path; the first of each and how many more otherwise. */
function ingressText(ingress: NonNullable<Service['ingress']>): string {
  const more = (count: number, what: string) => (count > 1 ? ` +${count - 1} ${what}` : '');
  return `${ingress.host}${ingress.path}${more(ingress.hosts.length, 'hosts')}${more(ingress.paths.length, 'paths')}`;
}

function serviceDetails(service: Service): string[] {
  const queue = service.autoscale?.queue ? ` on ${service.autoscale.queue.name}` : '';
  const scale = service.autoscale ? `autoscale: ${service.autoscale.min}–${service.autoscale.max}${queue}` : `replicas: ${service.replicas}`;
  return [
    ...containerDetails(service),
    scale,
    ...(service.ports.length ? [`ports: ${service.ports.map((port) => `${port.name} ${port.port}`).join(', ')}`] : []),
    ...(service.ingress ? [`ingress (${service.ingress.visibility}): ${ingressText(service.ingress)}`] : []),
  ];
}

function alarmCondition(alarm: Alarm): string {
  const threshold = alarm.threshold ? ` ${alarm.threshold.comparison} ${alarm.threshold.value}` : '';
  switch (alarm.source.type) {
    case 'metric': return `${alarm.source.metric}${threshold}`;
    case 'log': return cut(`log "${alarm.source.pattern}"${threshold}`, 80);
    case 'probe': return cut(`probe ${alarm.source.url}`, 80);
    case 'expr': return cut(`expr ${alarm.source.expr}`, 80);
  }
}

/** The entities (and the nodes the graph adds) one hop from `ids`: for the picture of a change. */
export function neighbourhood(graph: SystemGraph, ids: ReadonlySet<string>): Set<string> {
  const around = new Set(ids);
  for (const edge of graph.edges) {
    if (ids.has(edge.from)) around.add(edge.to);
    if (ids.has(edge.to)) around.add(edge.from);
  }
  return around;
}
