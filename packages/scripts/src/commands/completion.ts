/**
 * `studio completion bash|zsh`: a shell completion script generated from the command tree.
 *
 * @module
 */
import { Argument, type Command } from 'commander';
import { CliError, USAGE_EXIT_CODE } from '../lib/cli-error.js';
import { emit, out } from '../lib/output.js';

/** Every command path (`db migrate`) with its subcommands and options, from the program itself. */
function commandTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const globals = program.options.map((o) => o.long).filter((f): f is string => f !== undefined);
  const walk = (command: Command, path: string[]): void => {
    const words = [
      ...command.commands.flatMap((c) => [c.name(), ...c.aliases()]),
      ...command.options.map((o) => o.long).filter((f): f is string => f !== undefined),
      ...globals,
      '--help',
    ];
    table.set(path.join(' '), [...new Set(words)]);
    for (const sub of command.commands) {
      walk(sub, [...path, sub.name()]);
      for (const alias of sub.aliases()) walk(sub, [...path, alias]);
    }
  };
  walk(program, []);
  return table;
}

/**
 * A bash completion function (also loaded by zsh through `bashcompinit`): completes command
 * names, then each command's options, from the same tree `--help` shows, so it never drifts.
 *
 * @example
 * bashCompletion(program); // 'complete -F _studio_completion studio ...'
 */
export function bashCompletion(program: Command): string {
  const cases = [...commandTable(program)]
    .map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# studio shell completion. bash: source <(studio completion bash); zsh: autoload -U +X bashcompinit && bashcompinit && source <(studio completion zsh)
_studio_completion() {
  local cur path="" words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) path="\${path:+$path }\${COMP_WORDS[i]}" ;; esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _studio_completion studio
`;
}

/**
 * Registers `completion <shell>` (`bash` or `zsh`): prints the completion script on stdout.
 * `--json`: `{ shell, script }`.
 *
 * @example
 * registerCompletion(program);
 * // $ source <(pnpm -s studio completion bash)
 */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, or zsh via bashcompinit)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new CliError(`unsupported shell ${shell}`, USAGE_EXIT_CODE);
      const script = bashCompletion(program);
      emit({ shell, script }, () => out(script.trimEnd()));
    });
}
