/**
 * The diff itself: two output trees in, a `DiffReport` out. Files are grouped into scopes (a
 * Terraform module folder, a Kubernetes environment and region, a compose or serverless file),
 * split into objects by their format, matched by id, compared field by field, checked against the
 * format's risk table and attributed to the system.yaml entity behind them. Pure and sorted: the
 * same two trees always give the same report.
 */
import { isPlainObject } from '../data.ts';
import { MANIFEST, type Manifest, type ManifestSource } from '../write/writer.ts';
import { attribution, pickSource, type EntityIndex } from './attribution.ts';
import { diffFields, display } from './fields.ts';
import { REGION } from './formats/format.ts';
import { formatFor, type FormatHandler, type OutputObject } from './formats/index.ts';
import { textFormat } from './formats/generic.ts';
import type { ChangeKind, DiffReport, DiffSummaryRow, FieldChange, ObjectChange, OutputTree, RiskFlag, ScopeDiff } from './types.ts';

const MAX_FIELDS_PER_OBJECT = 25;

interface SideIndex {
  /** Folder (within the tree) of every manifest → the manifest. */
  manifests: Map<string, Manifest>;
  /** Tree path → the sources its manifest lists. */
  sources: Map<string, ManifestSource[]>;
  /** `prefix|entity` → where it is defined. */
  entities: Map<string, EntityIndex>;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isManifestPath(file: string) {
  return file === MANIFEST || file.endsWith(`/${MANIFEST}`);
}

function indexSide(tree: OutputTree): SideIndex {
  const index: SideIndex = { manifests: new Map(), sources: new Map(), entities: new Map() };
  for (const [file, contents] of tree) {
    if (!isManifestPath(file)) continue;
    let manifest: Manifest;
    try {
      manifest = JSON.parse(contents) as Manifest;
    } catch {
      continue;
    }
    if (!manifest || !Array.isArray(manifest.files)) continue;
    const prefix = file === MANIFEST ? '' : file.slice(0, -MANIFEST.length - 1);
    index.manifests.set(prefix, manifest);
    const entities: EntityIndex = new Map();
    for (const entry of [...manifest.files].sort((a, b) => compare(a.path, b.path))) {
      const sources = Array.isArray(entry.sources) ? entry.sources : [];
      index.sources.set(prefix ? `${prefix}/${entry.path}` : entry.path, sources);
      for (const source of sources) if (!entities.has(source.entity) && source.line > 0) entities.set(source.entity, source);
    }
    index.entities.set(prefix, entities);
  }
  return index;
}

/** The system folder a path belongs to: the deepest folder holding a manifest on either side. */
function systemPrefix(file: string, prefixes: readonly string[]): string {
  let best = '';
  for (const prefix of prefixes) if (prefix && file.startsWith(`${prefix}/`) && prefix.length > best.length) best = prefix;
  return best;
}

/** Environment and region named by a path inside a target's folder: `<env>/<region>/…`, or a file name like `docker-compose.<env>.override.yml`. */
function placeOf(relative: string, target = ''): { env: string; region: string } {
  const parts = relative.split('/');
  if (parts.length >= 3 && REGION.test(parts[1]!)) return { env: parts[0]!, region: parts[1]! };
  const name = parts[parts.length - 1]!.replace(/\.(ya?ml|json)$/, '');
  const words = name.split('.').filter((word) => !/^(docker-compose|compose|override|serverless|main|tf)$/.test(word));
  if (/(^|\/)(docker-)?compose[^/]*$/.test(name) || target === 'compose') {
    return { env: parts.length === 1 && words.length === 1 && name.includes('.') ? words[0]! : 'local', region: '' };
  }
  if (parts.length >= 2) return { env: parts[0]!, region: '' };
  return { env: '-', region: '' };
}

interface Group {
  prefix: string;
  target: string;
  env: string;
  region: string;
  key: string;
  /** Every file of the scope has this format (it is part of the group key). */
  format: FormatHandler;
  /** Tree paths. */
  files: string[];
}

function parseSide(group: Group, tree: OutputTree): { objects: Map<string, OutputObject>; fallback: Set<string> } {
  const objects = new Map<string, OutputObject>();
  const fallback = new Set<string>();
  for (const file of group.files) {
    const contents = tree.get(file);
    if (contents === undefined) continue;
    let parsed: OutputObject[];
    try {
      parsed = group.format.parse(file, contents);
    } catch {
      parsed = textFormat.parse(file, contents);
      fallback.add(file);
    }
    for (const object of parsed) {
      // An id declared twice in one scope (two files, two documents): keep both, apart.
      let id = object.id;
      for (let n = 2; objects.has(id); n++) id = `${object.id} (${n})`;
      objects.set(id, { ...object, id });
    }
  }
  return { objects, fallback };
}

/** Line-level summary for files compared as text. */
function textFields(before: string[] | undefined, after: string[] | undefined): FieldChange[] {
  const count = (lines: string[] | undefined) => {
    const map = new Map<string, number>();
    for (const line of lines ?? []) map.set(line, (map.get(line) ?? 0) + 1);
    return map;
  };
  const old = count(before);
  const now = count(after);
  let added = 0;
  let removed = 0;
  for (const [line, n] of now) added += Math.max(0, n - (old.get(line) ?? 0));
  for (const [line, n] of old) removed += Math.max(0, n - (now.get(line) ?? 0));
  const firstChanged = (after ?? []).find((line) => (old.get(line) ?? 0) === 0);
  return [{ path: 'lines', old: `${(before ?? []).length} lines`, new: `${(after ?? []).length} lines (+${added} −${removed})${firstChanged !== undefined ? `, first new: ${display(firstChanged, 60)}` : ''}` }];
}

function linesOf(object: OutputObject | undefined): string[] | undefined {
  return isPlainObject(object?.value) && Array.isArray(object.value.lines) ? (object.value.lines as string[]) : undefined;
}

function leafCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + leafCount(item), 0);
  if (isPlainObject(value)) return Object.values(value).reduce((sum: number, item) => sum + leafCount(item), 0);
  return 1;
}

function fieldsOf(format: FormatHandler, before: OutputObject | undefined, after: OutputObject | undefined, asText: boolean): FieldChange[] {
  if (asText) return textFields(linesOf(before), linesOf(after));
  return diffFields(before?.value, after?.value, format.ignoreKeys);
}

/** Runs the format's risk table on one change. */
function risksOf(format: FormatHandler, kind: ChangeKind, before: OutputObject | undefined, after: OutputObject | undefined, fields: FieldChange[], baseScope: OutputObject[], headScope: OutputObject[]): RiskFlag[] {
  const type = after?.type ?? before!.type;
  const flags: RiskFlag[] = [];
  if (kind === 'replaced' && !format.readOnly?.(before!)) {
    flags.push({ category: 'replacement', rule: `${format.id}/renamed`, message: `renamed from ${before!.id}: the old ${before!.type} is destroyed and a new one created` });
  }
  for (const rule of format.rules) {
    if (!rule.on.includes(kind)) continue;
    if (rule.types && !rule.types.includes(type)) continue;
    const result = rule.check({ kind, before, after, fields, baseScope, headScope });
    const findings = result === undefined ? [] : Array.isArray(result) ? result : [typeof result === 'string' ? { message: result } : result];
    for (const finding of findings) flags.push({ category: rule.category, rule: rule.id, message: finding.message, ...(finding.field ? { field: finding.field } : {}) });
  }
  const seen = new Set<string>();
  return flags.filter((flag) => !seen.has(flag.message) && Boolean(seen.add(flag.message)));
}

/** Pairs removed and added objects of one type whose contents mostly agree: renames. */
function pairRenames(removed: OutputObject[], added: OutputObject[], format: FormatHandler): Array<[OutputObject, OutputObject]> {
  const candidates: Array<{ ratio: number; before: OutputObject; after: OutputObject }> = [];
  for (const before of removed) {
    for (const after of added) {
      if (before.type !== after.type || before.type === 'file') continue;
      const leaves = Math.max(leafCount(before.value), leafCount(after.value));
      if (leaves < 2) continue;
      const ratio = diffFields(before.value, after.value, format.ignoreKeys).length / leaves;
      if (ratio <= 0.5) candidates.push({ ratio, before, after });
    }
  }
  candidates.sort((a, b) => a.ratio - b.ratio || compare(a.before.id, b.before.id) || compare(a.after.id, b.after.id));
  const used = new Set<OutputObject>();
  const pairs: Array<[OutputObject, OutputObject]> = [];
  for (const { before, after } of candidates) {
    if (used.has(before) || used.has(after)) continue;
    used.add(before).add(after);
    pairs.push([before, after]);
  }
  return pairs;
}

export interface DiffInput {
  base: OutputTree;
  head: OutputTree;
  baseLabel: string;
  headLabel: string;
  notes?: string[];
}

export function diffTrees(input: DiffInput): DiffReport {
  const base = indexSide(input.base);
  const head = indexSide(input.head);
  const prefixes = [...new Set([...base.manifests.keys(), ...head.manifests.keys()])];

  // 1. Files into scopes.
  const groups = new Map<string, Group>();
  const paths = [...new Set([...input.base.keys(), ...input.head.keys()])].filter((file) => !isManifestPath(file)).sort(compare);
  for (const file of paths) {
    const prefix = systemPrefix(file, prefixes);
    const inSystem = prefix ? file.slice(prefix.length + 1) : file;
    const slash = inSystem.indexOf('/');
    const target = slash > 0 ? inSystem.slice(0, slash) : '-';
    const relative = slash > 0 ? inSystem.slice(slash + 1) : inSystem;
    const contents = input.head.get(file) ?? input.base.get(file)!;
    const format = formatFor(relative, target, contents);
    const groupKey = format.group ? format.group(relative) : relative;
    const key = `${prefix}\u0000${target}\u0000${format.id}\u0000${groupKey}`;
    let group = groups.get(key);
    if (!group) {
      const place = placeOf(relative, target);
      group = { prefix, target, ...place, key: [prefix, target, groupKey].filter(Boolean).join('/'), format, files: [] };
      groups.set(key, group);
    }
    group.files.push(file);
  }

  // 2. Objects, changes, risks and attribution per scope.
  const scopes: ScopeDiff[] = [];
  for (const group of [...groups.values()].sort((a, b) => compare(a.key, b.key))) {
    if (group.files.every((file) => input.base.get(file) === input.head.get(file))) continue;
    const before = parseSide(group, input.base);
    const after = parseSide(group, input.head);
    const baseScope = [...before.objects.values()];
    const headScope = [...after.objects.values()];
    const headEntities = head.entities.get(group.prefix) ?? new Map<string, ManifestSource>();
    const asText = (object: OutputObject | undefined) => object !== undefined && (before.fallback.has(object.file) || after.fallback.has(object.file) || group.format.id === 'text');

    const attribute = (object: OutputObject, side: 'head' | 'base') => {
      const sources = (side === 'head' ? head : base).sources.get(object.file) ?? [];
      return attribution(pickSource(object, sources, group.format), headEntities, side);
    };
    const changes: ObjectChange[] = [];
    const record = (kind: ChangeKind, old: OutputObject | undefined, now: OutputObject | undefined) => {
      const subject = (now ?? old)!;
      const text = asText(subject) || asText(old);
      const fields = kind === 'changed' || kind === 'replaced' ? fieldsOf(group.format, old, now, text) : [];
      if (kind === 'changed' && fields.length === 0) return;
      const format = text ? textFormat : group.format;
      const change: ObjectChange = {
        kind,
        id: subject.id,
        type: subject.type,
        file: subject.file,
        fields: fields.slice(0, MAX_FIELDS_PER_OBJECT),
        moreFields: Math.max(0, fields.length - MAX_FIELDS_PER_OBJECT),
        risks: risksOf(format, kind, old, now, fields, baseScope, headScope),
      };
      if (kind === 'replaced') change.previousId = old!.id;
      let who = now ? attribute(now, 'head') : attribute(old!, 'base');
      if (!who && text) {
        // A text file from several entities: the lines that changed name the entity (a queue's `create-queue` line).
        const names = (side: OutputObject | undefined, other: OutputObject | undefined) => {
          const others = new Set(linesOf(other) ?? []);
          return (linesOf(side) ?? []).filter((line) => !others.has(line));
        };
        const probe = now ?? old!;
        who = attribute({ ...probe, type: 'file', names: [...names(now, old), ...names(old, now)] }, now ? 'head' : 'base');
      }
      if (who) change.attribution = who;
      changes.push(change);
    };

    const removed = baseScope.filter((object) => !after.objects.has(object.id));
    const added = headScope.filter((object) => !before.objects.has(object.id));
    const renames = pairRenames(removed, added, group.format);
    const paired = new Set(renames.flat());
    for (const object of removed) if (!paired.has(object)) record('removed', object, undefined);
    for (const object of added) if (!paired.has(object)) record('added', undefined, object);
    for (const [old, now] of renames) record('replaced', old, now);
    for (const object of headScope) {
      const old = before.objects.get(object.id);
      if (old) record('changed', old, object);
    }
    if (!changes.length) continue;
    changes.sort((a, b) => compare(a.id, b.id) || compare(a.kind, b.kind));
    scopes.push({
      target: group.prefix ? `${group.prefix}/${group.target}` : group.target,
      env: group.env,
      region: group.region,
      scope: group.key,
      changes,
    });
  }
  scopes.sort((a, b) => compare(a.target, b.target) || compare(a.env, b.env) || compare(a.region, b.region) || compare(a.scope, b.scope));
  return { infragen: 1, base: input.baseLabel, head: input.headLabel, scopes, ...summarize(scopes), notes: [...(input.notes ?? [])] };
}

function summarize(scopes: ScopeDiff[]): Pick<DiffReport, 'summary' | 'totals'> {
  const rows = new Map<string, DiffSummaryRow>();
  const totals = { added: 0, changed: 0, removed: 0, risky: 0, risks: 0 };
  for (const scope of scopes) {
    const key = `${scope.target}\u0000${scope.env}`;
    const row = rows.get(key) ?? { target: scope.target, env: scope.env, added: 0, changed: 0, removed: 0, risky: 0 };
    rows.set(key, row);
    for (const change of scope.changes) {
      const column = change.kind === 'replaced' ? 'changed' : change.kind;
      row[column]++;
      totals[column]++;
      if (change.risks.length) {
        row.risky++;
        totals.risky++;
        totals.risks += change.risks.length;
      }
    }
  }
  const summary = [...rows.values()].sort((a, b) => compare(a.target, b.target) || compare(a.env, b.env));
  return { summary, totals };
}
