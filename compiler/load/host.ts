/**
 * The loader reads files only through a `SourceHost`, so the same pipeline runs on disk, in tests
 * and on a git revision held in memory (`infragen diff --base-ref`).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface SourceHost {
  /** The file's text, or undefined when it does not exist. Paths are absolute. */
  readFile(absolutePath: string): string | undefined;
  /** Size in bytes without reading the file, or undefined when it does not exist. */
  fileSize(absolutePath: string): number | undefined;
  /** Absolute paths matching `pattern` (relative to `cwd`), sorted. */
  glob(pattern: string, cwd: string): string[];
  /** Resolves links; the same path for hosts without them. */
  realPath(absolutePath: string): string;
}

export const diskHost: SourceHost = {
  readFile(absolutePath) {
    try {
      return readFileSync(absolutePath, 'utf8');
    } catch {
      return undefined;
    }
  },
  fileSize(absolutePath) {
    try {
      const stat = statSync(absolutePath);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  glob(pattern, cwd) {
    return fg
      .sync(pattern, { cwd, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false })
      .map((file) => path.resolve(file))
      .sort();
  },
  realPath(absolutePath) {
    try {
      return realpathSync(absolutePath);
    } catch {
      return absolutePath;
    }
  },
};

/** A glob pattern as a regular expression: `**`, `*`, `?`, `{a,b}` and `[…]`, with `/` separators. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      const slash = pattern[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const close = pattern.indexOf('}', index);
      if (close < 0) source += '\\{';
      else {
        source += `(?:${pattern.slice(index + 1, close).split(',').map((part) => part.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        index = close;
      }
    } else if (char === '[') {
      const close = pattern.indexOf(']', index);
      if (close < 0) source += '\\[';
      else {
        source += pattern.slice(index, close + 1).replace(/^\[!/, '[^');
        index = close;
      }
    } else source += /[.+^$()|\\]/.test(char) ? `\\${char}` : char;
  }
  return new RegExp(`^${source}$`);
}

/** A host over an in-memory map of absolute path → text (tests, git revisions). */
export function memoryHost(files: Record<string, string>): SourceHost {
  return {
    readFile: (absolutePath) => files[absolutePath],
    fileSize: (absolutePath) => (absolutePath in files ? Buffer.byteLength(files[absolutePath]!) : undefined),
    glob(pattern, cwd) {
      const matcher = globToRegExp(path.posix.normalize(pattern));
      const candidates = Object.keys(files).map((file) => path.relative(cwd, file).split(path.sep).join('/'));
      return candidates
        .filter((relative) => !relative.startsWith('../') && matcher.test(relative))
        .map((relative) => path.resolve(cwd, relative))
        .sort();
    },
    realPath: (absolutePath) => absolutePath,
  };
}
