/**
 * What chose an instance's class in one view: a raw `class` or a portable `size`. When the base
 * definition sets one and an environment override the other, the override's wins (that is how an
 * environment moves a database to another cloud); both at the same level is CLASS_OR_SIZE.
 */
import { valueAt } from '../data.ts';
import type { RawData } from '../load/load.ts';
import type { DocumentView } from '../validate/views.ts';
import type { InstanceSize } from './types.ts';

export type ClassChoice =
  | { class: string }
  | { size: InstanceSize }
  | { missing: true }
  | { both: true };

const fromOverride = (view: DocumentView, path: (string | number)[]) => view.sourcePath(path)[2] === 'environments';

export function classChoice(view: DocumentView, collection: string, name: string, entity: { class?: string; size?: InstanceSize }): ClassChoice {
  if (entity.class === undefined && entity.size === undefined) return { missing: true };
  if (entity.size === undefined) return { class: entity.class! };
  if (entity.class === undefined) return { size: entity.size };
  const classOverride = fromOverride(view, [collection, name, 'class']);
  const sizeOverride = fromOverride(view, [collection, name, 'size']);
  if (classOverride === sizeOverride) return { both: true };
  return classOverride ? { class: entity.class } : { size: entity.size };
}

/** Whether `path` of the view was written in system.yaml (in the override or the base), not left to a default. */
export function written(view: DocumentView, raw: RawData, path: (string | number)[]): boolean {
  return valueAt(raw, view.sourcePath(path)) !== undefined;
}
