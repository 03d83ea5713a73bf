/** What makes a value a usable target: the checks a plugin's export must pass before it runs. */
import { cloudCatalogueProblem } from '../clouds/registry.ts';
import { PLUGIN_API_VERSION, type Target } from '../target.ts';
import { describeShape } from '../targets.ts';

export const TARGET_ID = /^[a-z][a-z0-9-]*$/;

/** Why `value` is not a valid target, or undefined when it is one. */
export function invalidTargetReason(value: unknown): string | undefined {
  if (typeof value === 'function') return 'the default export is a function; export the target itself (`export default defineTarget({ … })`)';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `the default export is ${describeShape(value)}, not a target`;
  const target = value as Partial<Record<keyof Target, unknown>>;
  if (typeof target.id !== 'string') return 'the target has no string `id`';
  if (!TARGET_ID.test(target.id)) return `the id "${target.id}" must match [a-z][a-z0-9-]*`;
  if (typeof target.description !== 'string' || target.description.trim() === '') return `target "${target.id}" has no \`description\``;
  if (target.apiVersion !== undefined && !(Number.isInteger(target.apiVersion) && (target.apiVersion as number) > 0)) {
    return `the \`apiVersion\` of target "${target.id}" must be a positive integer (this infragen offers plugin API ${PLUGIN_API_VERSION})`;
  }
  if (typeof target.emit !== 'function') return `target "${target.id}" has no \`emit\` function`;
  if (target.optionsSchema !== undefined && (target.optionsSchema === null || typeof target.optionsSchema !== 'object' || Array.isArray(target.optionsSchema))) {
    return `the \`optionsSchema\` of target "${target.id}" must be a JSON Schema object`;
  }
  if (target.userPaths !== undefined && !(Array.isArray(target.userPaths) && target.userPaths.every((pattern) => typeof pattern === 'string' && pattern !== ''))) {
    return `the \`userPaths\` of target "${target.id}" must be a list of glob patterns`;
  }
  if (target.clouds !== undefined && !(Array.isArray(target.clouds) && target.clouds.every((cloud) => typeof cloud === 'string' && TARGET_ID.test(cloud)))) {
    return `the \`clouds\` of target "${target.id}" must be a list of cloud ids like "aws"`;
  }
  if (target.cloudCatalogues !== undefined) {
    if (!Array.isArray(target.cloudCatalogues)) return `the \`cloudCatalogues\` of target "${target.id}" must be a list`;
    for (const cloud of target.cloudCatalogues as unknown[]) {
      const problem = cloudCatalogueProblem(cloud);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Why a valid target cannot run here because it was written for another plugin API, or undefined.
 * A target that names no version is taken to be written for this one.
 */
export function apiVersionMismatch(target: Target): string | undefined {
  if (target.apiVersion === undefined || target.apiVersion === PLUGIN_API_VERSION) return undefined;
  return `target "${target.id}" was written for plugin API ${target.apiVersion}; this infragen offers plugin API ${PLUGIN_API_VERSION}`;
}
