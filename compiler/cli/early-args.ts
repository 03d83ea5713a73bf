/**
 * What the bin reads from the command line before the CLI's modules (and their option tables)
 * load: a form read wrongly here costs speed (a thread or a V8 setting), never a result.
 */

/** Whether `-w`/`--watch` is on the command line, alone or grouped (`-qw`; in `-ow`, `w` is the value of `-o`). */
export function asksToWatch(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--watch' || (/^-[a-zA-Z]+$/.test(arg) && arg.slice(1).split('o')[0]!.includes('w')));
}

/** The commands that keep running (the language server, watch mode), as opposed to one build, check or diff. */
export function runsLong(args: readonly string[]): boolean {
  return args[0] === 'lsp' || asksToWatch(args);
}
