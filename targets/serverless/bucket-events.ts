/**
 * A function's bucket sources (`notify: [{ function }]` on a bucket, or `consumes: [bucket.x]` on
 * the function) as `eventBridge` events on the region's default bus: the Terraform target turns on
 * EventBridge delivery in the bucket's notification configuration (it owns that configuration),
 * and the framework makes the rule and the permission to invoke the function. An EventBridge rule
 * sees only its own region's events, so the function must run in every region of the bucket.
 */
import {
  bucketName,
  type BucketNotification,
  type FunctionDef,
  type ResolvedSystem,
} from '../../compiler/plugin-api.ts';
import type { Scope } from './scope.ts';

const DETAIL_TYPES = { created: 'Object Created', removed: 'Object Deleted' } as const;

/** EventBridge's `wildcard` matches `*` as any text: a literal `*` or `\\` is escaped. */
const wildcardLiteral = (text: string) => text.replace(/[\\*]/g, (character) => `\\${character}`);

/** The content filter on the object key: prefix, suffix, or both as one wildcard. */
function keyFilter(entry: BucketNotification): Record<string, unknown> | undefined {
  if (entry.prefix !== undefined && entry.suffix !== undefined) return { wildcard: `${wildcardLiteral(entry.prefix)}*${wildcardLiteral(entry.suffix)}` };
  if (entry.prefix !== undefined) return { prefix: entry.prefix };
  if (entry.suffix !== undefined) return { suffix: entry.suffix };
  return undefined;
}

type BucketSource = { bucket: string; regions: string[]; entry: BucketNotification };

/** Per system (the model does not change once built), the bucket sources of each function. */
const sourcesByFunction = new WeakMap<ResolvedSystem, Map<string, BucketSource[]>>();

/** The buckets' notifications that invoke `fn`, with their bucket, in bucket-name order. */
export function bucketSources(resolved: ResolvedSystem, fn: FunctionDef): BucketSource[] {
  let byFunction = sourcesByFunction.get(resolved);
  if (!byFunction) {
    // Indexed once: looking through every bucket for every function was buckets × functions.
    byFunction = new Map();
    for (const bucket of Object.values(resolved.buckets)) {
      for (const entry of bucket.notify) {
        if (entry.target.kind !== 'function') continue;
        const sources = byFunction.get(entry.target.name) ?? [];
        byFunction.set(entry.target.name, sources);
        sources.push({ bucket: bucket.name, regions: bucket.regions, entry });
      }
    }
    sourcesByFunction.set(resolved, byFunction);
  }
  return byFunction.get(fn.name) ?? [];
}

export function bucketEvents(scope: Scope, fn: FunctionDef): Array<Record<string, unknown>> {
  return bucketSources(scope.resolved, fn)
    .filter((source) => source.regions.includes(scope.region))
    .map(({ bucket, regions, entry }) => {
      const name = bucketName(scope.model.name, scope.env.name, bucket, scope.region === regions[0] ? undefined : scope.region);
      const key = keyFilter(entry);
      return {
        eventBridge: {
          pattern: {
            source: ['aws.s3'],
            'detail-type': entry.events.map((event) => DETAIL_TYPES[event]),
            detail: { bucket: { name: [name] }, ...(key ? { object: { key: [key] } } : {}) },
          },
        },
      };
    });
}
