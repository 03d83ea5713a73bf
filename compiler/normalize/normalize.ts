/**
 * Stage 3: the target-neutral `SystemModel`. One `ResolvedSystem` per environment (overrides
 * merged, regions resolved, `${env.*}`/`${system}` substituted, references turned into
 * `EntityRef`s) plus the base definitions for the local stack. Runs only on valid input.
 */
import type { z } from 'zod';
import type { entitySchemas } from '../../schema/entities.ts';
import type { SystemDocument } from '../../schema/system.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { DataPath } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';
import type * as M from '../model/types.ts';
import { ENTITY_COLLECTIONS } from '../model/types.ts';
import { isPlainObject } from '../data.ts';
import { overridePointer } from '../overrides.ts';
import { imageTagSource } from '../model/image-tag.ts';
import { templateText } from '../model/templates.ts';
import { durationSeconds, quantityBytes } from '../model/units.ts';
import { ENV_ATTRIBUTES, InterpolationParses, resolveReference, type DeclaredNames, type ReferenceFieldName } from '../validate/references.ts';
import type { DocumentView } from '../validate/views.ts';
import { classChoice, written } from '../clouds/choice.ts';
import { cloudOf } from '../clouds/check.ts';
import type { CloudCatalogues } from '../clouds/registry.ts';
import type { ClassedKind, CloudCatalogue } from '../clouds/types.ts';

type Output<K extends keyof typeof entitySchemas> = z.output<(typeof entitySchemas)[K]>;
/** What a container's entity is before its own fields: where it is written and its extensions. */
type ContainerBase<K extends 'service' | 'job'> = Pick<M.Service | M.Job, 'name' | 'span' | 'fieldSpans' | 'extensions'> & { kind: K };

/** Values `${env.*}` takes in the base model (the local stack). */
const LOCAL_ENVIRONMENT = { name: 'local', domain: 'localhost', account: '000000000000' };
const ENGINE_PORTS = { mysql: 3306, postgres: 5432 } as const;
const ignore = () => {};
const ZERO_SPAN = { file: '', start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };

const extensionKeys = (map: Record<string, unknown>) => Object.keys(map).filter((key) => key.startsWith('x-')).sort();

const sortedEntries = <T>(map: Record<string, T> | undefined): Array<[string, T]> =>
  Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Declared egress, the short form expanded, deduplicated and sorted (cidr, port, protocol). */
function egressRules(entries: Output<'services'>['egress']): M.Egress[] {
  const rules = entries.map((entry): M.Egress => (typeof entry === 'number' ? { cidr: '0.0.0.0/0', port: entry, protocol: 'tcp' } : { ...entry }));
  const key = (rule: M.Egress) => `${rule.cidr}|${String(rule.port).padStart(5, '0')}|${rule.protocol}`;
  const unique = new Map(rules.map((rule) => [key(rule), rule]));
  return [...unique.keys()].sort().map((k) => unique.get(k)!);
}

function jobSchedule(schedule: NonNullable<Output<'jobs'>['schedule']>): M.JobSchedule {
  if (typeof schedule === 'string') return { cron: schedule.trim(), concurrency: 'forbid', keepSucceeded: 3, keepFailed: 1 };
  return {
    cron: schedule.cron.trim(),
    ...(schedule.timezone !== undefined ? { timezone: schedule.timezone } : {}),
    concurrency: schedule.concurrency,
    keepSucceeded: schedule.keepSucceeded,
    keepFailed: schedule.keepFailed,
    ...(schedule.startingDeadline !== undefined ? { startingDeadlineSeconds: durationSeconds(schedule.startingDeadline) } : {}),
  };
}

class ViewNormalizer {
  private readonly doc: SystemDocument;
  private readonly envName: string;
  private readonly envRegions: string[];
  private readonly cloudId: string;
  /** What `${env.*}` stands for in this view. */
  private readonly envValues: Record<(typeof ENV_ATTRIBUTES)[number], string>;

  constructor(
    private readonly loaded: LoadedSystem,
    private readonly declared: DeclaredNames,
    private readonly view: DocumentView,
    private readonly imageTagOption: string | undefined,
    /** The catalogue of the view's cloud; undefined only while a plugin's cloud is not loaded yet. */
    private readonly cloud: CloudCatalogue | undefined,
    /** Shared by every view's normalizer: most values parse the same in each. */
    private readonly interpolations: InterpolationParses,
    /** Shared too: collection → entity name → the spans of its fields as the base definition wrote them. */
    private readonly sharedFieldSpans: Map<string, Map<string, Record<string, SourceSpan>>>,
  ) {
    this.doc = view.document;
    const environment = view.env ? this.doc.environments[view.env] : undefined;
    this.envName = view.env ?? LOCAL_ENVIRONMENT.name;
    this.cloudId = cloudOf(view).id;
    this.envRegions = environment ? [...environment.regions] : [defaultRegion(this.doc, cloud)];
    this.envValues = {
      name: this.envName,
      domain: environment ? environment.domain ?? '' : LOCAL_ENVIRONMENT.domain,
      region: this.envRegions[0]!,
      account: environment ? environment.account ?? '' : LOCAL_ENVIRONMENT.account,
    };
  }

  /** The class a `class:` or `size:` chose, as the cloud names it, and the size when one chose it. */
  private instanceClass(kind: ClassedKind, collection: string, name: string, entity: { class?: string; size?: M.InstanceSize }): { class: string; size?: M.InstanceSize } {
    const choice = classChoice(this.view, collection, name, entity);
    if ('class' in choice) return { class: choice.class };
    if ('size' in choice) return { class: this.cloud?.classes[kind]?.sizes[choice.size] ?? '', size: choice.size };
    return { class: '' };
  }

  /** Written `resources` win; a size fills in what they leave out. */
  private resources(name: string, workload: Output<'services'>): { resources: { cpu: string; memory: string }; size?: M.InstanceSize } {
    const sized = workload.size !== undefined ? this.cloud?.serviceSizes?.[workload.size] : undefined;
    if (!sized) return { resources: { cpu: String(workload.resources.cpu), memory: workload.resources.memory } };
    const pick = (field: 'cpu' | 'memory') => (written(this.view, this.loaded.data, ['services', name, 'resources', field]) ? String(workload.resources[field]) : sized[field]);
    return { resources: { cpu: pick('cpu'), memory: pick('memory') }, size: workload.size! };
  }

  private span(path: DataPath, part: 'key' | 'value' = 'value'): SourceSpan {
    return locate(this.loaded, this.view.sourcePath(path), part) ?? ZERO_SPAN;
  }

  private extensions(collection: string, name: string): Record<string, unknown> {
    const raw = (this.loaded.data[collection] as Record<string, Record<string, unknown>> | undefined)?.[name] ?? {};
    const found: Record<string, unknown> = {};
    // Most entities have none: only the `x-` keys are sorted.
    for (const key of extensionKeys(raw)) found[key] = raw[key];
    const override = (raw.environments as Record<string, Record<string, unknown>> | undefined)?.[this.view.env ?? ''];
    if (override) for (const key of extensionKeys(override)) found[key] = override[key];
    return found;
  }

  /** Where each field written on the entity is (inside this environment's override when it sets it). */
  private fieldSpans(collection: string, name: string): Record<string, SourceSpan> {
    const raw = (this.loaded.data[collection] as Record<string, unknown> | undefined)?.[name];
    if (!raw || typeof raw !== 'object') return {};
    const override = (raw as { environments?: Record<string, unknown> }).environments?.[this.view.env ?? ''];
    // Without an override in this view every field is where the base definition wrote it: the
    // same spans in the base view and in each such environment, so one record serves them all.
    const asWritten = this.view.env === undefined || override === undefined;
    // a copy: the lookups are what is shared, not an object of the model (callers of validateSystem may change it)
    const shared = asWritten ? this.sharedFieldSpans.get(collection)?.get(name) : undefined;
    if (shared) return Object.assign({}, shared);
    const spans = this.spansOfFields([collection, name], raw, override);
    if (asWritten) {
      let byName = this.sharedFieldSpans.get(collection);
      if (!byName) this.sharedFieldSpans.set(collection, (byName = new Map()));
      byName.set(name, spans);
      return Object.assign({}, spans);
    }
    return spans;
  }

  /** Where each field of the map at `path` is: the keys `raw` writes and those its `override` adds. */
  private spansOfFields(path: DataPath, raw: object, override: unknown): Record<string, SourceSpan> {
    const keys = Object.keys(raw);
    if (override && typeof override === 'object') for (const key of Object.keys(override)) if (!Object.hasOwn(raw, key)) keys.push(key);
    keys.sort();
    const spans: Record<string, SourceSpan> = {};
    for (const key of keys) if (key !== 'environments') spans[key] = this.span([...path, key]);
    return spans;
  }

  /** A testnet's service: its fields, in the testnet and in this environment's override of the testnet. */
  private testnetServiceFieldSpans(testnet: string, service: string): Record<string, SourceSpan> {
    const raw = (this.loaded.data.testnets as Record<string, { services?: Record<string, unknown>; environments?: Record<string, { services?: Record<string, unknown> }> }> | undefined)?.[testnet];
    const written = raw?.services?.[service];
    const override = this.view.env === undefined ? undefined : raw?.environments?.[this.view.env]?.services?.[service];
    // a service the override adds has only the override's fields
    if (!isPlainObject(written) && !isPlainObject(override)) return {};
    return this.spansOfFields(['testnets', testnet, 'services', service], isPlainObject(written) ? written : {}, override);
  }

  /** `withOverrides: false` where the caller reads the overrides itself (a container's, at its own path). */
  private base<K extends M.EntityKind>(kind: K, collection: string, name: string, withOverrides = true) {
    const written = withOverrides ? (this.doc[collection as keyof SystemDocument] as Record<string, { overrides?: Record<string, unknown> }> | undefined)?.[name]?.overrides : undefined;
    return {
      kind,
      name,
      span: this.span([collection, name], 'key'),
      fieldSpans: this.fieldSpans(collection, name),
      extensions: this.extensions(collection, name),
      ...(written && Object.keys(written).length ? this.overrideFields([collection, name], written) : {}),
    };
  }

  /** The entity's `overrides` and where each key under it is (for diagnostics at the exact line). */
  private overrideFields(path: DataPath, overrides: Record<string, unknown>): { overrides: Record<string, unknown>; overrideSpans?: Record<string, SourceSpan> } {
    const spans: Record<string, SourceSpan> = {};
    const visit = (value: unknown, at: Array<string | number>) => {
      if (at.length) spans[overridePointer(at)] = this.span([...path, 'overrides', ...at], typeof at.at(-1) === 'number' ? 'value' : 'key');
      if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...at, index]));
      else if (isPlainObject(value)) for (const [key, member] of Object.entries(value)) visit(member, [...at, key]);
    };
    visit(overrides, []);
    // Most entities have none: an empty map needs no structured clone.
    const copy = Object.keys(overrides).length ? structuredClone(overrides) : {};
    return { overrides: copy, ...(Object.keys(spans).length ? { overrideSpans: spans } : {}) };
  }

  private regions(placement: 'all' | string[] | undefined): string[] {
    if (placement === 'all') return [...this.envRegions];
    if (placement === undefined) return [this.envRegions[0]!];
    return this.envRegions.filter((region) => placement.includes(region));
  }

  private ref(text: string, field: ReferenceFieldName, path: DataPath): M.EntityRef {
    const resolved = resolveReference(text, field, this.declared, {});
    if ('code' in resolved) throw new Error(`unresolved reference ${text} reached the normalizer`);
    return { kind: resolved.kind, name: resolved.name, span: this.span(path) };
  }

  /**
   * An env value as a template. `${env.region}` stays a part (each target puts in the region of the
   * output it writes) unless `regional` is false: host names and probe URLs are one per
   * environment, so there it is the primary region.
   */
  private template(value: string | number | boolean, regional = true): M.Template {
    const text = String(value);
    if (!text.includes('${')) return { text, parts: text ? [{ literal: text }] : [] };
    const parts: M.TemplatePart[] = [];
    // Adjacent literals (substituted values included) become one part; an empty one none.
    let literal = '';
    const flush = () => {
      if (literal) parts.push({ literal });
      literal = '';
    };
    for (const part of this.interpolations.parse(text, this.testnetPorts, {}, ignore)) {
      if ('literal' in part) literal += part.literal;
      else if ('env' in part && !(part.env === 'region' && regional)) literal += this.envValues[part.env];
      else if ('system' in part) literal += this.doc.system;
      else {
        flush();
        parts.push('env' in part ? { env: 'region' } : { kind: part.kind, name: part.name, attribute: part.attribute });
      }
    }
    flush();
    return { text: templateText(parts), parts };
  }

  private readonly testnetPorts = (kind: M.EntityKind, name: string) => (kind === 'testnet' ? Object.keys(this.doc.testnets?.[name]?.ports ?? {}) : undefined);

  /** Substitutes `${env.*}` and `${system}`; used where only those are allowed (hosts, probe URLs). */
  private plain(text: string): string {
    return this.template(text, false).text;
  }

  /**
   * Ports in order of their number (then name): YAML maps are unordered, so the order they are
   * written in means nothing. The first is the workload's main port (`${service.x.port}`, the
   * default of `health`, `ingress` and the TCP readiness probe).
   */
  private ports(ports: Record<string, number | { port: number; protocols: Array<'tcp' | 'udp'>; public: boolean }>, path: DataPath): M.Port[] {
    return Object.entries(ports)
      .map(([name, spec]): M.Port => ({
        name,
        port: typeof spec === 'number' ? spec : spec.port,
        protocols: typeof spec === 'number' ? ['tcp'] : [...new Set(spec.protocols)].sort() as M.Protocol[],
        public: typeof spec === 'number' ? false : spec.public,
        span: this.span([...path, name], 'key'),
      }))
      .sort((a, b) => a.port - b.port || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Queue consumers; a function's bucket sources are left out (they become the bucket's `notify`). */
  private access(consumes: Output<'functions'>['consumes'], path: DataPath, field: 'consumes' | 'functionConsumes' = 'consumes'): M.AccessRef[] {
    return consumes.flatMap((entry, index): M.AccessRef[] => {
      if (typeof entry === 'string') {
        const ref = this.ref(entry, field, [...path, index]);
        return ref.kind === 'queue' ? [ref] : [];
      }
      if ('bucket' in entry) return [];
      return [Object.assign(this.ref(entry.queue, 'consumes', [...path, index, 'queue']), {
        ...(entry.batchSize !== undefined ? { batchSize: entry.batchSize } : {}),
        ...(entry.window !== undefined ? { windowSeconds: durationSeconds(entry.window) } : {}),
      })];
    });
  }

  /** Bucket name → the notifications functions declare with `consumes` (in function-name order). */
  private functionBucketSources(): Map<string, M.BucketNotification[]> {
    const sources = new Map<string, M.BucketNotification[]>();
    for (const [name, f] of sortedEntries(this.doc.functions)) {
      f.consumes.forEach((entry, index) => {
        const path = ['functions', name, 'consumes', index];
        const source = typeof entry === 'string' ? { text: entry, field: 'functionConsumes' as const, refPath: path, filter: { events: ['created' as const] } }
          : 'bucket' in entry ? { text: entry.bucket, field: 'bucketSource' as const, refPath: [...path, 'bucket'], filter: entry }
          : undefined;
        if (!source) return;
        const bucket = this.ref(source.text, source.field, source.refPath);
        if (bucket.kind !== 'bucket') return;
        const notification = this.notification({ kind: 'function', name, span: this.span(['functions', name], 'key') }, source.filter, path);
        sources.set(bucket.name, [...(sources.get(bucket.name) ?? []), notification]);
      });
    }
    return sources;
  }

  private notification(target: M.EntityRef, filter: { events: M.BucketEvent[]; prefix?: string | undefined; suffix?: string | undefined }, path: DataPath): M.BucketNotification {
    return {
      target,
      events: (['created', 'removed'] as const).filter((event) => filter.events.includes(event)),
      ...(filter.prefix !== undefined ? { prefix: filter.prefix } : {}),
      ...(filter.suffix !== undefined ? { suffix: filter.suffix } : {}),
      span: this.span(path),
    };
  }

  private bucketNotifications(name: string, b: Output<'buckets'>, fromFunctions: M.BucketNotification[]): M.BucketNotification[] {
    const written = b.notify.map((entry, index) => {
      const path = ['buckets', name, 'notify', index];
      const [key, field] = entry.function !== undefined ? ['function', 'notifyFunction'] as const : entry.queue !== undefined ? ['queue', 'notifyQueue'] as const : ['topic', 'notifyTopic'] as const;
      return this.notification(this.ref(entry[key]!, field, [...path, key]), entry, path);
    });
    return [...written, ...fromFunctions];
  }

  private refs(list: string[], field: ReferenceFieldName, path: DataPath): M.EntityRef[] {
    return list.map((text, index) => this.ref(text, field, [...path, index]));
  }

  /** `base` without overrides (`this.base(…, false)`, or a testnet service's own): they are read at `path`. */
  private container<K extends 'service' | 'job'>(base: ContainerBase<K>, workload: Output<'jobs'> | Output<'services'>, path: DataPath) {
    const image: Pick<M.Container, 'image' | 'build' | 'command' | 'args'> = {};
    if (workload.image !== undefined) image.image = workload.image;
    if (workload.build !== undefined) image.build = { ...workload.build };
    if (workload.command) image.command = [...workload.command];
    if (workload.args) image.args = [...workload.args];
    return Object.assign(image, {
      env: Object.fromEntries(sortedEntries(workload.env).map(([key, value]) => [key, this.template(value)])),
      secrets: Object.fromEntries(sortedEntries(workload.secrets).map(([key, ref]) => [key, this.ref(ref, 'secrets', [...path, 'secrets', key])])),
      uses: this.refs(workload.uses, 'uses', [...path, 'uses']),
      publishes: this.refs(workload.publishes, 'publishes', [...path, 'publishes']),
      consumes: this.access(workload.consumes, [...path, 'consumes']),
      egress: egressRules(workload.egress),
      resources: { cpu: String(workload.resources.cpu), memory: workload.resources.memory },
      runAsUser: workload.runAsRoot ? 0 : workload.runAsUser,
      runAsRoot: workload.runAsRoot,
      readOnlyRootFilesystem: workload.readOnlyRootFilesystem,
      regions: this.regions(workload.regions),
    }, base, this.overrideFields(path, workload.overrides ?? {}));
  }

  resolve(): M.ResolvedSystem {
    const d = this.doc;
    const collect = <T>(collection: keyof typeof ENTITY_COLLECTIONS, build: (name: string, entity: never) => T): Record<string, T> =>
      Object.fromEntries(sortedEntries(d[collection] as Record<string, unknown> | undefined).map(([name, entity]) => [name, build(name, entity as never)]));

    const imageTag = imageTagSource(d, this.view.env, this.imageTagOption)?.tag;
    const bucketSources = this.functionBucketSources();
    return {
      ...(this.view.env ? { environment: this.environment(this.view.env) } : {}),
      ...(imageTag !== undefined ? { imageTag } : {}),
      network: this.network(),
      secrets: collect('secrets', (name, s: Output<'secrets'>): M.Secret => Object.assign(this.base('secret', 'secrets', name), {
        regions: this.regions(s.regions), ...(s.description ? { description: s.description } : {}),
      })),
      databases: collect('databases', (name, db: Output<'databases'>): M.Database => Object.assign(this.base('database', 'databases', name), {
        regions: this.regions(db.regions),
        engine: db.engine,
        version: db.version,
      }, this.instanceClass('database', 'databases', name, db), {
        storageGiB: Math.ceil(quantityBytes(db.storage) / 1024 ** 3),
        dbName: db.dbName ?? name.replace(/-/g, '_'),
        user: db.user ?? 'app',
        port: ENGINE_PORTS[db.engine],
        backup: { retentionDays: Math.round(durationSeconds(db.backup?.retention ?? '7d') / 86400), ...(db.backup?.window ? { window: db.backup.window } : {}) },
        highAvailability: db.highAvailability,
        ...(db.replicas ? { replicas: { count: db.replicas.count, regions: db.replicas.regions ? [...new Set(db.replicas.regions)].sort() : this.regions(db.regions).sort() } } : {}),
      })),
      caches: collect('caches', (name, c: Output<'caches'>): M.Cache => Object.assign(
        this.base('cache', 'caches', name), { regions: this.regions(c.regions), engine: c.engine, version: c.version }, this.instanceClass('cache', 'caches', name, c), { nodes: c.nodes, port: 6379 },
      )),
      search: collect('search', (name, c: Output<'search'>): M.Search => Object.assign(this.base('search', 'search', name), {
        regions: this.regions(c.regions),
        engine: c.engine,
        version: c.version,
      }, this.instanceClass('search', 'search', name, c), {
        nodes: c.nodes,
        storageGiB: Math.ceil(quantityBytes(c.storage) / 1024 ** 3),
        port: 443,
      })),
      tables: collect('tables', (name, t: Output<'tables'>): M.Table => {
        const key = (spec: Output<'tables'>['partitionKey']): M.TableKey => (typeof spec === 'string' ? { name: spec, type: 'string' } : { name: spec.name, type: spec.type });
        return Object.assign(this.base('table', 'tables', name), {
          regions: this.regions(t.regions),
          partitionKey: key(t.partitionKey),
          ...(t.sortKey !== undefined ? { sortKey: key(t.sortKey) } : {}),
          billing: t.billing,
          ...(t.capacity ? { capacity: { ...t.capacity } } : {}),
          ...(t.ttl ? { ttl: t.ttl } : {}),
          pointInTimeRecovery: t.pointInTimeRecovery,
        });
      }),
      buckets: collect('buckets', (name, b: Output<'buckets'>): M.Bucket => Object.assign(this.base('bucket', 'buckets', name), {
        regions: this.regions(b.regions),
        versioning: b.versioning,
        public: b.public,
        notify: this.bucketNotifications(name, b, bucketSources.get(name) ?? []),
      })),
      queues: collect('queues', (name, q: Output<'queues'>): M.Queue => Object.assign(this.base('queue', 'queues', name), {
        regions: this.regions(q.regions),
        fifo: q.fifo,
        visibilityTimeoutSeconds: durationSeconds(q.visibilityTimeout),
        retentionSeconds: durationSeconds(q.retention),
        delaySeconds: durationSeconds(q.delay),
        ...(q.deadLetter ? { deadLetter: { maxReceives: q.deadLetter.maxReceives, retentionSeconds: durationSeconds(q.deadLetter.retention) } } : {}),
      })),
      topics: collect('topics', (name, t: Output<'topics'>): M.Topic => Object.assign(this.base('topic', 'topics', name), {
        regions: this.regions(t.regions),
        fifo: t.fifo,
        subscribers: t.subscribers.map((subscriber, index): M.TopicSubscription => ({
          queue: this.ref(subscriber.queue, 'subscribers', ['topics', name, 'subscribers', index, 'queue']),
          ...(subscriber.filter
            ? { filter: Object.fromEntries(sortedEntries(subscriber.filter).map(([key, value]) => [key, Array.isArray(value) ? [...value] : [value]])) }
            : {}),
          filterOn: subscriber.filterOn,
          rawDelivery: subscriber.rawDelivery,
          span: this.span(['topics', name, 'subscribers', index]),
        })),
      })),
      cdns: collect('cdns', (name, c: Output<'cdns'>) => this.cdn(name, c)),
      services: collect('services', (name, s: Output<'services'>) => this.service(name, s)),
      jobs: collect('jobs', (name, j: Output<'jobs'>): M.Job => Object.assign(this.container(this.base('job', 'jobs', name, false), j, ['jobs', name]), {
        kind: 'job' as const,
        before: this.refs(j.before, 'before', ['jobs', name, 'before']),
        backoffLimit: j.backoffLimit,
        ttlSecondsAfterFinished: durationSeconds(j.ttlAfterFinished),
        ...(j.timeout ? { timeoutSeconds: durationSeconds(j.timeout) } : {}),
        ...(j.schedule !== undefined ? { schedule: jobSchedule(j.schedule) } : {}),
      })),
      functions: collect('functions', (name, f: Output<'functions'>) => this.fn(name, f)),
      testnets: collect('testnets', (name, t: Output<'testnets'>) => this.testnet(name, t)),
      alarms: collect('alarms', (name, a: Output<'alarms'>) => this.alarm(name, a)),
      notifications: collect('notifications', (name, n: Output<'notifications'>): M.Notification => Object.assign(this.base('notification', 'notifications', name), {
        ...(n.email ? { email: [n.email].flat() } : {}),
        ...(n.webhook ? { webhook: n.webhook } : {}),
        ...(n.slack ? { slack: n.slack } : {}),
        ...(n.sms ? { sms: [n.sms].flat() } : {}),
      })),
    };
  }

  private environment(env: string): M.Environment {
    const e = this.doc.environments[env]!;
    return {
      name: env,
      cloud: this.cloudId,
      regions: [...e.regions],
      ...(e.domain ? { domain: e.domain } : {}),
      ...(e.account ? { account: e.account } : {}),
      protect: e.protect,
      vars: Object.fromEntries(sortedEntries(e.vars).map(([key, value]) => [key, String(value)])),
      span: this.span(['environments', env], 'key'),
    };
  }

  private network(): M.NetworkModel {
    const network = this.doc.network;
    if (network && 'existing' in network) {
      return { mode: 'existing', vpcId: network.existing.vpcId, privateSubnets: [...network.existing.privateSubnets], publicSubnets: [...network.existing.publicSubnets] };
    }
    return { mode: 'managed', cidr: network?.cidr ?? '10.0.0.0/16', zones: network?.zones ?? 2, nat: network?.nat ?? 'single' };
  }

  private health(health: NonNullable<Output<'services'>['health']>): M.Health {
    const probe: Pick<M.Health, 'http' | 'port' | 'command'> = {};
    if (health.http !== undefined) probe.http = health.http;
    if (health.port !== undefined) probe.port = health.port;
    if (health.command) probe.command = [...health.command];
    return Object.assign(probe, {
      intervalSeconds: durationSeconds(health.interval),
      timeoutSeconds: durationSeconds(health.timeout),
      failureThreshold: health.failureThreshold,
      startupSeconds: durationSeconds(health.startup),
    });
  }

  private service(name: string, s: Output<'services'>): M.Service {
    const path = ['services', name];
    const ports = this.ports(s.ports, [...path, 'ports']);
    const autoscale = s.autoscale ? this.autoscale(s.autoscale, [...path, 'autoscale']) : undefined;
    const sized = this.resources(name, s);
    return Object.assign(this.container(this.base('service', 'services', name, false), s, path), {
      resources: sized.resources,
      kind: 'service' as const,
      ports,
      replicas: s.replicas ?? autoscale?.min ?? 1,
      ...(sized.size ? { size: sized.size } : {}),
      ...(autoscale ? { autoscale } : {}),
      ...(s.health ? { health: Object.assign(this.health(s.health), s.health.http !== undefined && s.health.port === undefined && ports[0] ? { port: ports[0].name } : {}) } : {}),
      dependsOn: this.refs(s.dependsOn, 'dependsOn', [...path, 'dependsOn']),
      volumes: sortedEntries(s.volumes).map(([volume, spec]) => ({ name: volume, path: spec.path, size: spec.size })),
      ...(s.ingress ? { ingress: this.ingress(s.ingress, ports) } : {}),
      ...(s.metrics ? { metrics: { ...s.metrics } } : {}),
    });
  }

  private ingress(ingress: NonNullable<Output<'services'>['ingress']>, ports: M.Port[]): M.Ingress {
    const hosts = (ingress.hosts ?? [ingress.host!]).map((host) => this.plain(host));
    const defaultPort = ingress.port ?? ports[0]!.name;
    const paths = (ingress.paths ?? [{ path: ingress.path }]).map((entry) => ({ path: entry.path, port: entry.port ?? defaultPort }));
    return { hosts, paths, host: hosts[0]!, port: paths[0]!.port, path: paths[0]!.path, tls: ingress.tls, visibility: ingress.visibility };
  }

  private cdn(name: string, c: Output<'cdns'>): M.Cdn {
    const origin = this.ref(c.origin, 'cdnOrigin', ['cdns', name, 'origin']);
    const originDoc = (this.doc[origin.kind === 'bucket' ? 'buckets' : 'services'] as Record<string, { regions?: 'all' | string[] }> | undefined)?.[origin.name];
    return Object.assign(this.base('cdn', 'cdns', name), {
      regions: this.regions(originDoc?.regions).slice(0, 1),
      origin,
      aliases: c.aliases.map((alias) => this.plain(alias)),
      cache: {
        defaultTtlSeconds: durationSeconds(c.cache.defaultTtl),
        minTtlSeconds: durationSeconds(c.cache.minTtl),
        maxTtlSeconds: durationSeconds(c.cache.maxTtl),
        queryStrings: c.cache.queryStrings,
        cookies: c.cache.cookies,
        headers: [...new Set(c.cache.headers.map((header) => header.toLowerCase()))].sort(),
        compress: c.cache.compress,
      },
    });
  }

  private autoscale(a: NonNullable<Output<'services'>['autoscale']>, path: DataPath): M.Autoscale {
    // cpu 70% is the default metric only when nothing else drives the scaling
    const noMetric = a.cpu === undefined && a.memory === undefined && a.queue === undefined;
    return {
      min: a.min,
      max: a.max,
      ...(noMetric ? { cpu: 70 } : {}),
      ...(a.cpu !== undefined ? { cpu: a.cpu } : {}),
      ...(a.memory !== undefined ? { memory: a.memory } : {}),
      ...(a.queue !== undefined ? { queue: this.ref(a.queue, 'autoscaleQueue', [...path, 'queue']), messagesPerReplica: a.messagesPerReplica ?? 5 } : {}),
    };
  }

  private fn(name: string, f: Output<'functions'>): M.FunctionDef {
    const path = ['functions', name];
    return Object.assign(this.base('function', 'functions', name), {
      regions: this.regions(f.regions),
      runtime: f.runtime ?? this.doc.defaults.runtime,
      ...(f.handler !== undefined ? { handler: f.handler } : {}),
      ...(f.image !== undefined ? { image: f.image } : {}),
      memory: f.memory,
      timeoutSeconds: durationSeconds(f.timeout),
      routes: f.routes.map((route, index): M.FunctionRoute => {
        const text = typeof route === 'string' ? route : route.route;
        const [method, routePath] = text.split(' ', 2) as [string, string];
        return { method, path: routePath, ...(typeof route === 'string' ? {} : { throttle: { ...route.throttle } }), span: this.span([...path, 'routes', index]) };
      }),
      api: f.api ?? this.doc.defaults.api,
      websocket: [...f.websocket],
      ...(f.authorizer !== undefined
        ? { authorizer: typeof f.authorizer === 'string' ? { function: this.ref(f.authorizer, 'authorizer', [...path, 'authorizer']) } : { cognito: f.authorizer.cognito } }
        : {}),
      ...(f.throttle ? { throttle: { ...f.throttle } } : {}),
      ...(f.schedule ? { schedule: f.schedule } : {}),
      consumes: this.access(f.consumes, [...path, 'consumes'], 'functionConsumes'),
      uses: this.refs(f.uses, 'uses', [...path, 'uses']),
      publishes: this.refs(f.publishes, 'publishes', [...path, 'publishes']),
      secrets: Object.fromEntries(sortedEntries(f.secrets).map(([key, ref]) => [key, this.ref(ref, 'secrets', [...path, 'secrets', key])])),
      env: Object.fromEntries(sortedEntries(f.env).map(([key, value]) => [key, this.template(value)])),
      vpc: f.vpc,
    });
  }

  private testnet(name: string, t: Output<'testnets'>): M.Testnet {
    const path = ['testnets', name];
    return Object.assign(this.base('testnet', 'testnets', name), {
      regions: t.regions ? [...t.regions] : [...this.envRegions],
      image: t.image,
      ...(t.command ? { command: [...t.command] } : {}),
      ...(t.args ? { args: [...t.args] } : {}),
      ha: t.ha,
      public: t.public,
      ports: this.ports(t.ports, [...path, 'ports']),
      ...(t.metrics ? { metrics: { ...t.metrics } } : {}),
      ...(t.keys ? { keys: { ...t.keys } } : {}),
      resources: { cpu: String(t.resources.cpu), memory: t.resources.memory },
      nodes: sortedEntries(t.nodes).map(([group, node]): M.TestnetNode => ({
        name: group,
        role: node.role,
        count: node.count,
        keyed: node.keyed ?? node.role === 'producer',
        ...(node.workSelection ? { workSelection: node.workSelection } : {}),
        ...(node.coordinator ? { coordinator: node.coordinator } : {}),
        span: this.span([...path, 'nodes', group], 'key'),
      })),
      services: Object.fromEntries(sortedEntries(t.services).map(([serviceName, service]) => {
        const servicePath = [...path, 'services', serviceName];
        const base = { kind: 'service' as const, name: serviceName, span: this.span(servicePath, 'key'), fieldSpans: this.testnetServiceFieldSpans(name, serviceName), extensions: {} };
        return [serviceName, Object.assign(this.container(base, service as Output<'services'>, servicePath), {
          regions: t.regions ? [...t.regions] : [...this.envRegions],
          ports: this.ports(service.ports, [...servicePath, 'ports']),
          replicas: service.replicas,
        })];
      })),
    });
  }

  private alarm(name: string, a: Output<'alarms'>): M.Alarm {
    const path = ['alarms', name];
    const source: M.AlarmSource =
      a.metric !== undefined ? { type: 'metric', on: this.ref(a.on!, 'metricOn', [...path, 'on']), metric: a.metric }
      : a.log !== undefined ? { type: 'log', on: this.ref(a.on!, 'logOn', [...path, 'on']), pattern: a.log }
      : a.probe !== undefined ? { type: 'probe', url: this.plain(a.probe) }
      : { type: 'expr', expr: a.expr! };
    const threshold = a.threshold ?? (source.type === 'log' ? '>= 1' : source.type === 'probe' ? '< 1' : undefined);
    const match = threshold ? /^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(\.\d+)?)\s*$/.exec(threshold) : null;
    return Object.assign(this.base('alarm', 'alarms', name), {
      source,
      ...(match ? { threshold: { comparison: match[1] as M.Comparison, value: Number(match[2]) } } : {}),
      periodSeconds: durationSeconds(a.period),
      evaluationPeriods: a.evaluationPeriods,
      ...(a.for ? { forSeconds: durationSeconds(a.for) } : {}),
      severity: a.severity,
      ...(a.description ? { description: a.description } : {}),
      notify: this.refs(a.notify, 'notify', [...path, 'notify']),
    });
  }
}

const topLevelExtensions = (data: Record<string, unknown>) => Object.fromEntries(extensionKeys(data).map((key) => [key, data[key]]));

/** The base model's region: `defaults.region`, else the default cloud's own. */
function defaultRegion(doc: SystemDocument, cloud: CloudCatalogue | undefined): string {
  return doc.defaults.region ?? cloud?.defaultRegion ?? '';
}

/**
 * `declared`: the system's names, as the checks had them (the references they resolved are cached
 * per set of names: the normalizer finds them resolved). `imageTag`: the `--image-tag` /
 * `IMAGE_TAG` given to the build, if any.
 */
export function normalize(loaded: LoadedSystem, declared: DeclaredNames, base: DocumentView, environments: DocumentView[], clouds: CloudCatalogues, imageTag?: string): M.SystemModel {
  const doc = base.document;
  const interpolations = new InterpolationParses(declared);
  const fieldSpans = new Map<string, Map<string, Record<string, SourceSpan>>>();
  const normalizer = (view: DocumentView) => new ViewNormalizer(loaded, declared, view, imageTag, clouds.get(cloudOf(view).id), interpolations, fieldSpans);
  return {
    name: doc.system,
    ...(doc.version ? { version: doc.version } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.owner ? { owner: doc.owner } : {}),
    tags: Object.fromEntries(sortedEntries(doc.tags)),
    defaults: { cloud: doc.defaults.cloud, region: defaultRegion(doc, clouds.get(doc.defaults.cloud)), runtime: doc.defaults.runtime, api: doc.defaults.api },
    ...(doc.state ? { state: { ...doc.state } } : {}),
    base: normalizer(base).resolve(),
    // by name: the order environments are written in means nothing
    environments: [...environments]
      .sort((a, b) => (a.env! < b.env! ? -1 : a.env! > b.env! ? 1 : 0))
      .map((view) => normalizer(view).resolve()),
    extensions: topLevelExtensions(loaded.data),
  };
}
