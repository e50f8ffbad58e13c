/**
 * The result of `session.exec(statement)`: nothing is sent until one of its methods is called,
 * so `first()` can always send `LIMIT 1` and `one()` `LIMIT 2`.
 *
 * @example
 * const agents = await session.exec(select(Agent)).all();
 * const maybe = await session.exec(select(Agent).where({ name })).first();
 */
export interface ScalarResult<T> {
  /** Every row. */
  all(): Promise<T[]>;
  /** The first row or `null`; sends `LIMIT 1`. */
  first(): Promise<T | null>;
  /** Exactly one row; throws `NoResultFound` on none and `MultipleResultsFound` on more. */
  one(): Promise<T>;
  /** One row or `null`; throws `MultipleResultsFound` on more than one. */
  oneOrNone(): Promise<T | null>;
}
