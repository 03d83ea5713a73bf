/**
 * Stage 2b: the rules a schema cannot express — references, interpolations, cycles, ports,
 * testnet keys, FIFO fan-out, alarm catalogues — each with its own code and the exact span.
 */
import type { z } from 'zod';
import type { entitySchemas } from '../../schema/entities.ts';
import { METRIC_CATALOGUE, type MetricSourceKind } from '../../schema/metrics.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { At } from '../diagnostics/catalogue.ts';
import { onceEach } from '../diagnostics/once.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic, RelatedInformation } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { DataPath } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';
import type { EntityKind } from '../model/types.ts';
import { imageTagSource } from '../model/image-tag.ts';
import { durationSeconds } from '../model/units.ts';
import { isSecretAttribute, testnetKeySecretId, testnetNodeNames } from '../model/wiring.ts';
import { valueAt } from '../data.ts';
import { cronProblem, isTimeZone } from './cron.ts';
import { plainSecretReason } from './plain-secrets.ts';
import { InterpolationParses, isDiagnostic, resolveReference, type DeclaredNames, type ReferenceFieldName, type Resolved } from './references.ts';
import type { DocumentView } from './views.ts';

type Output<K extends keyof typeof entitySchemas> = z.output<(typeof entitySchemas)[K]>;
type ServiceDoc = Output<'services'>;
type JobDoc = Output<'jobs'>;
type ContainerDoc = ServiceDoc | JobDoc | Output<'testnets'>['services'][string];
type BucketSourceEntry = Extract<Output<'functions'>['consumes'][number], { bucket: string }>;
/** A function's `consumes` entry that names a bucket; a bare `bucket.x` means "created". */
type BucketSource = { fnName: string; index: number; source: BucketSourceEntry | { events: Array<'created'> } };

const withArticle = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

export class SemanticChecker {
  private readonly found: Diagnostic[] = [];
  /** A finding about a base definition is made in every environment's view: once is enough. */
  private readonly report = onceEach(this.found);
  private readonly interpolations: InterpolationParses;

  constructor(
    private readonly loaded: LoadedSystem,
    private readonly declared: DeclaredNames,
    private readonly imageTag: string | undefined,
  ) {
    this.interpolations = new InterpolationParses(declared);
  }

  get diagnostics(): Diagnostic[] {
    return this.found;
  }

  /** Runs every rule on one view (the base definitions or one environment). */
  check(view: DocumentView): void {
    new ViewCheck(this.loaded, this.declared, view, this.imageTag, this.report, this.interpolations).run();
  }
}

/**
 * A finding's place, found only when a finding is made: most checks pass, and finding a span costs
 * a walk of the YAML. A class, so that the thousands of checks that pass allocate one small
 * object each rather than an object and three closures.
 */
class LazyAt implements At {
  private source: DataPath | undefined;
  private found: SourceSpan | undefined | null = null;

  constructor(
    private readonly loaded: LoadedSystem,
    private readonly view: DocumentView,
    private readonly dataPath: DataPath,
    private readonly part: 'key' | 'value',
  ) {}

  private sourcePath(): DataPath {
    return (this.source ??= this.view.sourcePath(this.dataPath));
  }

  get span(): SourceSpan | undefined {
    if (this.found === null) this.found = locate(this.loaded, this.sourcePath(), this.part);
    return this.found;
  }

  get path(): string {
    return this.sourcePath().map(String).join('.');
  }
}

class ViewCheck {
  private readonly doc;

  constructor(
    private readonly loaded: LoadedSystem,
    private readonly declared: DeclaredNames,
    private readonly view: DocumentView,
    private readonly imageTag: string | undefined,
    private readonly report: (diagnostic: Diagnostic) => void,
    private readonly interpolations: InterpolationParses,
  ) {
    this.doc = view.document;
  }

  /** Where a finding about `path` points. Lazy: most checks pass, and finding a span costs a walk of the YAML. */
  private at(path: DataPath, part: 'key' | 'value' = 'value'): At {
    return new LazyAt(this.loaded, this.view, path, part);
  }

  private span(path: DataPath, part: 'key' | 'value' = 'value'): SourceSpan | undefined {
    return this.at(path, part).span;
  }

  private resolve(text: string, field: ReferenceFieldName, path: DataPath): Resolved | undefined {
    const resolved = resolveReference(text, field, this.declared, this.at(path));
    if (isDiagnostic(resolved)) {
      this.report(resolved);
      return undefined;
    }
    return resolved;
  }

  /**
   * Checks the `${…}` of a value. `where` says what the value is: an `env:` entry may be exactly
   * one credential attribute (targets deliver it as a secret); nothing else may hold one, and a
   * host name may not interpolate an environment value that is empty.
   */
  private interpolate(text: string, path: DataPath, where: 'env' | 'host' | 'probe URL'): void {
    if (!text.includes('${')) return;
    const parts = this.interpolations.parse(text, (kind, name) => this.attributesOf(kind, name), this.at(path), this.report);
    for (const part of parts) {
      if ('kind' in part && isSecretAttribute(part.kind, part.attribute) && (where !== 'env' || parts.length !== 1)) {
        const what = where === 'env' ? 'a longer env value (it would be written out where plain values go)' : `a ${where}`;
        this.report(catalogue.secretAttributeMisplaced(`${part.kind}.${part.name}.${part.attribute}`, what, this.at(path)));
      }
      if (where === 'host' && 'env' in part && (part.env === 'domain' || part.env === 'account') && this.view.env !== undefined) {
        const environment = this.doc.environments?.[this.view.env];
        if (environment && !environment[part.env]) this.report(catalogue.emptyHostPart(part.env, this.view.env, this.at(path)));
      }
    }
  }

  /** A testnet's attributes are its ports; null when its definition was left out for its own errors. */
  private attributesOf(kind: EntityKind, name: string): readonly string[] | null | undefined {
    if (kind !== 'testnet') return undefined;
    const testnet = this.doc.testnets?.[name];
    return testnet ? Object.keys(testnet.ports) : null;
  }

  run(): void {
    this.checkEnvironments();
    for (const [name, service] of Object.entries(this.doc.services ?? {})) this.checkService(name, service);
    for (const [name, job] of Object.entries(this.doc.jobs ?? {})) this.checkJob(name, job);
    for (const [name, fn] of Object.entries(this.doc.functions ?? {})) this.checkFunction(name, fn);
    for (const [name, topic] of Object.entries(this.doc.topics ?? {})) this.checkTopic(name, topic);
    for (const [name, table] of Object.entries(this.doc.tables ?? {})) this.checkTable(name, table);
    for (const [name, bucket] of Object.entries(this.doc.buckets ?? {})) this.checkBucketNotify(name, bucket);
    for (const [name, database] of Object.entries(this.doc.databases ?? {})) this.checkDatabase(name, database);
    for (const [name, search] of Object.entries(this.doc.search ?? {})) this.checkSearch(name, search);
    for (const [name, cdn] of Object.entries(this.doc.cdns ?? {})) this.checkCdn(name, cdn);
    for (const [name, bucket] of Object.entries(this.doc.buckets ?? {})) {
      if (bucket.public) this.report(catalogue.publicBucket(name, this.at(['buckets', name, 'public'])));
    }
    this.checkTestnets();
    for (const [name, alarm] of Object.entries(this.doc.alarms ?? {})) this.checkAlarm(name, alarm);
    this.checkCycles();
    this.checkQueueConsumers();
  }

  /** Override keys name declared environments; placements stay inside the environment's regions. */
  private checkEnvironments(): void {
    const environments = this.doc.environments ?? {};
    const declared = Object.keys(environments);
    for (const [collection, entities] of Object.entries(this.doc)) {
      if (!entities || typeof entities !== 'object' || collection === 'environments' || collection === 'targets') continue;
      for (const [name, entity] of Object.entries(entities as Record<string, unknown>)) {
        if (!entity || typeof entity !== 'object') continue;
        const overrides = (entity as { environments?: Record<string, unknown> }).environments;
        if (this.view.env === undefined) {
          for (const env of Object.keys(overrides ?? {})) {
            if (!(env in environments)) {
              this.report(catalogue.unknownEnvironment(env, declared, this.at([collection, name, 'environments', env], 'key'), closest(env, declared)));
            }
          }
        }
        const placement = (entity as { regions?: unknown }).regions;
        if (this.view.env !== undefined && collection !== 'testnets' && Array.isArray(placement)) {
          const envRegions = environments[this.view.env]?.regions ?? [];
          placement.forEach((region: string, index) => {
            if (!envRegions.includes(region as never)) {
              this.report(catalogue.regionNotInEnvironment(region, this.view.env!, envRegions, this.at([collection, name, 'regions', index])));
            }
          });
        }
      }
    }
    if (this.view.env === undefined) {
      for (const [env, definition] of Object.entries(environments)) {
        if (definition.kubernetes !== undefined) this.report(catalogue.envKubernetesMoved(env, this.at(['environments', env, 'kubernetes'], 'key')));
        for (const [variable, value] of Object.entries(definition.vars)) {
          this.checkPlainSecret(variable, value, `environment "${env}"`, ['environments', env, 'vars', variable]);
        }
      }
    }
  }

  private checkContainer(collection: string, name: string, workload: ContainerDoc, label: string, path: DataPath = [collection, name]): void {
    const hasImage = workload.image !== undefined;
    const hasBuild = workload.build !== undefined;
    if (hasImage === hasBuild) this.report(catalogue.imageRequired(label, hasImage, this.at(hasImage ? [...path, 'build'] : path, 'key')));
    // every declared environment deploys its workloads; the local stack tags its builds `local`
    if (hasBuild && this.view.env !== undefined && !imageTagSource(this.doc, this.view.env, this.imageTag)) {
      this.report(catalogue.imageTagRequired(label, this.view.env, this.at([...path, 'build'], 'key')));
    }
    workload.uses.forEach((ref, index) => this.resolve(ref, 'uses', [...path, 'uses', index]));
    workload.publishes.forEach((ref, index) => this.resolve(ref, 'publishes', [...path, 'publishes', index]));
    workload.consumes.forEach((ref, index) => {
      const text = typeof ref === 'string' ? ref : ref.queue;
      this.resolve(text, 'consumes', typeof ref === 'string' ? [...path, 'consumes', index] : [...path, 'consumes', index, 'queue']);
    });
    for (const [variable, ref] of Object.entries(workload.secrets)) this.resolve(ref, 'secrets', [...path, 'secrets', variable]);
    for (const [variable, value] of Object.entries(workload.env)) {
      if (typeof value === 'string') this.interpolate(value, [...path, 'env', variable], 'env');
      this.checkPlainSecret(variable, value, label, [...path, 'env', variable]);
    }
  }

  /**
   * Env values reach every target's output (ConfigMaps, compose files, serverless.yml, plugins),
   * so a credential among them is reported once here, at the line that wrote it.
   */
  private checkPlainSecret(variable: string, value: string | number | boolean, label: string, path: DataPath): void {
    const reason = plainSecretReason(variable, value);
    if (reason) this.report(catalogue.plainSecret(variable, label, reason, this.at(path)));
  }

  private checkPorts(ports: Record<string, number | { port: number; protocols: string[] }>, label: string, path: DataPath): void {
    // Where each port is, looked up only for a duplicate.
    const used = new Map<string, At>();
    for (const [portName, spec] of Object.entries(ports)) {
      const number = typeof spec === 'number' ? spec : spec.port;
      const protocols = typeof spec === 'number' ? ['tcp'] : spec.protocols;
      const at = this.at([...path, portName], 'key');
      for (const protocol of protocols) {
        const key = `${protocol}/${number}`;
        const firstAt = used.get(key);
        if (firstAt) {
          const span = at.span;
          const first = firstAt.span;
          this.report(first ? catalogue.duplicatePort(number, protocol, label, { span, path: [...path, portName].join('.') }, first) : catalogue.duplicatePort(number, protocol, label, { span }, span!));
        } else {
          used.set(key, at);
        }
      }
    }
  }

  /** min ≤ max; a queue the service scales on is one it consumes (its role may read the depth only then). */
  private checkAutoscale(service: ServiceDoc, label: string, path: DataPath): void {
    const autoscale = service.autoscale!;
    if (autoscale.min > autoscale.max) {
      this.report(catalogue.invalidAutoscale(`${label}: autoscale min ${autoscale.min} is above max ${autoscale.max}`, this.at([...path, 'min'])));
    }
    if (autoscale.messagesPerReplica !== undefined && autoscale.queue === undefined) {
      this.report(catalogue.invalidAutoscale(`${label}: autoscale has messagesPerReplica but no queue`, this.at([...path, 'messagesPerReplica'], 'key')));
    }
    if (autoscale.queue === undefined) return;
    const queue = this.resolve(autoscale.queue, 'autoscaleQueue', [...path, 'queue']);
    if (!queue) return;
    const consumed = service.consumes.some((ref) => {
      const text = typeof ref === 'string' ? ref : ref.queue;
      return text === queue.name || text === `queue.${queue.name}`;
    });
    if (!consumed) this.report(catalogue.autoscaleQueueNotConsumed(label, queue.name, this.at([...path, 'queue'])));
  }

  /** Replica regions are regions of the environment. */
  private checkDatabase(name: string, database: Output<'databases'>): void {
    const envRegions = this.view.env !== undefined ? this.doc.environments[this.view.env]?.regions ?? [] : undefined;
    if (!envRegions) return;
    database.replicas?.regions?.forEach((region, index) => {
      if (!envRegions.includes(region)) this.report(catalogue.regionNotInEnvironment(region, this.view.env!, envRegions, this.at(['databases', name, 'replicas', 'regions', index])));
    });
  }

  /** More than one data node spreads over two zones: the count must split evenly. */
  private checkSearch(name: string, search: Output<'search'>): void {
    if (search.nodes > 1 && search.nodes % 2 === 1) this.report(catalogue.searchNodesUneven(name, search.nodes, this.at(['search', name, 'nodes'])));
  }

  /** The origin is a bucket or a service CloudFront can reach: one with a public ingress. */
  private checkCdn(name: string, cdn: Output<'cdns'>): void {
    cdn.aliases.forEach((alias, index) => this.interpolate(alias, ['cdns', name, 'aliases', index], 'host'));
    const origin = this.resolve(cdn.origin, 'cdnOrigin', ['cdns', name, 'origin']);
    if (origin?.kind !== 'service') return;
    const ingress = this.doc.services?.[origin.name]?.ingress;
    if (ingress?.visibility !== 'public') this.report(catalogue.cdnOriginNotPublic(name, origin.name, this.at(['cdns', name, 'origin'])));
  }

  private checkService(name: string, service: ServiceDoc): void {
    const label = `service "${name}"`;
    const path = ['services', name];
    this.checkContainer('services', name, service, label);
    this.checkPorts(service.ports, label, [...path, 'ports']);
    const portNames = Object.keys(service.ports);
    if (service.replicas !== undefined && service.autoscale) {
      this.report(catalogue.conflictingKeys('replicas', 'autoscale', label, this.at([...path, 'autoscale'], 'key')));
    }
    if (service.autoscale) this.checkAutoscale(service, label, [...path, 'autoscale']);
    if (service.health) {
      const { http, command, port } = service.health;
      if ((http === undefined) === (command === undefined)) this.report(catalogue.invalidHealth(label, this.at([...path, 'health'], 'key')));
      if (port !== undefined && !portNames.includes(port)) this.report(catalogue.unknownPort(port, label, portNames, this.at([...path, 'health', 'port'])));
      if (http !== undefined && port === undefined && portNames.length === 0) {
        this.report(catalogue.unknownPort(undefined, label, portNames, this.at([...path, 'health', 'http'])));
      }
    }
    if (service.ingress) this.checkIngress(service.ingress, portNames, label, [...path, 'ingress'], this.regionCount(service.regions));
    service.dependsOn.forEach((ref, index) => this.resolve(ref, 'dependsOn', [...path, 'dependsOn', index]));
  }

  /** One of `host`/`hosts`, one of `path`/`paths`, each host and path once, every port declared. */
  /** How many regions of this view's environment an entity placed with `regions` runs in (the base: one). */
  private regionCount(placement: 'all' | string[] | undefined): number {
    const regions = this.view.env !== undefined ? this.doc.environments?.[this.view.env]?.regions ?? [] : [];
    if (placement === 'all') return regions.length;
    return placement === undefined ? 1 : regions.filter((region) => placement.includes(region)).length;
  }

  private checkIngress(ingress: NonNullable<ServiceDoc['ingress']>, portNames: string[], label: string, path: DataPath, regionCount: number): void {
    const written = (key: string) => valueAt(this.loaded.data, this.view.sourcePath([...path, key])) !== undefined;
    const conflicting = (one: string, many: string) => {
      if (!written(one) || !written(many)) return;
      // an override that writes one of the two merges into a base definition that wrote the other
      const inOverride = (key: string) => this.view.sourcePath([...path, key]).length > path.length + 1;
      const [base, override] = inOverride(one) === inOverride(many) ? [one, many] : inOverride(one) ? [many, one] : [one, many];
      const inherited = this.view.env !== undefined && inOverride(override) && !inOverride(base) ? { env: this.view.env, span: this.span([...path, base], 'key') } : undefined;
      this.report(catalogue.conflictingKeys(base, override, `the ingress of ${label}`, this.at([...path, override], 'key'), inherited));
    };
    conflicting('host', 'hosts');
    if (!written('host') && !written('hosts')) this.report(catalogue.invalidIngress(`the ingress of ${label} names no host`, this.at(path, 'key'), 'add `host: app.example.com` or `hosts: [app.example.com, www.example.com]`'));
    conflicting('path', 'paths');
    const checkPort = (port: string | undefined, portPath: DataPath) => {
      if (port !== undefined && !portNames.includes(port)) this.report(catalogue.unknownPort(port, label, portNames, this.at(portPath)));
    };
    checkPort(ingress.port, [...path, 'port']);
    const seenHosts = new Set<string>();
    (ingress.hosts ?? (ingress.host !== undefined ? [ingress.host] : [])).forEach((host, index) => {
      const hostPath = ingress.hosts ? [...path, 'hosts', index] : [...path, 'host'];
      if (seenHosts.has(host)) this.report(catalogue.invalidIngress(`the ingress of ${label} names host "${host}" twice`, this.at(hostPath)));
      seenHosts.add(host);
      this.interpolate(host, hostPath, 'host');
      // a host name is one per environment: in every region it would be the primary region's
      if (regionCount > 1 && /\$\{\s*env\.region\s*\}/.test(host)) this.report(catalogue.envRegionInHost(label, this.view.env!, regionCount, this.at(hostPath)));
    });
    const seenPaths = new Set<string>();
    (ingress.paths ?? []).forEach((entry, index) => {
      if (seenPaths.has(entry.path)) this.report(catalogue.invalidIngress(`the ingress of ${label} routes path "${entry.path}" twice`, this.at([...path, 'paths', index, 'path'])));
      seenPaths.add(entry.path);
      checkPort(entry.port, [...path, 'paths', index, 'port']);
    });
    const everyPathHasPort = ingress.port !== undefined || (ingress.paths?.every((entry) => entry.port !== undefined) ?? false);
    if (!everyPathHasPort && portNames.length === 0) this.report(catalogue.unknownPort(undefined, label, portNames, this.at(path, 'key')));
  }

  private checkJob(name: string, job: JobDoc): void {
    this.checkContainer('jobs', name, job, `job "${name}"`);
    job.before.forEach((ref, index) => this.resolve(ref, 'before', ['jobs', name, 'before', index]));
    if (job.schedule !== undefined) this.checkJobSchedule(name, job);
  }

  /** The cron at its line; a scheduled job runs on its own clock, so no service can wait for it. */
  private checkJobSchedule(name: string, job: JobDoc): void {
    const path = ['jobs', name, 'schedule'];
    const schedule = typeof job.schedule === 'string' ? { cron: job.schedule } : job.schedule!;
    const cronPath = typeof job.schedule === 'string' ? path : [...path, 'cron'];
    const problem = cronProblem(schedule.cron);
    if (problem) this.report(catalogue.invalidSchedule(name, problem, this.at(cronPath)));
    if ('timezone' in schedule && schedule.timezone !== undefined && !isTimeZone(schedule.timezone)) {
      this.report(catalogue.invalidTimeZone(name, schedule.timezone, this.at([...path, 'timezone'])));
    }
    if (job.before.length > 0) this.report(catalogue.conflictingKeys('schedule', 'before', `job "${name}"`, this.at(['jobs', name, 'before'], 'key')));
  }

  private checkFunction(name: string, fn: Output<'functions'>): void {
    const path = ['functions', name];
    const label = `function "${name}"`;
    if (fn.handler !== undefined && fn.image !== undefined) this.report(catalogue.conflictingKeys('handler', 'image', label, this.at([...path, 'image'], 'key')));
    else if (fn.handler === undefined && fn.image === undefined) this.report(catalogue.functionCodeRequired(name, this.at(path, 'key')));
    if (fn.image !== undefined && fn.runtime !== undefined) this.report(catalogue.conflictingKeys('image', 'runtime', label, this.at([...path, 'runtime'], 'key')));
    fn.uses.forEach((ref, index) => this.resolve(ref, 'uses', [...path, 'uses', index]));
    fn.publishes.forEach((ref, index) => this.resolve(ref, 'publishes', [...path, 'publishes', index]));
    fn.consumes.forEach((ref, index) => {
      if (typeof ref !== 'string' && 'bucket' in ref) return void this.resolve(ref.bucket, 'bucketSource', [...path, 'consumes', index, 'bucket']);
      const text = typeof ref === 'string' ? ref : ref.queue;
      const refPath = typeof ref === 'string' ? [...path, 'consumes', index] : [...path, 'consumes', index, 'queue'];
      const resolved = this.resolve(text, typeof ref === 'string' ? 'functionConsumes' : 'consumes', refPath);
      const queue = resolved && this.doc.queues?.[resolved.name];
      if (queue && durationSeconds(queue.visibilityTimeout) < durationSeconds(fn.timeout)) {
        // Either value may come from an environment override: show where each was set.
        const related: RelatedInformation[] = [
          { message: `visibility timeout of queue "${resolved.name}"`, span: this.span(['queues', resolved.name, 'visibilityTimeout']) },
          { message: `timeout of function "${name}"`, span: this.span([...path, 'timeout']) },
        ].filter((entry): entry is RelatedInformation => entry.span !== undefined);
        this.report(catalogue.queueVisibilityTooShort(resolved.name, queue.visibilityTimeout, name, fn.timeout, this.at(refPath), related));
      }
    });
    for (const [variable, ref] of Object.entries(fn.secrets)) this.resolve(ref, 'secrets', [...path, 'secrets', variable]);
    for (const [variable, value] of Object.entries(fn.env)) {
      if (typeof value === 'string') this.interpolate(value, [...path, 'env', variable], 'env');
      this.checkPlainSecret(variable, value, `function "${name}"`, [...path, 'env', variable]);
    }
    if (typeof fn.authorizer === 'string') {
      const resolved = this.resolve(fn.authorizer, 'authorizer', [...path, 'authorizer']);
      if (resolved?.name === name) this.report(catalogue.invalidFormat(`function "${name}" cannot be its own authorizer`, this.at([...path, 'authorizer'])));
    }
  }

  private checkTopic(name: string, topic: Output<'topics'>): void {
    topic.subscribers.forEach((subscriber, index) => {
      const path = ['topics', name, 'subscribers', index, 'queue'];
      const resolved = this.resolve(subscriber.queue, 'subscribers', path);
      const queue = resolved && this.doc.queues?.[resolved.name];
      if (queue && queue.fifo !== topic.fifo) this.report(catalogue.fifoMismatch(name, topic.fifo, resolved.name, this.at(path)));
    });
  }

  /** Each `notify` entry names exactly one function, queue or topic that exists, and says it once. */
  private bucketSourceIndex: Map<string, BucketSource[]> | undefined;

  /**
   * Bucket name → the functions' `consumes` entries that name it (`bucket.x`, or `{ bucket: x }`
   * with or without the kind), in function then entry order. Indexed once per view: scanning every
   * function for every bucket was quadratic.
   */
  private bucketSources(): Map<string, BucketSource[]> {
    if (this.bucketSourceIndex) return this.bucketSourceIndex;
    const index = new Map<string, BucketSource[]>();
    const add = (bucket: string, source: BucketSource) => {
      const list = index.get(bucket);
      if (list) list.push(source);
      else index.set(bucket, [source]);
    };
    for (const [fnName, fn] of Object.entries(this.doc.functions ?? {})) {
      fn.consumes.forEach((ref, position) => {
        if (typeof ref === 'string') {
          if (ref.startsWith('bucket.')) add(ref.slice('bucket.'.length), { fnName, index: position, source: { events: ['created'] } });
        } else if ('bucket' in ref) {
          add(ref.bucket, { fnName, index: position, source: ref });
          if (ref.bucket.startsWith('bucket.')) add(ref.bucket.slice('bucket.'.length), { fnName, index: position, source: ref });
        }
      });
    }
    return (this.bucketSourceIndex = index);
  }

  private checkBucketNotify(name: string, bucket: Output<'buckets'>): void {
    const seen = new Map<string, DataPath>();
    const entries: Array<{ entry: Output<'buckets'>['notify'][number]; path: DataPath }> = bucket.notify.map((entry, index) => ({ entry, path: ['buckets', name, 'notify', index] }));
    // A function's `consumes: [bucket.x]` says the same as an entry here: both count once.
    for (const { fnName, index, source } of this.bucketSources().get(name) ?? []) {
      entries.push({ entry: { ...source, function: fnName }, path: ['functions', fnName, 'consumes', index] });
    }
    entries.forEach(({ entry, path }, index) => {
      if (path[0] === 'functions') {
        const identity = JSON.stringify(['function', entry.function, [...new Set(entry.events)].sort(), entry.prefix ?? '', entry.suffix ?? '']);
        const first = seen.get(identity);
        const firstSpan = first && this.span(first);
        if (first) this.report(catalogue.invalidBucketNotify(`bucket "${name}" notifies function "${entry.function}" of the same events twice`, this.at(path), 'say it once: in the bucket\'s `notify` or in the function\'s `consumes`', firstSpan ? [{ message: 'first here', span: firstSpan }] : []));
        else seen.set(identity, path);
        return;
      }
      const targets = (['function', 'queue', 'topic'] as const).filter((key) => entry[key] !== undefined);
      if (targets.length === 0) return void this.report(catalogue.invalidBucketNotify(`bucket "${name}": notify entry ${index + 1} names no function, queue or topic`, this.at(path), 'add one of `function: <name>`, `queue: <name>`, `topic: <name>`'));
      if (targets.length > 1) return void this.report(catalogue.conflictingKeys(targets[0]!, targets[1]!, `notify entry ${index + 1} of bucket "${name}"`, this.at([...path, targets[1]!], 'key')));
      const key = targets[0]!;
      const field = key === 'function' ? 'notifyFunction' : key === 'queue' ? 'notifyQueue' : 'notifyTopic';
      const resolved = this.resolve(entry[key]!, field, [...path, key]);
      if (!resolved) return;
      const identity = JSON.stringify([resolved.kind, resolved.name, [...new Set(entry.events)].sort(), entry.prefix ?? '', entry.suffix ?? '']);
      const first = seen.get(identity);
      if (first) {
        const firstSpan = this.span(first);
        this.report(catalogue.invalidBucketNotify(`bucket "${name}" notifies ${resolved.kind} "${resolved.name}" of the same events twice`, this.at(path), 'keep one of the two entries', firstSpan ? [{ message: 'first here', span: firstSpan }] : []));
      } else {
        seen.set(identity, path);
      }
    });
  }

  private checkTable(name: string, table: Output<'tables'>): void {
    const provisioned = table.billing === 'provisioned';
    if (provisioned !== (table.capacity !== undefined)) {
      this.report(catalogue.provisionedCapacity(name, table.capacity !== undefined, this.at(['tables', name, provisioned ? 'billing' : 'capacity'], provisioned ? 'value' : 'key')));
    }
  }

  private checkTestnets(): void {
    const keyOwners = new Map<string, SourceSpan | undefined>();
    for (const [name, testnet] of Object.entries(this.doc.testnets ?? {})) {
      const path = ['testnets', name];
      const label = `testnet "${name}"`;
      this.checkPorts(testnet.ports, label, [...path, 'ports']);
      const regions = testnet.regions ?? (this.view.env ? this.doc.environments?.[this.view.env]?.regions : undefined);
      if (testnet.ha && regions && regions.length < 3) {
        const envRegions = testnet.regions ? undefined : this.span(['environments', this.view.env!, 'regions']);
        const related = envRegions ? [{ message: `the regions of environment "${this.view.env}", which the testnet takes`, span: envRegions }] : [];
        this.report(catalogue.testnetHaRegions(name, regions.length, this.at(testnet.regions ? [...path, 'regions'] : [...path, 'ha'], testnet.regions ? 'value' : 'key'), related));
      }
      for (const [group, node] of Object.entries(testnet.nodes)) {
        const nodePath = [...path, 'nodes', group];
        const keyed = node.keyed ?? node.role === 'producer';
        if (keyed && !testnet.keys) this.report(catalogue.testnetKeysMissing(name, group, this.at(nodePath, 'key')));
        if (keyed && testnet.keys) {
          for (const nodeName of testnetNodeNames(group, node.count)) {
            const secret = testnetKeySecretId(testnet.keys.secretPrefix, nodeName);
            const span = this.span(nodePath, 'key');
            if (keyOwners.has(secret)) this.report(catalogue.testnetSharedKey(secret, { span }, keyOwners.get(secret) ?? span!));
            else keyOwners.set(secret, span);
          }
        }
        if (node.role === 'worker') {
          const coordinators = Object.keys(testnet.nodes).filter((other) => testnet.nodes[other]!.role === 'coordinator');
          const hint = coordinators.length
            ? `coordinator groups of ${label}: ${coordinators.join(', ')}`
            : 'add a node group with `role: coordinator` and name it in `coordinator:`';
          if (node.coordinator === undefined) {
            this.report(catalogue.testnetWorkerCoordinator(`worker pool "${group}" of ${label} names no coordinator`, this.at(nodePath, 'key'), hint));
          } else {
            const target = testnet.nodes[node.coordinator];
            if (target?.role !== 'coordinator') {
              this.report(catalogue.testnetWorkerCoordinator(
                target ? `"${node.coordinator}" is ${withArticle(target.role)}, not a coordinator` : `${label} has no node group "${node.coordinator}"`,
                this.at([...nodePath, 'coordinator']),
                hint,
              ));
            }
          }
        } else if (node.coordinator !== undefined) {
          this.report(catalogue.testnetWorkerCoordinator(`only worker pools take "coordinator"; "${group}" is ${withArticle(node.role)}`, this.at([...nodePath, 'coordinator'], 'key'), 'remove it, or set `role: worker`'));
        }
        if (node.workSelection !== undefined && node.role !== 'coordinator') {
          this.report(catalogue.testnetWorkerCoordinator(`only coordinators take "workSelection"; "${group}" is ${withArticle(node.role)}`, this.at([...nodePath, 'workSelection'], 'key'), 'remove it, or set `role: coordinator`'));
        }
      }
      for (const [serviceName, service] of Object.entries(testnet.services)) {
        const servicePath = [...path, 'services', serviceName];
        const serviceLabel = `service "${serviceName}" of ${label}`;
        this.checkContainer('testnets', name, service, serviceLabel, servicePath);
        this.checkPorts(service.ports, serviceLabel, [...servicePath, 'ports']);
      }
    }
  }

  private checkAlarm(name: string, alarm: Output<'alarms'>): void {
    const path = ['alarms', name];
    const sources = (['metric', 'log', 'probe', 'expr'] as const).filter((key) => alarm[key] !== undefined);
    if (sources.length !== 1) {
      this.report(catalogue.invalidAlarm(name, sources.length ? `sets ${sources.join(' and ')}; an alarm watches one thing` : 'watches nothing', this.at(path, 'key'), 'give exactly one of `metric` (with `on`), `log` (with `on`), `probe` or `expr`'));
      return;
    }
    const source = sources[0]!;
    if (source === 'metric' || source === 'log') {
      if (alarm.on === undefined) {
        this.report(catalogue.invalidAlarm(name, `a ${source} alarm needs "on"`, this.at(path, 'key'), 'name the entity it watches, e.g. `on: function.api`'));
        return;
      }
      const resolved = this.resolve(alarm.on, source === 'metric' ? 'metricOn' : 'logOn', [...path, 'on']);
      if (resolved && source === 'metric') {
        const metrics = METRIC_CATALOGUE[resolved.kind as MetricSourceKind];
        if (!(metrics as readonly string[]).includes(alarm.metric!)) {
          this.report(catalogue.unknownMetric(alarm.metric!, resolved.kind, metrics, this.at([...path, 'metric']), closest(alarm.metric!, metrics)));
        }
      }
      if (source === 'metric' && alarm.threshold === undefined) {
        this.report(catalogue.invalidAlarm(name, 'a metric alarm needs "threshold"', this.at(path, 'key'), 'e.g. `threshold: "> 0"`'));
      }
    } else if (alarm.on !== undefined) {
      this.report(catalogue.invalidAlarm(name, `a ${source} alarm takes no "on"`, this.at([...path, 'on'], 'key')));
    }
    if (source === 'expr' && alarm.threshold !== undefined) {
      this.report(catalogue.invalidAlarm(name, 'an expr alarm takes no "threshold": the expression is the condition', this.at([...path, 'threshold'], 'key')));
    }
    if (source !== 'expr' && alarm.for !== undefined) {
      this.report(catalogue.invalidAlarm(name, '"for" belongs to expr alarms; use "period" and "evaluationPeriods"', this.at([...path, 'for'], 'key')));
    }
    if (source === 'probe') this.interpolate(alarm.probe!, [...path, 'probe'], 'probe URL');
    alarm.notify.forEach((ref, index) => this.resolve(ref, 'notify', [...path, 'notify', index]));
  }

  /** `dependsOn` (service → service) and `before` (job → service, i.e. the service waits) cycles. */
  private checkCycles(): void {
    // Where each edge is written, looked up only for a cycle.
    type Edge = { to: string; at: At };
    const graph = new Map<string, Edge[]>();
    const add = (from: string, to: string, at: At) => {
      const edges = graph.get(from) ?? [];
      edges.push({ to, at });
      graph.set(from, edges);
    };
    const serviceName = (ref: string) => (ref.startsWith('service.') ? ref.slice(8) : ref);
    for (const [name, service] of Object.entries(this.doc.services ?? {})) {
      service.dependsOn.forEach((ref, index) => add(`service.${name}`, `service.${serviceName(ref)}`, this.at(['services', name, 'dependsOn', index])));
    }
    for (const [name, job] of Object.entries(this.doc.jobs ?? {})) {
      job.before.forEach((ref, index) => add(`service.${serviceName(ref)}`, `job.${name}`, this.at(['jobs', name, 'before', index])));
    }
    const state = new Map<string, 'active' | 'done'>();
    const stack: Array<{ node: string; at?: At }> = [];
    const reported = new Set<string>();
    const visitNode = (node: string): void => {
      state.set(node, 'active');
      for (const edge of graph.get(node) ?? []) {
        if (state.get(edge.to) === 'active') {
          const start = stack.findIndex((entry) => entry.node === edge.to);
          const nodes = [...stack.slice(start).map((entry) => entry.node), edge.to];
          const key = [...nodes.slice(0, -1)].sort().join(',');
          if (!reported.has(key)) {
            reported.add(key);
            const related: RelatedInformation[] = stack.slice(start + 1).flatMap((entry) => {
              const span = entry.at?.span;
              return span ? [{ message: `${entry.node} is reached here`, span }] : [];
            });
            const span = edge.at.span;
            this.report(catalogue.dependencyCycle(nodes, span ? { span } : {}, related));
          }
        } else if (!state.has(edge.to)) {
          stack.push({ node: edge.to, at: edge.at });
          visitNode(edge.to);
          stack.pop();
        }
      }
      state.set(node, 'done');
    };
    for (const node of [...graph.keys()].sort()) {
      if (state.has(node)) continue;
      stack.push({ node });
      visitNode(node);
      stack.pop();
    }
  }

  private checkQueueConsumers(): void {
    // Where each consumer is, looked up only for a queue with two.
    const consumers = new Map<string, Array<{ fn: string; at: At }>>();
    for (const [name, fn] of Object.entries(this.doc.functions ?? {})) {
      fn.consumes.forEach((ref, index) => {
        if (typeof ref !== 'string' && 'bucket' in ref) return;
        const text = typeof ref === 'string' ? ref : ref.queue;
        if (text.startsWith('bucket.')) return;
        const queue = text.startsWith('queue.') ? text.slice(6) : text;
        const path = typeof ref === 'string' ? ['functions', name, 'consumes', index] : ['functions', name, 'consumes', index, 'queue'];
        consumers.set(queue, [...(consumers.get(queue) ?? []), { fn: name, at: this.at(path) }]);
      });
    }
    for (const [queue, list] of consumers) {
      if (list.length < 2) continue;
      const [first, ...rest] = list;
      for (const other of rest) {
        const span = other.at.span;
        const firstSpan = first!.at.span;
        this.report(catalogue.queueMultipleConsumers(queue, [`function "${first!.fn}"`, `function "${other.fn}"`], span ? { span } : {}, firstSpan ? [{ message: 'also consumed here', span: firstSpan }] : []));
      }
    }
  }
}
