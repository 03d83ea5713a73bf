/**
 * The built-in targets. Each loads lazily, so `validate` and a build of one target never pay
 * for the libraries of the others (cdktf alone costs hundreds of milliseconds).
 */
import type { TargetEntry } from '../compiler/targets.ts';

export const BUILTIN_TARGETS: TargetEntry[] = [];
