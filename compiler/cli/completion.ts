/**
 * `infragen completion bash|zsh|fish`: shell completion scripts, generated from the same option
 * tables the commands parse with, so a new option completes as soon as it exists.
 */
import { BUILTIN_TARGETS } from '../builtin-targets.ts';
import { DIFF_OPTIONS } from './diff-command.ts';
import { GRAPH_OPTIONS } from './graph-command.ts';
import { IMPORT_OPTIONS } from './import-command.ts';
import { INIT_OPTIONS } from './init-command.ts';
import { COMMON_OPTIONS } from './main.ts';
import { COMMANDS } from './usage.ts';
import { MODEL_OPTIONS } from './model-command.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

type OptionTable = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface CommandSpec {
  options: OptionTable;
  /** What a positional argument is. */
  positional: 'yaml' | 'folder' | 'none' | readonly string[];
}

const HELP_ONLY: OptionTable = { help: { type: 'boolean', short: 'h' } };

const SPECS: Record<(typeof COMMANDS)[number], CommandSpec> = {
  build: { options: COMMON_OPTIONS, positional: 'yaml' },
  validate: { options: COMMON_OPTIONS, positional: 'yaml' },
  targets: { options: COMMON_OPTIONS, positional: 'yaml' },
  diff: { options: DIFF_OPTIONS, positional: 'folder' },
  graph: { options: GRAPH_OPTIONS, positional: 'yaml' },
  model: { options: MODEL_OPTIONS, positional: 'yaml' },
  import: { options: IMPORT_OPTIONS, positional: ['compose'] },
  init: { options: INIT_OPTIONS, positional: 'folder' },
  schema: { options: { output: { type: 'string', short: 'o' }, ...HELP_ONLY }, positional: 'none' },
  lsp: { options: { stdio: { type: 'boolean' }, ...HELP_ONLY }, positional: 'none' },
  completion: { options: HELP_ONLY, positional: SHELLS },
  help: { options: {}, positional: COMMANDS.filter((command) => command !== 'help') },
};

/** Fixed values some options take. */
const OPTION_VALUES: Record<string, readonly string[]> = {
  format: ['text', 'json', 'github'],
  target: BUILTIN_TARGETS.map((target) => target.id),
  'fail-on': ['risk', 'data-loss', 'replacement', 'security', 'change'],
};
const DIFF_FORMATS = ['text', 'markdown', 'json', 'github'];

const valuesOf = (command: string, option: string) => (command === 'diff' && option === 'format' ? DIFF_FORMATS : OPTION_VALUES[option]);

const flags = (options: OptionTable) => Object.entries(options).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]);

function bash(): string {
  const cases = Object.entries(SPECS).map(([command, spec]) => {
    const values = Object.keys(spec.options)
      .filter((option) => valuesOf(command, option))
      .map((option) => `        --${option}) COMPREPLY=($(compgen -W "${valuesOf(command, option)!.join(' ')}" -- "$cur")); return ;;`);
    const strings = Object.entries(spec.options).filter(([option, each]) => each.type === 'string' && !valuesOf(command, option)).flatMap(([option, each]) => [`--${option}`, ...(each.short ? [`-${each.short}`] : [])]);
    const positional = Array.isArray(spec.positional)
      ? `COMPREPLY=($(compgen -W "${spec.positional.join(' ')}" -- "$cur"))`
      : spec.positional === 'yaml' ? `COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))` : spec.positional === 'folder' ? `COMPREPLY=($(compgen -d -- "$cur"))` : 'COMPREPLY=()';
    return [
      `    ${command})`,
      '      case "$prev" in',
      ...values,
      ...(strings.length ? [`        ${strings.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`] : []),
      '      esac',
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${flags(spec.options).join(' ')}" -- "$cur")); else ${positional}; fi`,
      '      ;;',
    ].join('\n');
  });
  return `# bash completion for infragen: eval "$(infragen completion bash)" in ~/.bashrc
_infragen() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')} --help --version" -- "$cur"))
    return
  fi
  shopt -s extglob
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -F _infragen infragen
`;
}

const zshQuote = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, '\\:');

function zsh(): string {
  const cases = Object.entries(SPECS).map(([command, spec]) => {
    const options = Object.entries(spec.options).map(([option, each]) => {
      const values = valuesOf(command, option);
      const argument = each.type === 'boolean' ? '' : values ? `:${option}:(${values.join(' ')})` : `:${option}:_files`;
      const description = `[${zshQuote(option)}]${argument}`;
      return each.short ? `'(-${each.short} --${option})'{-${each.short},--${option}}'${description}'` : `'--${option}${description}'`;
    });
    const positional = Array.isArray(spec.positional) ? `'1:${command} argument:(${spec.positional.join(' ')})'` : spec.positional === 'yaml' ? `'1:system file:_files -g "*.(yaml|yml)"'` : spec.positional === 'folder' ? `'*:folder:_files -/'` : '';
    return `    ${command}) _arguments ${[...options, positional].filter(Boolean).join(' ')} ;;`;
  });
  return `#compdef infragen
# zsh completion for infragen: infragen completion zsh > "\${fpath[1]}/_infragen"
_infragen() {
  if (( CURRENT == 2 )); then
    _values 'command' ${COMMANDS.join(' ')}
    return
  fi
  local command=\${words[2]}
  shift 1 words
  (( CURRENT-- ))
  case $command in
${cases.join('\n')}
  esac
}
_infragen "$@"
`;
}

function fish(): string {
  const lines = [
    '# fish completion for infragen: infragen completion fish > ~/.config/fish/completions/infragen.fish',
    'complete -c infragen -f',
    `complete -c infragen -n __fish_use_subcommand -a '${COMMANDS.join(' ')}'`,
  ];
  for (const [command, spec] of Object.entries(SPECS)) {
    const when = `-n '__fish_seen_subcommand_from ${command}'`;
    for (const [option, each] of Object.entries(spec.options)) {
      const values = valuesOf(command, option);
      const argument = each.type === 'boolean' ? '' : values ? ` -x -a '${values.join(' ')}'` : ' -r -F';
      lines.push(`complete -c infragen ${when} -l ${option}${each.short ? ` -s ${each.short}` : ''}${argument}`);
    }
    if (Array.isArray(spec.positional)) lines.push(`complete -c infragen ${when} -a '${spec.positional.join(' ')}'`);
    else if (spec.positional !== 'none') lines.push(`complete -c infragen ${when} -F`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}
