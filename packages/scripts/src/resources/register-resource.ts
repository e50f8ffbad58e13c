/**
 * One builder for the `list | get | create | delete` commands of every resource group.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { confirmDestructive } from '../lib/confirm.js';
import { emit, out, outTable } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';
import { flagValue, setField } from './flag-input.js';
import type { CreateFlag, ResourceSpec } from './resource-spec.js';

function parseOffset(value: string): number {
  return value.trim() === '0' ? 0 : parsePositiveInt(value);
}

/** Options of {@link registerResourceCommands}. */
export interface ResourceCommandOptions {
  /** Other names of `create` (`mcp add`). */
  readonly createAliases?: readonly string[];
}

/**
 * Adds to `group` the commands of `spec`, each in one exec session through the SDK service, on a
 * migrated database:
 *
 * - `list [--limit <n>] [--offset <n>]`: a table (or the page as JSON);
 * - `get <id>`: the resource as YAML (or JSON);
 * - `create [--file <path>] [flags]`: from a JSON/YAML file, flags, or both (flags win), validated
 *   by the SDK's schema before anything is written;
 * - `delete <id> [--yes]`: after a confirmation naming it (asked on a terminal, `--yes` otherwise).
 *
 * @example
 * registerResourceCommands(program.command('agents'), agentsResource);
 * // $ studio agents create --name support --model gpt-4o-mini
 */
export function registerResourceCommands<Dto extends { readonly id: string; readonly name: string }, Input>(
  group: Command,
  spec: ResourceSpec<Dto, Input>,
  options: ResourceCommandOptions = {},
): void {
  group
    .command('list')
    .description(`list ${spec.group}, newest first`)
    .option('--limit <n>', 'how many (at most 100)', parsePositiveInt, 50)
    .option('--offset <n>', 'how many to skip', parseOffset, 0)
    .action(async (o: { limit: number; offset: number }) => {
      const { withExecSession } = await import('../lib/with-exec-session.js');
      const page = await withExecSession((session, sdk) => spec.list(sdk, session, { limit: o.limit, offset: o.offset }));
      emit(page, () => {
        if (!page.data.length) return out(`no ${spec.group}`);
        outTable(
          spec.columns.map((c) => c.header),
          page.data.map((row) => spec.columns.map((c) => c.cell(row))),
        );
        if (page.pagination.total > page.data.length) {
          out(`${page.data.length} of ${page.pagination.total} (--offset ${page.pagination.offset + page.data.length} for more)`);
        }
      });
    });

  group
    .command('get')
    .description(`show one ${spec.singular}`)
    .argument('<id>', `the id of the ${spec.singular}`)
    .action(async (id: string) => {
      const { withExecSession } = await import('../lib/with-exec-session.js');
      const row = await withExecSession((session, sdk) => spec.get(sdk, session, id));
      emit(row, () => process.stdout.write(toYaml(row)));
    });

  const create = group
    .command('create')
    .description(`create ${spec.singular === 'agent' ? 'an' : 'a'} ${spec.singular} from flags or a JSON/YAML file (flags win)`)
    .option('-f, --file <path>', 'a JSON or YAML file with the fields');
  for (const name of options.createAliases ?? []) create.alias(name);
  const byAttribute = new Map<string, CreateFlag>();
  for (const flag of spec.createFlags) {
    const option = new Option(flag.flags, flag.description);
    byAttribute.set(option.attributeName(), flag);
    create.addOption(option);
  }
  create.action(async (o: Record<string, unknown> & { file?: string }) => {
    const { readInputFile } = await import('./read-input-file.js');
    const raw: Record<string, unknown> = o.file === undefined ? {} : await readInputFile(o.file);
    for (const [attribute, flag] of byAttribute) {
      if (o[attribute] !== undefined) setField(raw, flag.field, flagValue(flag, o[attribute]));
    }
    const { withExecSession } = await import('../lib/with-exec-session.js');
    const row = await withExecSession((session, sdk) => spec.create(sdk, session, spec.parse(sdk, raw)));
    emit(row, () => out(`created ${spec.singular} ${row.id} "${row.name}"`));
  });

  group
    .command('delete')
    .description(`delete one ${spec.singular}; asks first, or --yes`)
    .argument('<id>', `the id of the ${spec.singular}`)
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .action(async (id: string, o: { yes?: boolean }) => {
      const { withExecSession } = await import('../lib/with-exec-session.js');
      const row = await withExecSession(async (session, sdk) => {
        const found = await spec.get(sdk, session, id);
        await confirmDestructive({ action: `delete ${spec.singular} ${found.id} "${found.name}"`, yes: o.yes === true });
        await spec.remove(sdk, session, found.id);
        return found;
      });
      emit({ deleted: { id: row.id, name: row.name } }, () => out(`deleted ${spec.singular} ${row.id} "${row.name}"`));
    });
}
