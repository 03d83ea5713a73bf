import type { Diagnostic } from './types.ts';

/** Stable order for printing and goldens: by file, position, then code and message. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (diagnostic: Diagnostic) => [diagnostic.span?.file ?? '', diagnostic.span?.start.offset ?? -1] as const;
  return [...diagnostics].sort((a, b) => {
    const [fileA, offsetA] = key(a);
    const [fileB, offsetB] = key(b);
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    if (offsetA !== offsetB) return offsetA - offsetB;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
