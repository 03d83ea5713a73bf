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
  schema                   print the JSON Schema of system.yaml
  targets [system.yaml]    list the built-in targets and the plugins a system loads

Run \`infragen <command> --help\` for its options. Exit codes: 0 ok, 1 errors in the input
(or --check found the output stale), 2 usage or internal error.
`,
  build: `Usage: infragen build [system.yaml] [options]

Validates the system, runs the targets and writes their files, plus manifest.json, to the output
folder. The folder is replaced as a whole only when the build succeeds; unchanged files are left as
they are and files no longer produced are removed.

Options:
  -o, --out <dir>            output folder (default: out)
  --env <name>               only this environment (repeatable; default: all)
  --target <id>              only this target (repeatable; default: all)
  --plugin <spec>            load a plugin target: ./plugin.mjs, npm:<package> or template:./folder (repeatable)
  --check                    write nothing; exit 1 when the output folder is not what a build would write
  --timings                  print the time each stage took
${OUTPUT_OPTIONS}
`,
  validate: `Usage: infragen validate [system.yaml] [options]

Loads the file and its includes and reports every error and warning at once. Writes nothing.

Options:
  --env <name>               check only this environment's view (repeatable)
  --timings                  print the time each stage took
${OUTPUT_OPTIONS}
`,
  schema: `Usage: infragen schema

Prints the JSON Schema of system.yaml, generated from the compiler's own schema. Point editors at it
with a first line \`# yaml-language-server: $schema=<path>/system.schema.json\`.
`,
  targets: `Usage: infragen targets [system.yaml] [--plugin <spec>]

Lists the built-in targets and, given a system file, the plugin targets it loads.
`,
};
