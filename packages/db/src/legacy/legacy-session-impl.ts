/**
 * The implementation behind {@link LegacySession}, on the engine's Sequelize instance.
 * @module
 */
import { Op, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import type { Engine } from '../engine/engine.js';
import { translateError } from '../engine/translate-error.js';
import { InvalidIdError } from '../errors/invalid-id-error.js';
import { InvalidQueryError } from '../errors/invalid-query-error.js';
import { MultipleResultsFound } from '../errors/multiple-results-found.js';
import { NoResultFound } from '../errors/no-result-found.js';
import { PoolTimeoutError } from '../errors/pool-timeout-error.js';
import { SessionClosedError } from '../errors/session-closed-error.js';
import { StaleDataError } from '../errors/stale-data-error.js';
import { isUuid, tableMeta, type TableMeta } from '../models/table-meta.js';
import type { Instance, ModelClass, Row } from '../models/table.js';
import type { LegacyOrder, LegacyQuery, LegacySession } from './legacy-session.js';

type LegacyMembers = Omit<LegacySession, keyof LegacySession & symbol>;

interface QueryState {
  readonly where: readonly WhereOptions[];
  readonly order: readonly [string, 'ASC' | 'DESC'][];
  readonly offset: number | undefined;
  readonly limit: number | undefined;
  readonly forUpdate: boolean;
}

function checkCount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidQueryError(`${name}() must be a non-negative integer, got ${String(n)}`);
  return n;
}

function checkEqualities(meta: TableMeta, values: Record<string, unknown>, method: string): void {
  for (const [attribute, value] of Object.entries(values)) {
    const col = meta.columns.get(attribute);
    if (!col) throw new InvalidQueryError(`${method}(): "${attribute}" is not an attribute of ${meta.modelName}`);
    if (col.isEncrypted && method !== 'add' && method !== 'update') {
      throw new InvalidQueryError(`${method}(): ${meta.table}.${attribute} is encrypted and cannot be filtered on`);
    }
    if (col.isUuid && value !== null && value !== undefined && !isUuid(value)) {
      throw new InvalidIdError(meta.table, attribute, value);
    }
  }
}

async function guarded<T>(fn: () => Promise<T>, engine?: Engine): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if ((e as Error)?.name === 'SequelizeConnectionAcquireTimeoutError' && engine) {
      throw new PoolTimeoutError(engine.config.acquireTimeoutMs, engine.config.poolMax, { cause: e });
    }
    if ((e as Error)?.name === 'SequelizeOptimisticLockError') {
      const err = e as { modelName?: string; where?: { id?: unknown } };
      throw new StaleDataError(err.modelName ?? 'row', err.where?.id);
    }
    throw translateError(e);
  }
}

/** @internal use `SessionLocal()`. */
export class LegacySessionImpl implements LegacyMembers {
  readonly kind = 'LegacySession' as const;
  readonly #engine: Engine | Promise<Engine>;
  #resolved: Engine | undefined;
  #transaction: Transaction | undefined;
  #opening: Promise<Transaction> | undefined;
  #closed = false;
  #staged: { readonly type: 'save' | 'destroy'; readonly instance: Model }[] = [];

  constructor(engine: Engine | Promise<Engine>) {
    this.#engine = engine;
    if (engine instanceof Promise) {
      engine.then((e) => (this.#resolved = e)).catch(() => undefined);
    } else {
      this.#resolved = engine;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inTransaction(): boolean {
    return this.#transaction !== undefined;
  }

  #check(method: string): void {
    if (this.#closed) throw new SessionClosedError('LegacySession', method);
  }

  async #getEngine(): Promise<Engine> {
    return this.#engine instanceof Promise ? await this.#engine : this.#engine;
  }

  /** Autobegin: the first use opens the transaction. */
  async transaction(): Promise<Transaction> {
    if (this.#transaction) return this.#transaction;
    this.#opening ??= (async () => {
      const engine = await this.#getEngine();
      const tx = await guarded(() => engine.sequelize.transaction(), engine);
      if (this.#closed) {
        await tx.rollback().catch(() => undefined);
        throw new SessionClosedError('LegacySession', 'query');
      }
      this.#transaction = tx;
      return tx;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async bound<C extends ModelClass>(model: C): Promise<ModelStatic<Model>> {
    const engine = await this.#getEngine();
    const bound = engine.models.get(model.definition.modelName);
    if (!bound) throw new InvalidQueryError(`${model.definition.modelName} is not a model of this engine`);
    return bound;
  }

  query<C extends ModelClass>(model: C): LegacyQuery<C> {
    this.#check('query');
    return new LegacyQueryImpl(this, model, tableMeta(model), { where: [], order: [], offset: undefined, limit: undefined, forUpdate: false });
  }

  get engine(): Engine | undefined {
    return this.#resolved;
  }

  assertOpen(method: string): void {
    this.#check(method);
  }

  add<C extends ModelClass>(model: C, values: Partial<Row<C>>): Instance<C>;
  add<M extends Model>(instance: M): M;
  add(modelOrInstance: object, values?: object): Model {
    this.#check('add');
    if (values !== undefined) {
      const model = modelOrInstance as ModelClass;
      checkEqualities(tableMeta(model), values as Record<string, unknown>, 'add');
      const engine = this.#resolved;
      if (!engine) {
        throw new InvalidQueryError(
          'add(Model, values) on SessionLocal() needs the default engine started: await getEngine() first, or pass an engine',
        );
      }
      const Bound = engine.models.get(model.definition.modelName)!;
      const instance = Bound.build(values as never);
      this.#staged.push({ type: 'save', instance });
      return instance;
    }
    const instance = modelOrInstance as Model;
    if (!this.#staged.some((s) => s.instance === instance && s.type === 'save')) this.#staged.push({ type: 'save', instance });
    return instance;
  }

  delete(instance: Model): void {
    this.#check('delete');
    this.#staged = this.#staged.filter((s) => s.instance !== instance);
    this.#staged.push({ type: 'destroy', instance });
  }

  async commit(): Promise<void> {
    this.#check('commit');
    const staged = this.#staged;
    this.#staged = [];
    if (staged.length) {
      const transaction = await this.transaction();
      try {
        for (const { type, instance } of staged) {
          await guarded<unknown>(() => (type === 'save' ? instance.save({ transaction }) : instance.destroy({ transaction })));
        }
      } catch (e) {
        await this.#end('rollback').catch(() => undefined);
        throw e;
      }
    }
    await this.#end('commit');
  }

  async rollback(): Promise<void> {
    this.#check('rollback');
    await this.#end('rollback');
  }

  async #end(how: 'commit' | 'rollback'): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    this.#staged = how === 'rollback' ? [] : this.#staged;
    const tx = this.#transaction;
    this.#transaction = undefined;
    if (!tx) return;
    await guarded(() => (how === 'commit' ? tx.commit() : tx.rollback()));
  }

  async refresh<M extends Model>(instance: M): Promise<M> {
    this.#check('refresh');
    const transaction = await this.transaction();
    return guarded(() => instance.reload({ transaction }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#staged = [];
    await this.#end('rollback').catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

class LegacyQueryImpl<C extends ModelClass> implements LegacyQuery<C> {
  constructor(
    private readonly session: LegacySessionImpl,
    private readonly model: C,
    private readonly meta: TableMeta,
    private readonly state: QueryState,
  ) {}

  #with(patch: Partial<QueryState>): LegacyQuery<C> {
    return new LegacyQueryImpl(this.session, this.model, this.meta, { ...this.state, ...patch });
  }

  filter(where: WhereOptions<Row<C>>): LegacyQuery<C> {
    return this.#with({ where: [...this.state.where, where] });
  }

  filterBy(values: Partial<Row<C>>): LegacyQuery<C> {
    checkEqualities(this.meta, values, 'filterBy');
    return this.#with({ where: [...this.state.where, values] });
  }

  orderBy(...order: LegacyOrder<Row<C>>[]): LegacyQuery<C> {
    const keys = order.map((o): [string, 'ASC' | 'DESC'] => {
      const [attribute, direction] = typeof o === 'string' ? [o, 'ASC'] : [o[0], o[1].toUpperCase()];
      if (!this.meta.columns.has(attribute)) {
        throw new InvalidQueryError(`orderBy(): "${attribute}" is not an attribute of ${this.meta.modelName}`);
      }
      if (direction !== 'ASC' && direction !== 'DESC') throw new InvalidQueryError(`orderBy(): bad direction ${direction}`);
      return [attribute, direction];
    });
    return this.#with({ order: [...this.state.order, ...keys] });
  }

  offset(n: number): LegacyQuery<C> {
    return this.#with({ offset: checkCount('offset', n) });
  }

  limit(n: number): LegacyQuery<C> {
    return this.#with({ limit: checkCount('limit', n) });
  }

  forUpdate(): LegacyQuery<C> {
    return this.#with({ forUpdate: true });
  }

  get #where(): WhereOptions | undefined {
    const w = this.state.where;
    return w.length === 0 ? undefined : w.length === 1 ? w[0] : { [Op.and]: [...w] };
  }

  async #run<T>(method: string, fn: (bound: ModelStatic<Model>, transaction: Transaction) => Promise<T>): Promise<T> {
    this.session.assertOpen(method);
    const bound = await this.session.bound(this.model);
    const transaction = await this.session.transaction();
    return guarded(() => fn(bound, transaction), this.session.engine);
  }

  #find(limit: number | undefined) {
    return {
      where: this.#where,
      order: this.state.order.length ? this.state.order.map(([a, d]) => [a, d] as [string, string]) : undefined,
      offset: this.state.offset,
      limit: limit === undefined ? this.state.limit : Math.min(limit, this.state.limit ?? limit),
      lock: this.state.forUpdate,
    };
  }

  all(): Promise<Instance<C>[]> {
    return this.#run('query().all', (M, transaction) => M.findAll({ ...this.#find(undefined), transaction })) as Promise<
      Instance<C>[]
    >;
  }

  async first(): Promise<Instance<C> | null> {
    const rows = await this.#run('query().first', (M, transaction) => M.findAll({ ...this.#find(1), transaction }));
    return (rows[0] ?? null) as Instance<C> | null;
  }

  async one(): Promise<Instance<C>> {
    const row = await this.oneOrNone();
    if (!row) throw new NoResultFound(this.meta.table);
    return row;
  }

  async oneOrNone(): Promise<Instance<C> | null> {
    const rows = await this.#run('query().one', (M, transaction) => M.findAll({ ...this.#find(2), transaction }));
    if (rows.length > 1) throw new MultipleResultsFound(this.meta.table);
    return (rows[0] ?? null) as Instance<C> | null;
  }

  count(): Promise<number> {
    return this.#run('query().count', (M, transaction) => M.count({ where: this.#where, transaction }));
  }

  async get(id: string): Promise<Instance<C> | null> {
    const pk = this.meta.primaryKey;
    if (pk.isUuid && !isUuid(id)) throw new InvalidIdError(this.meta.table, pk.attribute, id);
    return (await this.#run('query().get', (M, transaction) => M.findByPk(id, { transaction, lock: this.state.forUpdate }))) as Instance<C> | null;
  }

  async update(values: Partial<Row<C>>): Promise<number> {
    checkEqualities(this.meta, values, 'update');
    const [count] = await this.#run('query().update', (M, transaction) =>
      M.update(values as never, { where: this.#where ?? {}, transaction }),
    );
    return count;
  }

  delete(): Promise<number> {
    return this.#run('query().delete', (M, transaction) => M.destroy({ where: this.#where ?? {}, transaction }));
  }
}
