/** Go-to-definition, find-references, rename and hover over entities and schema keys. */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { MarkupKind, type Hover, type Location, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { isPlainObject } from '../data.ts';
import type { SourceSpan } from '../model/span.ts';
import { COLLECTION_OF_KIND } from '../model/types.ts';
import { NAME_PATTERN } from '../../schema/primitives.ts';
import { entityAt, entityKey, referencesTo, type EntityMention } from './entity-index.ts';
import { descriptionAt } from './schema-lookup.ts';
import { pathToUri, type SystemState } from './workspace.ts';
import { nodeAt } from './yaml-nodes.ts';

export const spanToRange = (span: SourceSpan): Range => ({
  start: { line: span.start.line - 1, character: span.start.column - 1 },
  end: { line: span.end.line - 1, character: span.end.column - 1 },
});

export const spanToLocation = (state: SystemState, span: SourceSpan): Location => ({
  uri: pathToUri(path.resolve(state.root, span.file)),
  range: spanToRange(span),
});

/** `file` as spans name it: relative to the system's folder, `/`-separated. */
const spanFile = (state: SystemState, file: string) => path.relative(state.root, file).split(path.sep).join('/');

export function mentionAt(state: SystemState, file: string, offset: number): EntityMention | undefined {
  return state.index ? entityAt(state.index, spanFile(state, file), offset) : undefined;
}

export function definition(state: SystemState, file: string, offset: number): Location | undefined {
  const mention = mentionAt(state, file, offset);
  const found = mention && state.index?.definitions.get(entityKey(mention.kind, mention.name));
  return found ? spanToLocation(state, found.span) : undefined;
}

export function references(state: SystemState, file: string, offset: number, includeDeclaration: boolean): Location[] {
  const mention = mentionAt(state, file, offset);
  if (!mention || !state.index) return [];
  const declared = state.index.definitions.get(entityKey(mention.kind, mention.name));
  const mentions = [...(includeDeclaration && declared ? [declared] : []), ...referencesTo(state.index, mention.kind, mention.name)];
  return mentions.map((each) => spanToLocation(state, each.span));
}

export class RenameError extends Error {}

export function prepareRename(state: SystemState, file: string, offset: number): { range: Range; placeholder: string } | undefined {
  const mention = mentionAt(state, file, offset);
  if (!mention || !state.index?.definitions.has(entityKey(mention.kind, mention.name))) return undefined;
  return { range: spanToRange(mention.span), placeholder: mention.name };
}

/** Renames the entity at `offset`: its key and every reference, in every file of the system. */
export function rename(state: SystemState, file: string, offset: number, newName: string): WorkspaceEdit {
  const mention = mentionAt(state, file, offset);
  const declared = mention && state.index?.definitions.get(entityKey(mention.kind, mention.name));
  if (!mention || !declared || !state.index) throw new RenameError('there is no entity here to rename');
  if (!NAME_PATTERN.test(newName)) throw new RenameError(`"${newName}" is not a valid name: lower-case letters, digits and "-", starting with a letter, at most 40 characters`);
  if (newName !== mention.name && state.index.definitions.has(entityKey(mention.kind, newName))) {
    throw new RenameError(`${mention.kind} "${newName}" already exists`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const each of [declared, ...referencesTo(state.index, mention.kind, mention.name)]) {
    const { uri, range } = spanToLocation(state, each.span);
    (changes[uri] ??= []).push({ range, newText: newName });
  }
  return { changes };
}

/** The settings a hover shows for an entity: its scalar values, at most this many. */
const HOVER_SETTINGS = 8;

function entityHover(state: SystemState, mention: EntityMention): Hover {
  const declared = state.index?.definitions.get(entityKey(mention.kind, mention.name));
  const collection = COLLECTION_OF_KIND[mention.kind];
  const entity = (state.result.loaded?.data[collection] as Record<string, unknown> | undefined)?.[mention.name];
  const settings = isPlainObject(entity)
    ? Object.entries(entity)
        .filter(([key, value]) => key !== 'environments' && (typeof value !== 'object' || value === null))
        .slice(0, HOVER_SETTINGS)
        .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    : [];
  const lines = [
    `**${mention.kind}** \`${mention.name}\``,
    ...(settings.length ? ['```yaml', ...settings, '```'] : []),
    declared ? `declared in \`${declared.span.file}:${declared.span.start.line}\`` : `not declared: no \`${collection}.${mention.name}\``,
  ];
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: spanToRange(mention.span) };
}

/** For an entity name or reference: its kind and key settings; for a key or value: the schema's description. */
export function hover(state: SystemState, file: string, text: string, offset: number): Hover | undefined {
  const mention = mentionAt(state, file, offset);
  if (mention) return entityHover(state, mention);
  const found = nodeAt(parseDocument(text, { uniqueKeys: false, prettyErrors: false }), offset);
  if (!found) return undefined;
  const description = descriptionAt(found.path);
  if (!description) return undefined;
  const title = found.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : segment)).join('.').replace(/\.\[/g, '[');
  return { contents: { kind: MarkupKind.Markdown, value: `\`${title}\`\n\n${description}` } };
}
