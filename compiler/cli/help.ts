/** Usage texts; the version is stamped into the bundle at build time. */
declare const __INFRAGEN_VERSION__: string | undefined;
export const VERSION = typeof __INFRAGEN_VERSION__ === 'string' ? __INFRAGEN_VERSION__ : '0.0.0-dev';

const OUTPUT_OPTIONS = `  --format text|json|github  how diagnostics are printed (default text; json and github go to stdout)
  -q, --quiet                print errors only
  --debug                    stack traces for internal errors and failing targets`;

export const HELP = {
  main: `infragen ${VERSION} — compile system.yaml into Terraform JSON, Kubernetes manifests, serverless.yml and docker-compose files

Usage: infragen <command> [options]

Commands:
  build [system.yaml]      validate, compile every target and write the output folder
  validate [system.yaml]   check the file and report every problem; writes nothing
  diff <base> [<head>]     what changed in the generated output, why, and how risky it is
  schema                   print the JSON Schema of system.yaml
  targets [system.yaml]    list the built-in targets and the plugins a system loads
  lsp [--stdio]            the language server editors start (diagnostics, completion, rename)
  completion bash|zsh|fish print a shell completion script

Run \`infragen <command> --help\` for its options. -o (--output) is always where a command writes
what it makes: build's folder, diff's report, schema's file. Exit codes: 0 ok, 1 errors in the input
(or --check found the output stale), 2 usage or internal error.
`,
  build: `Usage: infragen build [system.yaml] [options]

Validates the system, runs the targets and writes their files, plus manifest.json, to the output
folder. The folder is replaced as a whole only when the build succeeds; unchanged files are left as
they are and files no longer produced are removed.

Options:
  -o, --output <dir>         output folder (default: out; --out is the same)
  --env <name>               only this environment (repeatable; default: all)
  --target <id>              only this target (repeatable; default: all)
  --plugin <spec>            load a plugin target: ./plugin.mjs, npm:<package> or template:./folder (repeatable)
  --check                    write nothing; exit 1 when the output folder is not what a build would write
  -w, --watch                build again whenever system.yaml, an included file or a template plugin
                             changes; print only what changed; Ctrl-C stops
  --timings                  print the time each stage took
  --timings-json <file>      write the stage timings and peak memory as JSON (for npm run bench)
${OUTPUT_OPTIONS}
`,
  validate: `Usage: infragen validate [system.yaml] [options]

Loads the file and its includes and reports every error and warning at once. Writes nothing.

Options:
  --env <name>               check only this environment's view (repeatable)
  -w, --watch                validate again whenever system.yaml, an included file or a template plugin
                             changes; print only what changed; Ctrl-C stops
  --timings                  print the time each stage took
  --timings-json <file>      write the stage timings and peak memory as JSON (for npm run bench)
${OUTPUT_OPTIONS}
`,
  schema: `Usage: infragen schema [-o <file>]

Prints the JSON Schema of system.yaml, generated from the compiler's own schema, or writes it to
<file> with -o. Point editors at it with a first line
\`# yaml-language-server: $schema=<path>/system.schema.json\`.
`,
  completion: `Usage: infragen completion bash|zsh|fish

Prints a completion script for the shell: commands, options, option values (formats, targets) and
system files.
  bash:  eval "$(infragen completion bash)"                      (in ~/.bashrc)
  zsh:   infragen completion zsh > "\${fpath[1]}/_infragen"       (then restart zsh)
  fish:  infragen completion fish > ~/.config/fish/completions/infragen.fish
`,
  diff: `Usage: infragen diff <base-folder> [<head-folder>] [options]
       infragen diff --base-ref <git-ref> [<head-folder>] [--system system.yaml] [options]

Compares two builds object by object (Terraform addresses, Kubernetes kind/namespace/name, compose
services, serverless functions), names the system.yaml entity and line behind each change, and
flags risks: deleted stateful resources, changes that force replacement, and security changes
(public ports and ingress, open security groups, IAM wildcards, secrets in plain env).
The head side defaults to out/, or with --base-ref to a build of the working tree.

Options:
  --base-ref <ref>           build the base side from the system file at this git revision (in memory)
  --system <path>            the system file for --base-ref and working-tree builds (default: system.yaml)
  --format <f>               text (default), markdown (a pull-request comment), json, github (annotations)
  -o, --output <file>        write the report to a file instead of stdout
  --exit-code                exit 1 when anything changed (like git diff --exit-code)
  --fail-on <what>           exit 1 on risk flags: risk (any), data-loss, replacement, security, or change
  --source-url <url>         link system.yaml lines in markdown, e.g. https://github.com/o/r/blob/<sha>/
  --env <name>, --target <id>, --plugin <spec>   narrow the in-memory builds, as for build
  -q, --quiet                print nothing in text format (use the exit code)

Exit codes: 0 done, 1 changes (--exit-code) or flagged risks (--fail-on), 2 the diff could not be made.
`,
  lsp: `Usage: infragen lsp [--stdio]

Runs the language server over stdin and stdout: the CLI's diagnostics as you type, for a system
file and the files it includes; completion of keys, values, references and \${…} attributes;
go to definition, find references, rename and hover. editors/vscode/ holds a VS Code extension
that starts it; any LSP client can (see docs/editors.md).
`,
  targets: `Usage: infragen targets [system.yaml] [--plugin <spec>]

Lists the built-in targets and, given a system file, the plugin targets it loads.
`,
};
