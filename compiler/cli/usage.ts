/** Command-line usage: parsing options, and usage errors that say what was probably meant. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../diagnostics/suggest.ts';

export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export const COMMANDS = ['init', 'import', 'build', 'validate', 'diff', 'graph', 'model', 'schema', 'targets', 'lsp', 'completion', 'help'] as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--fromat` → `--format`; `-x` → nothing to suggest. */
function optionHint(message: string, options: Options): string | undefined {
  const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
  if (!unknown?.startsWith('--')) return undefined;
  const name = unknown.slice(2).split('=')[0]!;
  const suggestion = closest(name, Object.keys(options));
  return suggestion ? `did you mean --${suggestion}?` : undefined;
}

/** node:util's parseArgs, strict, with its errors as usage errors that suggest the nearest option. */
export function parseOptions<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument starting with a '-'.*$/, '');
    throw new UsageError(message, optionHint(message, options));
  }
}

/** An unknown command, with the nearest command when it looks like a typo. */
export function unknownCommand(command: string): UsageError {
  const suggestion = closest(command, COMMANDS);
  return new UsageError(`unknown command "${command}"`, suggestion ? `did you mean \`infragen ${suggestion}\`?` : `commands: ${COMMANDS.join(', ')}`);
}

/** The `--format` the user asked for, read from raw arguments: usage errors are printed in it even when parsing failed. */
export function requestedFormat(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--format') return argv[index + 1];
    if (arg.startsWith('--format=')) return arg.slice('--format='.length);
  }
  return undefined;
}
