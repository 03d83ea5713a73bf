/**
 * Turning a plugin spec into a file or folder: `./x.mjs` and `template:./dir` relative to a base
 * folder, `npm:<package>` from the node_modules the base folder sees (as `require` would look).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ResolvedSpec =
  | { kind: 'module'; file: string }
  | { kind: 'template'; folder: string }
  | { kind: 'missing'; reason: string };

/** `/`-separated path of `file` relative to `base`, for messages that must not hold absolute paths. */
const relativeTo = (base: string, file: string) => path.relative(base, file).split(path.sep).join('/') || '.';

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();
const isFolder = (folder: string) => existsSync(folder) && statSync(folder).isDirectory();

/** The entry of an ES module package, following `exports` with the `import`/`node`/`default` conditions. */
function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) return exports.map(exportsEntry).find((entry) => entry !== undefined);
  if (exports && typeof exports === 'object') {
    const record = exports as Record<string, unknown>;
    if ('.' in record) return exportsEntry(record['.']);
    for (const condition of ['import', 'node', 'default']) {
      if (condition in record) {
        const entry = exportsEntry(record[condition]);
        if (entry !== undefined) return entry;
      }
    }
  }
  return undefined;
}

function resolvePackage(name: string, base: string): ResolvedSpec {
  const require = createRequire(path.join(base, 'noop.js'));
  const folders = require.resolve.paths(name) ?? [];
  const root = folders.map((folder) => path.join(folder, name)).find((folder) => isFile(path.join(folder, 'package.json')));
  if (!root) return { kind: 'missing', reason: `package "${name}" is not installed (looked in the node_modules folders above ${relativeTo(process.cwd(), base)})` };
  let manifest: { exports?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch (error) {
    return { kind: 'missing', reason: `its package.json cannot be read: ${(error as Error).message}` };
  }
  const entry = exportsEntry(manifest.exports) ?? (typeof manifest.main === 'string' ? manifest.main : 'index.js');
  const file = path.resolve(root, entry);
  return isFile(file) ? { kind: 'module', file } : { kind: 'missing', reason: `its entry "${entry}" does not exist` };
}

/** An npm package name, scoped or not: no path segments of its own, so it cannot leave `node_modules`. */
const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Resolves `spec` against `base` (the system file's folder, or the current folder for `--plugin`). */
export function resolveSpec(spec: string, base: string): ResolvedSpec {
  if (spec.startsWith('npm:')) {
    const name = spec.slice('npm:'.length);
    if (!PACKAGE_NAME.test(name)) return { kind: 'missing', reason: `"${name}" is not an npm package name (\`name\` or \`@scope/name\`)` };
    return resolvePackage(name, base);
  }
  if (spec.startsWith('template:')) {
    const folder = path.resolve(base, spec.slice('template:'.length));
    return isFolder(folder) ? { kind: 'template', folder } : { kind: 'missing', reason: `no folder "${relativeTo(base, folder)}"` };
  }
  const file = path.resolve(base, spec);
  return isFile(file) ? { kind: 'module', file } : { kind: 'missing', reason: `no file "${relativeTo(base, file)}"` };
}
