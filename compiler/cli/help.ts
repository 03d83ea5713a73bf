/** Usage texts; the version is stamped into the bundle at build time. */
declare const __INFRAGEN_VERSION__: string | undefined;
export const VERSION = typeof __INFRAGEN_VERSION__ === 'string' ? __INFRAGEN_VERSION__ : '0.0.0-dev';

const MAX_DIAGNOSTICS = `  --max-diagnostics <n>      text output prints the first n diagnostics, then how many more there are
                             (default 100; 0 prints all; json and github always carry all)`;

const OUTPUT_OPTIONS = `  --format text|json|github  how diagnostics are printed (default text; json and github go to stdout)
${MAX_DIAGNOSTICS}
  -q, --quiet                print errors only
  --debug                    stack traces for internal errors and failing targets`;

export const HELP = {
  main: `infragen ${VERSION} — compile system.yaml into Terraform JSON, Kubernetes manifests, serverless.yml and docker-compose files

Usage: infragen <command> [options]

Commands:
  init [dir]               start a system.yaml from a template (service-db, functions, testnet, blank)
  import compose <file>    turn a docker-compose.yml into a system.yaml
  build [system.yaml]      validate, compile every target and write the output folder
  validate [system.yaml]   check the file and report every problem; writes nothing
  diff <base> [<head>]     what changed in the generated output, why, and how risky it is
  graph [system.yaml]      the architecture diagram: HTML, SVG, Mermaid, DOT or JSON
  model [system.yaml]      print the normalized model every target receives, as stable JSON
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
folder, only when the whole build succeeds. infragen owns exactly the files its manifest lists: it
removes those no longer produced, leaves unchanged ones as they are, and never touches other files
(secret files, Terraform state, yours). A folder holding files infragen did not write and no
infragen manifest is refused. A killed build is rolled back by the next one.

Options:
  -o, --output <dir>         output folder (default: out; --out is the same)
  --env <name>               only this environment (repeatable; default: all)
  --image-tag <tag>          tag of the images built from source (default: $IMAGE_TAG, then the
                             environment's image.tag, then the system's version; never latest)
  --target <id>              only this target (repeatable; default: all)
  --plugin <spec>            load a plugin target: ./plugin.mjs, npm:<package> or template:./folder (repeatable)
  --check                    write nothing; exit 1 when a generated file is missing, stale or unexpected
  -w, --watch                build again whenever system.yaml, an included file or a template plugin
                             changes; print only what changed; Ctrl-C stops
  --timings                  print the time each stage took
  --timings-json <file>      write the stage timings and peak memory as JSON (for npm run bench)
${OUTPUT_OPTIONS}
`,
  validate: `Usage: infragen validate [system.yaml] [options]

Loads the file and its includes and reports every error and warning at once: the schema, the
semantic checks, the plugins (loaded only once the file itself is valid; a plugin's code runs
when it is loaded, see docs/plugins.md) and every target's own checks, exactly those \`build\`
makes, so a file that validates builds (for the same --env, --target and --plugin). Writes nothing.

Options:
  --env <name>               check only this environment's view (repeatable)
  --target <id>              run only this target's checks (repeatable; default: all)
  --plugin <spec>            also load this plugin target, as for build (repeatable)
  --image-tag <tag>          tag of the images built from source, as for build
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
  --graph                    markdown only: add a Mermaid picture of the changed entities (marked added,
                             changed, removed) and their neighbours; with two folders it draws --system
  --env <name>, --target <id>, --plugin <spec>, --image-tag <tag>   narrow the in-memory builds, as for build
  --max-diagnostics <n>      when a side does not build, print its first n errors (default 100; 0: all)
  -q, --quiet                print nothing in text format (use the exit code)

Exit codes: 0 done, 1 changes (--exit-code) or flagged risks (--fail-on), 2 the diff could not be made.
`,
  lsp: `Usage: infragen lsp [--stdio]

Runs the language server over stdin and stdout: the CLI's diagnostics as you type, for a system
file and the files it includes; completion of keys, values, references and \${…} attributes;
go to definition, find references, rename and hover. editors/vscode/ holds a VS Code extension
that starts it; any LSP client can (see docs/editors.md).
`,
  graph: `Usage: infragen graph [system.yaml] [options]

Draws the system as it will be deployed: every entity as a node (a shape and colour per kind),
grouped by environment, region and network zone, with an edge for every relation system.yaml
states (uses, publishes, consumes, subscriptions with their filters, dependsOn/before, alarms,
ingress, routes, schedules) and a legend. Draws only a valid system: errors are reported as by
\`validate\`, exit 1. The same system always gives the same bytes.

Options:
  --env <name>               the environment to draw (default: the first by name)
  --region <name>            only this region of the environment
  --format <f>               html (default: one self-contained page with pan, zoom, hover details and
                             click-to-copy of the system.yaml line), svg, mermaid (a flowchart for
                             pull-request comments), dot (Graphviz) or json (nodes, edges, groups)
  -o, --out <file>           write to a file instead of stdout
  -q, --quiet                print errors only
  --timings                  print the time each stage took
  --timings-json <file>      write the stage timings and peak memory as JSON (for npm run bench)
`,
  model: `Usage: infragen model [system.yaml] [options]

Prints the normalized model of a valid system: what every target, built-in or plugin, receives
(defaults applied, overrides merged, references resolved, sizes turned into the cloud's classes),
as JSON with sorted keys. Source spans are left out unless --spans. Errors are reported as by
\`validate\`, exit 1. Each example commits its model as examples/<name>/model.json.

Options:
  --env <name>               only these environments (repeatable; default: all)
  --image-tag <tag>          the tag of images built from source (or IMAGE_TAG)
  --plugin <spec>            load a plugin too (its clouds count), as for build
  --spans                    keep the system.yaml spans (span, fieldSpans)
  -o, --output <file>        write to a file instead of stdout
  -q, --quiet                print errors only
  --timings                  print the time each stage took
  --timings-json <file>      write the stage timings and peak memory as JSON (for npm run bench)
`,
  init: `Usage: infragen init [dir] [options]

Writes a commented system.yaml (and, when no installed infragen package provides one, the
system.schema.json its editor line points at) into dir (default: the current folder). On a
terminal it asks for what is not given; with --yes, or without a terminal, it takes the defaults.
It never writes over an existing file.

Options:
  --template <name>          service-db (default: a web service with Postgres and a cache),
                             functions (API functions, a queue and a schedule), testnet, blank
  --name <system>            the system name (default: the folder's name)
  --cloud aws                the cloud (aws, the only built-in one)
  --region <region>          the primary region (default: us-east-1)
  -y, --yes                  ask nothing; take the defaults
`,
  import: `Usage: infragen import compose <file|folder> [-f <override>…] [options]

Reads a Compose project the way Docker Compose does (compose.yaml or docker-compose.yml and its
override file, -f files merged in order, \${VAR} and .env interpolation, extends, profiles) and
writes an equivalent system.yaml: Postgres, MySQL, MariaDB, Redis and Valkey containers become
managed databases and caches, the variables pointing at them become interpolations, one-shot
containers become jobs, literal credentials become declared secrets (their values are never
copied). What cannot be expressed is reported at its Compose line and marked in the output.

Options:
  -f, --file <file>          an override file, merged over the ones before it (repeatable)
  -o, --out <file>           where to write (default: system.yaml beside the Compose file)
  --name <system>            the system name (default: the project name, or the folder's name)
  --profile <name>           activate a Compose profile (repeatable; COMPOSE_PROFILES works too)
  --region <region>          the primary region (default: us-east-1)
  --force                    replace the output file if it exists
${OUTPUT_OPTIONS.split('\n').filter((line) => !line.includes('--debug')).join('\n')}
`,
  targets: `Usage: infragen targets [system.yaml] [options]

Lists the built-in targets and, given a system file, the plugin targets it loads. A system file's
plugins are loaded only once the file validates (as for build and validate). With --format json,
stdout holds one document: { targets, diagnostics, summary, pluginsLoaded }.

Options:
  --plugin <spec>            also load this plugin target (repeatable)
${OUTPUT_OPTIONS}
`,
};
