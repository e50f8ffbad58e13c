/**
 * What the generic resource commands need to know about one kind of resource.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import type { Page } from '@agent-studio/sdk';
import type { Sdk } from '../lib/with-exec-session.js';

/** How a create flag's text becomes the input field's value. */
export type FlagValue = 'string' | 'number' | 'boolean' | 'json' | 'list' | 'map';

/** One `create` flag: `--model <model>` sets `model`. */
export interface CreateFlag {
  /** Commander flags, e.g. `--model <model>`, `--arg <arg...>`, `--disabled`. */
  readonly flags: string;
  readonly description: string;
  /** The input field it sets (a dotted path sets a nested one: `config.url`). */
  readonly field: string;
  /** Default `string`. `map` takes `key=value` pairs; `boolean` flags set `true`, or `false` with `negate`. */
  readonly value?: FlagValue;
  /** A boolean flag that sets the field to `false` (e.g. `--disabled` → `enabled: false`). */
  readonly negate?: boolean;
}

/** A column of the `list` table. */
export interface ListColumn<Dto> {
  readonly header: string;
  readonly cell: (row: Dto) => string;
}

/**
 * One kind of resource, as `list | get | create | delete` see it, over its SDK service. The
 * functions receive the SDK module loaded at run time, so `--help` loads nothing.
 *
 * @example
 * const agents: ResourceSpec<AgentDto, CreateAgentInput> = { group: 'agents', singular: 'agent', ... };
 */
export interface ResourceSpec<Dto extends { readonly id: string; readonly name: string }, Input> {
  /** The command group: `agents`. */
  readonly group: string;
  /** For messages: `agent`. */
  readonly singular: string;
  readonly columns: readonly ListColumn<Dto>[];
  readonly createFlags: readonly CreateFlag[];
  /** Validates raw input (file and flags merged) into the service's typed input; throws `ValidationError`. */
  parse(sdk: Sdk, raw: unknown): Input;
  list(sdk: Sdk, session: ExecSession, page: { limit: number; offset: number }): Promise<Page<Dto>>;
  get(sdk: Sdk, session: ExecSession, id: string): Promise<Dto>;
  create(sdk: Sdk, session: ExecSession, input: Input): Promise<Dto>;
  remove(sdk: Sdk, session: ExecSession, id: string): Promise<void>;
}
