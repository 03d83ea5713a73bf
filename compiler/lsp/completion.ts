/**
 * Completion: keys and enum values from the schema, entity references where a field takes one,
 * and `${kind.name.attribute}` interpolations one segment at a time.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isPlainObject } from '../data.ts';
import { ENTITY_COLLECTIONS, COLLECTION_OF_KIND, type EntityKind } from '../model/types.ts';
import { ENTITY_ATTRIBUTES } from '../model/wiring.ts';
import { ENV_ATTRIBUTES } from '../validate/references.ts';
import { kindsOf, referenceFieldAt, type EntityIndex } from './entity-index.ts';
import { acceptsMap, keysOf, valuesOf } from './schema-lookup.ts';
import { completionContext } from './yaml-nodes.ts';

export interface CompletionInput {
  document: TextDocument;
  offset: number;
  index?: EntityIndex;
  /** The merged data of the system, for the attributes that depend on the entity (testnet ports). */
  data?: Record<string, unknown>;
}

const KINDS = Object.values(ENTITY_COLLECTIONS) as EntityKind[];

export function complete(input: CompletionInput): CompletionItem[] {
  const text = input.document.getText();
  const lineStart = text.lastIndexOf('\n', input.offset - 1) + 1;
  const before = text.slice(lineStart, input.offset);
  const open = before.lastIndexOf('${');
  if (open >= 0 && !before.slice(open).includes('}')) return completeInterpolation(input, before.slice(open + 2));

  const context = completionContext(text, input.offset);
  if (!context) return [];
  const range = rangeOf(input.document, context.prefixStart, input.offset);
  if (context.position === 'key') return keyItems(context.path, range);

  const items: CompletionItem[] = [];
  const field = referenceFieldAt(context.path);
  if (field) items.push(...referenceItems(input.index, kindsOf(field), range));
  for (const value of valuesOf(context.path)) items.push({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: value } });
  if (acceptsMap(context.path)) items.push(...keyItems(context.path, range));
  return items;
}

const rangeOf = (document: TextDocument, start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });

function keyItems(path: ReadonlyArray<string | number>, range: Range): CompletionItem[] {
  return keysOf(path).map((key) => ({
    label: key.key,
    kind: CompletionItemKind.Property,
    ...(key.required ? { detail: 'required' } : {}),
    ...(key.description ? { documentation: { kind: MarkupKind.Markdown, value: key.description } } : {}),
    textEdit: { range, newText: `${key.key}: ` },
  }));
}

function referenceItems(index: EntityIndex | undefined, kinds: readonly EntityKind[], range: Range): CompletionItem[] {
  if (!index) return [];
  return [...index.definitions.values()]
    .filter((definition) => kinds.includes(definition.kind))
    .map((definition) => ({
      label: `${definition.kind}.${definition.name}`,
      kind: CompletionItemKind.Reference,
      detail: `${definition.kind} declared in ${definition.span.file}:${definition.span.start.line}`,
      textEdit: { range, newText: `${definition.kind}.${definition.name}` },
    }));
}

/** `${` then a kind (or `env`, `system`), `${kind.` then a name, `${kind.name.` then an attribute. */
function completeInterpolation(input: CompletionInput, expression: string): CompletionItem[] {
  const segments = expression.split('.');
  const current = segments[segments.length - 1]!;
  const range = rangeOf(input.document, input.offset - current.length, input.offset);
  const item = (label: string, kind: CompletionItemKind, detail: string, newText = label): CompletionItem => ({ label, kind, detail, textEdit: { range, newText } });
  const retrigger = { command: 'editor.action.triggerSuggest', title: 'names' };

  if (segments.length === 1) {
    const declaredKinds = KINDS.filter((kind) => [...(input.index?.definitions.values() ?? [])].some((definition) => definition.kind === kind));
    return [
      ...declaredKinds.map((kind) => ({ ...item(kind, CompletionItemKind.Module, `an entity of \`${COLLECTION_OF_KIND[kind]}\``, `${kind}.`), command: retrigger })),
      { ...item('env', CompletionItemKind.Module, 'the environment: name, domain, region, account', 'env.'), command: retrigger },
      item('system', CompletionItemKind.Constant, 'the system name'),
    ];
  }
  const [first, second] = segments as [string, string];
  if (segments.length === 2) {
    if (first === 'env') return ENV_ATTRIBUTES.map((attribute) => item(attribute, CompletionItemKind.Field, `the environment's ${attribute}`));
    return [...(input.index?.definitions.values() ?? [])]
      .filter((definition) => definition.kind === first)
      .map((definition) => ({ ...item(definition.name, CompletionItemKind.Reference, `${first} declared in ${definition.span.file}:${definition.span.start.line}`, `${definition.name}.`), command: retrigger }));
  }
  if (segments.length === 3) {
    return attributesOf(first as EntityKind, second, input.data).map((attribute) => item(attribute, CompletionItemKind.Field, `${first}.${second}.${attribute}`));
  }
  return [];
}

/** A testnet exposes one attribute per declared port; other kinds a fixed list. */
function attributesOf(kind: EntityKind, name: string, data: Record<string, unknown> | undefined): readonly string[] {
  if (kind !== 'testnet') return ENTITY_ATTRIBUTES[kind] ?? [];
  const testnet = (data?.testnets as Record<string, unknown> | undefined)?.[name];
  const ports = isPlainObject(testnet) ? testnet.ports : undefined;
  return isPlainObject(ports) ? Object.keys(ports) : [];
}

/** After a dot (`kind.`), an opening bracket, and the space after `key:` or `-`. */
export const COMPLETION_TRIGGERS = ['.', '{', '[', ' '];
