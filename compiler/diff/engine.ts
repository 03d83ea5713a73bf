/**
 * The diff itself: two output trees in, a `DiffReport` out. Files are grouped into scopes, split
 * into objects by their target's diff format (or the generic one), matched by id, compared field by
 * field, checked against the format's risk table and the generic rules, and attributed to the
 * system.yaml entity the build recorded for them. The engine knows no target: every target-specific
 * fact comes from a `DiffFormat`. Pure and sorted: the same two trees always give the same report.
 */
import { isPlainObject } from '../data.ts';
import { MANIFEST, type Manifest } from '../write/writer.ts';
import { addManifest, attribution, emptyRecords, recordedSource, type SideRecords } from './attribution.ts';
import { diffFields, display } from './fields.ts';
import type { DiffFormat, DiffObject, RiskRule } from './format.ts';
import { GENERIC_FORMATS, textFormat } from './generic.ts';
import { looksSecretValue, maskFields, MASK, plainSecretRule } from './secrets.ts';
import type { ChangeKind, DiffReport, DiffSummaryRow, FieldChange, ObjectChange, OutputTree, RiskFlag, ScopeDiff } from './types.ts';

const MAX_FIELDS_PER_OBJECT = 25;

/** A region folder in an output path: `eu-west-1`, `us-gov-west-1`, `europe-west1`. */
const REGION = /^[a-z]{2,}(-[a-z]+)+-?\d+$/;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isManifestPath(file: string) {
  return file === MANIFEST || file.endsWith(`/${MANIFEST}`);
}

/** The manifests of one side (folder within the tree → manifest) and what they recorded. */
function indexSide(tree: OutputTree): { prefixes: string[]; records: SideRecords } {
  const records = emptyRecords();
  const prefixes: string[] = [];
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
    prefixes.push(prefix);
    addManifest(records, prefix, manifest);
  }
  return { prefixes, records };
}

/** The system folder a path belongs to: the deepest folder holding a manifest on either side. */
function systemPrefix(file: string, prefixes: readonly string[]): string {
  let best = '';
  for (const prefix of prefixes) if (prefix && file.startsWith(`${prefix}/`) && prefix.length > best.length) best = prefix;
  return best;
}

/** Environment and region named by a path inside a target's folder: the format's say, else `<env>/<region>/…` or `<env>/…`. */
function placeOf(relative: string, format: DiffFormat | undefined): { env: string; region: string } {
  const placed = format?.place?.(relative);
  if (placed) return { env: placed.env, region: placed.region ?? '' };
  const parts = relative.split('/');
  if (parts.length >= 3 && REGION.test(parts[1]!)) return { env: parts[0]!, region: parts[1]! };
  if (parts.length >= 2) return { env: parts[0]!, region: '' };
  return { env: '-', region: '' };
}

/** A format and the name its rules and scopes go by: the target's id, or `json`/`yaml`/`text`. */
interface ChosenFormat {
  name: string;
  format: DiffFormat;
}

function formatFor(relative: string, contents: string, own: DiffFormat | undefined, target: string): ChosenFormat {
  if (own?.matches(relative, contents)) return { name: target, format: own };
  const generic = GENERIC_FORMATS.find((format) => format.matches(relative, contents))!;
  return { name: generic.name, format: generic };
}

interface Group {
  prefix: string;
  target: string;
  env: string;
  region: string;
  key: string;
  /** Every file of the scope has this format (it is part of the group key). */
  chosen: ChosenFormat;
  /** Tree paths. */
  files: string[];
}

/** An object of one side, with the id its file recorded it under (ids repeated in a scope get a suffix). */
interface SideObject extends DiffObject {
  recordedId: string;
}

function parseSide(group: Group, tree: OutputTree): { objects: Map<string, SideObject>; fallback: Set<string> } {
  const objects = new Map<string, SideObject>();
  const fallback = new Set<string>();
  for (const file of group.files) {
    const contents = tree.get(file);
    if (contents === undefined) continue;
    let parsed: DiffObject[];
    try {
      parsed = group.chosen.format.parse(file, contents);
    } catch {
      parsed = textFormat.parse(file, contents);
      fallback.add(file);
    }
    for (const object of parsed) {
      // An id declared twice in one scope (two files, two documents): keep both, apart.
      let id = object.id;
      for (let n = 2; objects.has(id); n++) id = `${object.id} (${n})`;
      objects.set(id, { ...object, id, recordedId: object.id });
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

function linesOf(object: DiffObject | undefined): string[] | undefined {
  return isPlainObject(object?.value) && Array.isArray(object.value.lines) ? (object.value.lines as string[]) : undefined;
}

function leafCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + leafCount(item), 0);
  if (isPlainObject(value)) return Object.values(value).reduce((sum: number, item) => sum + leafCount(item), 0);
  return 1;
}

/** What the engine derives from a format, once per format: its noise fields and its rules with the generic ones. */
const derived = new WeakMap<DiffFormat, { noise: ReadonlySet<string>; rules: readonly RiskRule[] }>();
function derivedOf(format: DiffFormat): { noise: ReadonlySet<string>; rules: readonly RiskRule[] } {
  let found = derived.get(format);
  if (!found) derived.set(format, (found = { noise: new Set(format.noise ?? []), rules: [...format.risks, plainSecretRule(format)] }));
  return found;
}
const noiseOf = (format: DiffFormat) => derivedOf(format).noise;

function fieldsOf(format: DiffFormat, before: DiffObject | undefined, after: DiffObject | undefined, asText: boolean): FieldChange[] {
  if (asText) return textFields(linesOf(before), linesOf(after));
  return diffFields(before?.value, after?.value, noiseOf(format));
}

/** Runs the format's risk table and the generic rules on one change. */
function risksOf(chosen: ChosenFormat, kind: ChangeKind, before: DiffObject | undefined, after: DiffObject | undefined, fields: FieldChange[], baseScope: DiffObject[], headScope: DiffObject[]): RiskFlag[] {
  const { name, format } = chosen;
  const type = after?.type ?? before!.type;
  const flags: RiskFlag[] = [];
  if (kind === 'replaced' && !format.readOnly?.(before!)) {
    flags.push({ category: 'replacement', rule: `${name}/renamed`, message: `renamed from ${before!.id}: the old ${before!.type} is destroyed and a new one created` });
  }
  for (const rule of derivedOf(format).rules) {
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
function pairRenames<T extends DiffObject>(removed: T[], added: T[], format: DiffFormat): Array<[T, T]> {
  const candidates: Array<{ ratio: number; before: T; after: T }> = [];
  for (const before of removed) {
    for (const after of added) {
      if (before.type !== after.type || before.type === 'file') continue;
      const leaves = Math.max(leafCount(before.value), leafCount(after.value));
      if (leaves < 2) continue;
      const ratio = diffFields(before.value, after.value, noiseOf(format)).length / leaves;
      if (ratio <= 0.5) candidates.push({ ratio, before, after });
    }
  }
  candidates.sort((a, b) => a.ratio - b.ratio || compare(a.before.id, b.before.id) || compare(a.after.id, b.after.id));
  const used = new Set<T>();
  const pairs: Array<[T, T]> = [];
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
  /** The diff format of each target that has one, by target id; other targets' files get the generic format. */
  formats?: ReadonlyMap<string, DiffFormat>;
  notes?: string[];
}

/** Files into scopes: by system folder, target, format and the format's group key. */
function groupFiles(input: DiffInput, prefixes: readonly string[]): Group[] {
  const groups = new Map<string, Group>();
  const paths = [...new Set([...input.base.keys(), ...input.head.keys()])].filter((file) => !isManifestPath(file)).sort(compare);
  for (const file of paths) {
    const prefix = systemPrefix(file, prefixes);
    const inSystem = prefix ? file.slice(prefix.length + 1) : file;
    const slash = inSystem.indexOf('/');
    const target = slash > 0 ? inSystem.slice(0, slash) : '-';
    const relative = slash > 0 ? inSystem.slice(slash + 1) : inSystem;
    const contents = input.head.get(file) ?? input.base.get(file)!;
    const own = input.formats?.get(target);
    const chosen = formatFor(relative, contents, own, target);
    const groupKey = chosen.format.group ? chosen.format.group(relative) : relative;
    const key = `${prefix}\u0000${target}\u0000${chosen.name}\u0000${groupKey}`;
    let group = groups.get(key);
    if (!group) {
      const place = placeOf(relative, own);
      group = { prefix, target, ...place, key: [prefix, target, groupKey].filter(Boolean).join('/'), chosen, files: [] };
      groups.set(key, group);
    }
    group.files.push(file);
  }
  return [...groups.values()].sort((a, b) => compare(a.key, b.key));
}

/** A first changed line of a text file shows as is, unless it looks like a secret. */
const maskText = (fields: FieldChange[]): FieldChange[] =>
  fields.map((field) => (field.new !== undefined && looksSecretValue(field.new) ? { ...field, new: field.new.replace(/, first new: .*$/, `, first new: ${MASK}`) } : field));

export function diffTrees(input: DiffInput): DiffReport {
  const base = indexSide(input.base);
  const head = indexSide(input.head);
  const prefixes = [...new Set([...base.prefixes, ...head.prefixes])];

  const scopes: ScopeDiff[] = [];
  for (const group of groupFiles(input, prefixes)) {
    if (group.files.every((file) => input.base.get(file) === input.head.get(file))) continue;
    const before = parseSide(group, input.base);
    const after = parseSide(group, input.head);
    const baseScope = [...before.objects.values()];
    const headScope = [...after.objects.values()];
    const headEntities = head.records.entities.get(group.prefix) ?? new Map();
    const asText = (object: DiffObject | undefined) => object !== undefined && (before.fallback.has(object.file) || after.fallback.has(object.file) || group.chosen.format === textFormat);
    const attribute = (object: SideObject, side: 'head' | 'base') =>
      attribution(recordedSource((side === 'head' ? head : base).records, object.file, object.recordedId), headEntities, side);

    const changes: ObjectChange[] = [];
    const record = (kind: ChangeKind, old: SideObject | undefined, now: SideObject | undefined) => {
      const subject = (now ?? old)!;
      const text = asText(subject) || asText(old);
      const chosen = text ? { name: 'text', format: textFormat } : group.chosen;
      const fields = kind === 'changed' || kind === 'replaced' ? fieldsOf(chosen.format, old, now, text) : [];
      if (kind === 'changed' && fields.length === 0) return;
      const shown = text ? maskText(fields) : maskFields(fields);
      const change: ObjectChange = {
        kind,
        id: subject.id,
        type: subject.type,
        file: subject.file,
        fields: shown.slice(0, MAX_FIELDS_PER_OBJECT),
        moreFields: Math.max(0, shown.length - MAX_FIELDS_PER_OBJECT),
        risks: risksOf(chosen, kind, old, now, fields, baseScope, headScope),
      };
      if (kind === 'replaced') change.previousId = old!.id;
      const who = now ? attribute(now, 'head') : attribute(old!, 'base');
      if (who) change.attribution = who;
      changes.push(change);
    };

    const removed = baseScope.filter((object) => !after.objects.has(object.id));
    const added = headScope.filter((object) => !before.objects.has(object.id));
    const renames = pairRenames(removed, added, group.chosen.format);
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
