/**
 * Keeping each finding once. A check about a base definition runs again in every environment's
 * view (and a target's check in every environment it serves), so the same finding — the same
 * code and message at the same place — is made several times and said once.
 */
import type { Diagnostic } from './types.ts';

const findingKey = (diagnostic: Diagnostic) => `${diagnostic.code}\u0000${diagnostic.message}\u0000${diagnostic.span?.file}:${diagnostic.span?.start.offset}`;

/** A reporter that adds to `sink` each finding it has not been given before. */
export function onceEach(sink: Diagnostic[]): (diagnostic: Diagnostic) => void {
  const seen = new Set<string>();
  return (diagnostic) => {
    const key = findingKey(diagnostic);
    if (seen.has(key)) return;
    seen.add(key);
    sink.push(diagnostic);
  };
}
