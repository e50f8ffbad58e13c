/**
 * `findOrCreateByName`: the idempotent insert `initDb` seeds with.
 *
 * @module
 */
import { isQueryError, type LegacySession } from '@agent-studio/db/legacy';
import type { Instance, ModelClass, Row } from '@agent-studio/db/models';

/** A model whose rows have a unique `name`. */
type NamedModel = ModelClass & { prototype: { name: string } };

/**
 * The row of `model` named `values.name`, or a new one built from `values` (and committed).
 * An existing row is returned as it is — never updated — so running it again changes nothing.
 * If another process inserts the same name concurrently, the unique violation is absorbed and
 * the other process's row is returned.
 *
 * @example
 * const { instance, created } = await findOrCreateByName(db, Agent, { name: 'Assistant', model: 'gpt-4o-mini' });
 */
export async function findOrCreateByName<C extends NamedModel>(
  db: LegacySession,
  model: C,
  values: Partial<Row<C>> & { name: string },
): Promise<{ instance: Instance<C>; created: boolean }> {
  const byName = { name: values.name } as unknown as Partial<Row<C>>;
  const existing = await db.query(model).filterBy(byName).first();
  if (existing) return { instance: existing, created: false };
  const instance = db.add(model, values);
  try {
    await db.commit();
    return { instance, created: true };
  } catch (e) {
    if (!isQueryError(e) || e.kind !== 'unique_violation') throw e;
    const theirs = await db.query(model).filterBy(byName).one();
    return { instance: theirs, created: false };
  }
}
