/**
 * The tag of images built from source (`build:`), one rule for every target (documented in
 * docs/language.md, "Image tags"): `--image-tag` (or the `IMAGE_TAG` environment variable, read by
 * the CLI) wins, then the environment's `image.tag`, then the system's `version`.
 */
import type { SystemDocument } from '../../schema/system.ts';

export interface ImageTagSource {
  tag: string;
  /** Where it came from, for messages and docs. */
  from: 'option' | 'environment' | 'version';
}

export function imageTagSource(document: SystemDocument, env: string | undefined, option: string | undefined): ImageTagSource | undefined {
  if (option !== undefined) return { tag: option, from: 'option' };
  const environmentTag = env === undefined ? undefined : document.environments[env]?.image?.tag;
  if (environmentTag !== undefined) return { tag: environmentTag, from: 'environment' };
  if (document.version !== undefined) return { tag: document.version, from: 'version' };
  return undefined;
}
