/**
 * A Compose project as Docker Compose assembles it: the files read and interpolated, overrides
 * merged in order, `extends` resolved, profiles applied. Every service keeps where it was written
 * (its origins), so findings point at the Compose file's line and column.
 */
import path from 'node:path';
import { isPlainObject, valueAt } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SourceHost } from '../load/host.ts';
import type { DataPath } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';
import { OVERRIDE_KEY, readComposeFile, RESET, spanIn, type ComposeFile } from './compose-file.ts';
import { BUILD_KEYS, DEPLOY_KEYS, HEALTHCHECK_KEYS, PORT_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS } from './compose-spec.ts';
import { interpolateData, parseDotenv, type InterpolationProblem, type Variables } from './interpolation.ts';

export type Data = Record<string, unknown>;

interface Origin {
  file: ComposeFile;
  /** Path of the service map in that file. */
  at: DataPath;
}

export interface ComposeService {
  name: string;
  data: Data;
  /** Where it was written, the winning file first (last override, the file, then `extends` bases). */
  origins: Origin[];
}

export interface ComposeProject {
  name?: string;
  /** The folder of the first file: relative paths (build contexts, env files) start there. */
  folder: string;
  services: ComposeService[];
  top: { volumes: Data; secrets: Data; configs: Data };
  /** Services left out because their profile is not active. */
  inactive: ComposeService[];
  variables: Variables;
  /** The files read, in merge order. */
  files: ComposeFile[];
}

export interface ReadOptions {
  host: SourceHost;
  /** Absolute paths: the Compose file, then the overrides in order. */
  files: string[];
  /** The process environment (wins over `.env`, as in Docker Compose). */
  environment: Readonly<Record<string, string | undefined>>;
  profiles: readonly string[];
  /** Spans are relative to this folder. */
  root: string;
}

export class ProjectReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<string, string>();
  private readonly extraFiles = new Map<string, { file: ComposeFile; data: Data } | undefined>();

  constructor(private readonly options: ReadOptions) {}

  read(): ComposeProject | undefined {
    const { host, files, root } = this.options;
    const folder = path.dirname(files[0]!);
    const variables = this.variables(folder);
    const parsed: Array<{ file: ComposeFile; data: Data }> = [];
    for (const absolute of files) {
      const file = readComposeFile(host, absolute, root, this.diagnostics, this.sources);
      if (!file) continue;
      const data = this.prepare(file, variables);
      if (data) parsed.push({ file, data });
    }
    // A file that does not parse stops here; other mistakes are collected to the end, so one run shows them all.
    if (parsed.length !== files.length) return undefined;

    const merged: Data = {};
    const origins = new Map<string, Origin[]>();
    for (const { file, data } of parsed) {
      for (const name of Object.keys((data.services as Data | undefined) ?? {})) {
        origins.set(name, [{ file, at: ['services', name] }, ...(origins.get(name) ?? [])]);
      }
      mergeInto(merged, data, []);
    }
    const services = (merged.services as Data | undefined) ?? {};
    const resolved = new Map<string, ComposeService>();
    for (const name of Object.keys(services)) {
      const service = this.resolveExtends(name, services, origins, parsed[0]!.file, []);
      if (service) resolved.set(name, service);
    }
    this.checkDependencies(resolved);
    const { active, inactive } = this.applyProfiles(resolved, variables);
    const projectName = typeof merged.name === 'string' ? merged.name : undefined;
    return {
      ...(projectName ? { name: projectName } : {}),
      folder,
      services: active,
      inactive,
      top: { volumes: asMap(merged.volumes), secrets: asMap(merged.secrets), configs: asMap(merged.configs) },
      variables,
      files: parsed.map((entry) => entry.file),
    };
  }

  hasErrors(): boolean {
    return this.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  }

  /** `.env` beside the first file, under the process environment. */
  private variables(folder: string): Variables {
    const variables = new Map<string, string>();
    const dotenv = this.options.host.readFile(path.join(folder, '.env'));
    if (dotenv !== undefined) for (const entry of parseDotenv(dotenv)) if (entry.value !== undefined) variables.set(entry.key, entry.value);
    for (const [key, value] of Object.entries(this.options.environment)) if (value !== undefined) variables.set(key, value);
    return variables;
  }

  /** Checks the keys of one file, interpolates it and brings each service to one form for merging. */
  private prepare(file: ComposeFile, variables: Variables): Data | undefined {
    const at = (dataPath: DataPath, part: 'key' | 'value' = 'value') => ({ span: spanIn(file, dataPath, part) });
    const raw = file.data;
    if (raw.services !== undefined && !isPlainObject(raw.services)) {
      this.diagnostics.push(catalogue.importInvalid('"services" must be a map of service names to their definitions', at(['services'])));
      return undefined;
    }
    // An override file may hold no services (only volumes, say); the main file must, or include others.
    if (raw.services === undefined && raw.include === undefined && this.options.files[0] === file.absolutePath) {
      this.diagnostics.push(catalogue.importNotCompose(file.source.file, at([], 'key')));
      return undefined;
    }
    this.checkKeys(raw, TOP_LEVEL_KEYS, 'the top level', [], file);
    const data = interpolateData(raw, variables, (problem, dataPath) => this.interpolationProblem(problem, at(dataPath))) as Data;
    const services = asMap(data.services);
    for (const [name, service] of Object.entries(services)) {
      const servicePath = ['services', name];
      if (!isPlainObject(service)) {
        if (service !== null) this.diagnostics.push(catalogue.importInvalid(`service "${name}" must be a map`, at(servicePath)));
        services[name] = {};
        continue;
      }
      this.checkKeys(raw.services && (raw.services as Data)[name], SERVICE_KEYS, `service "${name}"`, servicePath, file);
      const nested: Array<[string, readonly string[]]> = [['build', BUILD_KEYS], ['deploy', DEPLOY_KEYS], ['healthcheck', HEALTHCHECK_KEYS]];
      for (const [key, keys] of nested) {
        if (isPlainObject(service[key])) this.checkKeys(service[key], keys, `"${key}" of service "${name}"`, [...servicePath, key], file);
      }
      if (Array.isArray(service.ports)) {
        service.ports.forEach((port, index) => {
          if (isPlainObject(port)) this.checkKeys(port, PORT_KEYS, `a port of service "${name}"`, [...servicePath, 'ports', index], file);
        });
      }
      services[name] = normalizeService(service, (message, key) => this.diagnostics.push(catalogue.importInvalid(`service "${name}": ${message}`, at([...servicePath, key]))));
    }
    if (data.services !== undefined) data.services = services;
    return data;
  }

  private checkKeys(map: unknown, known: readonly string[], where: string, mapPath: DataPath, file: ComposeFile): void {
    if (!isPlainObject(map)) return;
    for (const key of Object.keys(map)) {
      if (key.startsWith('x-') || key === OVERRIDE_KEY || known.includes(key)) continue;
      this.diagnostics.push(catalogue.importUnknownKey(key, where, { span: spanIn(file, [...mapPath, key], 'key') }, closest(key, known)));
    }
  }

  private interpolationProblem(problem: InterpolationProblem, at: { span?: SourceSpan }): void {
    if (problem.kind === 'unset') this.diagnostics.push(catalogue.importVariableUnset(problem.variable, at));
    else if (problem.kind === 'required') {
      this.diagnostics.push(catalogue.importInvalid(`the required variable "${problem.variable}" is not set${problem.message ? `: ${problem.message}` : ''}`, at, `set ${problem.variable} in the environment or in .env`));
    } else this.diagnostics.push(catalogue.importInvalid(problem.message, at, 'write "$$" for a literal "$"'));
  }

  private resolveExtends(name: string, services: Data, origins: Map<string, Origin[]>, first: ComposeFile, chain: string[]): ComposeService | undefined {
    const data = services[name] as Data;
    const own = origins.get(name) ?? [];
    const extend = data.extends as { service?: unknown; file?: unknown } | undefined;
    if (extend === undefined) return { name, data, origins: own };
    const at = { span: locateIn(own, ['extends']) };
    const baseName = extend.service;
    if (typeof baseName !== 'string') {
      this.diagnostics.push(catalogue.importInvalid(`service "${name}": "extends" needs the name of a service`, at));
      return undefined;
    }
    const key = `${typeof extend.file === 'string' ? extend.file : ''}#${baseName}`;
    if (chain.includes(key)) {
      this.diagnostics.push(catalogue.importInvalid(`service "${name}" extends itself through ${[...chain, key].map((link) => link.replace(/^#/, '')).join(' → ')}`, at));
      return undefined;
    }
    let base: ComposeService | undefined;
    if (typeof extend.file === 'string') {
      const other = this.readExtendedFile(path.resolve(path.dirname(own[0]?.file.absolutePath ?? first.absolutePath), extend.file), at);
      const otherServices = asMap(other?.data.services);
      if (!other) return undefined;
      if (!(baseName in otherServices)) {
        this.diagnostics.push(catalogue.importInvalid(`service "${name}" extends "${baseName}", which ${extend.file} does not define`, at, hintFor(baseName, Object.keys(otherServices))));
        return undefined;
      }
      const otherOrigins = new Map(Object.keys(otherServices).map((service) => [service, [{ file: other.file, at: ['services', service] }]]));
      base = this.resolveExtends(baseName, otherServices, otherOrigins, other.file, [...chain, key]);
    } else {
      if (!(baseName in services)) {
        this.diagnostics.push(catalogue.importInvalid(`service "${name}" extends "${baseName}", which is not defined`, at, hintFor(baseName, Object.keys(services))));
        return undefined;
      }
      base = this.resolveExtends(baseName, services, origins, first, [...chain, key]);
    }
    if (!base) return undefined;
    const merged = mergeInto(structuredClone(base.data), { ...data, extends: RESET }, ['services', name]) as Data;
    delete merged.extends;
    return { name, data: merged, origins: [...own, ...base.origins] };
  }

  private readExtendedFile(absolute: string, at: { span?: SourceSpan }): { file: ComposeFile; data: Data } | undefined {
    if (!this.extraFiles.has(absolute)) {
      const count = this.diagnostics.length;
      const file = readComposeFile(this.options.host, absolute, this.options.root, this.diagnostics, this.sources);
      for (const diagnostic of this.diagnostics.slice(count)) if (!diagnostic.span && at.span) diagnostic.span = at.span;
      const data = file ? this.prepare(file, this.variables(path.dirname(this.options.files[0]!))) : undefined;
      this.extraFiles.set(absolute, file && data ? { file, data } : undefined);
    }
    return this.extraFiles.get(absolute);
  }

  private checkDependencies(services: Map<string, ComposeService>): void {
    for (const service of services.values()) {
      for (const dependency of Object.keys(asMap(service.data.depends_on))) {
        if (services.has(dependency)) continue;
        this.diagnostics.push(catalogue.importInvalid(`service "${service.name}" depends on "${dependency}", which is not defined`, { span: locateIn(service.origins, ['depends_on', dependency]) }, hintFor(dependency, [...services.keys()])));
      }
    }
  }

  /** Docker Compose's rule: services with `profiles` run only when one of them is active, or when an active service depends on them. */
  private applyProfiles(services: Map<string, ComposeService>, variables: Variables): { active: ComposeService[]; inactive: ComposeService[] } {
    const selected = new Set([...this.options.profiles, ...(variables.get('COMPOSE_PROFILES') ?? '').split(',').map((profile) => profile.trim()).filter(Boolean)]);
    const enabled = new Set<string>();
    const enable = (name: string) => {
      if (enabled.has(name) || !services.has(name)) return;
      enabled.add(name);
      for (const dependency of Object.keys(asMap(services.get(name)!.data.depends_on))) enable(dependency);
    };
    for (const service of services.values()) {
      const profiles = Array.isArray(service.data.profiles) ? (service.data.profiles as unknown[]).map(String) : [];
      if (profiles.length === 0 || profiles.some((profile) => selected.has(profile) || profile === '*') || selected.has('*')) enable(service.name);
    }
    const all = [...services.values()];
    return { active: all.filter((service) => enabled.has(service.name)), inactive: all.filter((service) => !enabled.has(service.name)) };
  }
}

/** The span of a path under a service, from the first origin that writes it (else the nearest ancestor in the winning file). */
export function locateIn(origins: readonly Origin[], relative: DataPath, part: 'key' | 'value' = 'value'): SourceSpan | undefined {
  for (const origin of origins) {
    const original = originalPath(origin.file.data, [...origin.at, ...relative]);
    if (original) return spanIn(origin.file, original, part);
  }
  return origins[0] ? spanIn(origins[0].file, [...origins[0].at, ...relative], 'key') : undefined;
}

/** Maps a path of the normalized data back to the file's own form (`environment: [KEY=value]` lists). */
function originalPath(data: unknown, wanted: DataPath): DataPath | undefined {
  const found: Array<string | number> = [];
  let current = data;
  for (const segment of wanted) {
    if (Array.isArray(current) && typeof segment === 'string') {
      const index = current.findIndex((item) => item === segment || (typeof item === 'string' && item.startsWith(`${segment}=`)));
      if (index < 0) return undefined;
      found.push(index);
      current = current[index];
    } else {
      const next = valueAt(current, [segment]);
      if (next === undefined) return undefined;
      found.push(segment);
      current = next;
    }
  }
  return found;
}

const hintFor = (name: string, known: string[]) => {
  const suggestion = closest(name, known);
  return suggestion ? `did you mean "${suggestion}"?` : `defined: ${known.join(', ') || 'none'}`;
};

const asMap = (value: unknown): Data => (isPlainObject(value) ? value : {});

/** A list of `KEY=value` (or bare `KEY`) as a map; maps stay maps with their values as strings. */
export function keyValueMap(value: unknown): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const equals = text.indexOf('=');
      if (equals < 0) result[text] = null;
      else result[text.slice(0, equals)] = text.slice(equals + 1);
    }
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) result[key] = item === null || item === undefined ? null : typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  return result;
}

/** One form for the keys whose merge depends on it: maps for environment and depends_on, a map for build. */
function normalizeService(service: Data, invalid: (message: string, key: string) => void): Data {
  const result: Data = { ...service };
  for (const key of ['environment', 'labels', 'sysctls'] as const) if (service[key] !== undefined && service[key] !== RESET) result[key] = keyValueMap(service[key]);
  if (Array.isArray(service.depends_on)) {
    result.depends_on = Object.fromEntries(service.depends_on.map((name) => [String(name), { condition: 'service_started' }]));
  } else if (service.depends_on !== undefined && service.depends_on !== RESET && !isPlainObject(service.depends_on)) {
    invalid('"depends_on" must be a list of service names or a map', 'depends_on');
    delete result.depends_on;
  }
  if (typeof service.build === 'string') result.build = { context: service.build };
  if (typeof service.extends === 'string') result.extends = { service: service.extends };
  if (typeof service.env_file === 'string' || isPlainObject(service.env_file)) result.env_file = [service.env_file];
  for (const key of ['ports', 'expose', 'volumes', 'secrets', 'configs', 'profiles', 'tmpfs'] as const) {
    const value = isPlainObject(service[key]) && OVERRIDE_KEY in service[key] ? service[key][OVERRIDE_KEY] : service[key];
    if (value === undefined || value === RESET) continue;
    if (key === 'tmpfs' && typeof value === 'string') result[key] = [value];
    else if (!Array.isArray(value)) {
      invalid(`"${key}" must be a list`, key);
      delete result[key];
    }
  }
  return result;
}

/** Sequences merged by appending (duplicates once), and those merged by a key of their items. */
const APPENDED = new Set(['ports', 'expose', 'external_links', 'dns', 'dns_search', 'tmpfs', 'cap_add', 'cap_drop', 'security_opt', 'env_file', 'profiles']);
const KEYED: Record<string, (item: unknown) => string> = {
  volumes: (item) => (typeof item === 'string' ? item.split(':')[1] ?? item : String((item as Data).target)),
  secrets: (item) => (typeof item === 'string' ? item : String((item as Data).source)),
  configs: (item) => (typeof item === 'string' ? item : String((item as Data).source)),
};

/** Compose's merge: maps merge, the sequences above append or merge by key, everything else replaces. */
export function mergeInto(target: Data, overlay: Data, at: string[]): Data {
  for (const [key, value] of Object.entries(overlay)) {
    if (value === RESET) {
      delete target[key];
      continue;
    }
    if (isPlainObject(value) && OVERRIDE_KEY in value) {
      target[key] = value[OVERRIDE_KEY];
      continue;
    }
    const existing = target[key];
    const inService = at.length === 2 && at[0] === 'services';
    if (isPlainObject(existing) && isPlainObject(value)) mergeInto(existing, value, [...at, key]);
    else if (inService && Array.isArray(existing) && Array.isArray(value) && APPENDED.has(key)) {
      const seen = new Set(existing.map((item) => JSON.stringify(item)));
      target[key] = [...existing, ...value.filter((item) => !seen.has(JSON.stringify(item)))];
    } else if (inService && Array.isArray(existing) && Array.isArray(value) && KEYED[key]) {
      const keyOf = KEYED[key]!;
      const byKey = new Map(existing.map((item) => [keyOf(item), item]));
      for (const item of value) byKey.set(keyOf(item), item);
      target[key] = [...byKey.values()];
    } else target[key] = isPlainObject(value) ? mergeInto({}, value, [...at, key]) : value;
  }
  return target;
}
