/**
 * `@agent-studio/db/exec` — the exec-capable session (SQLModel style) for SDK services and API
 * handlers: `session.exec(select(Agent).where(...)).all()`.
 *
 * @example
 * import { openSession, select } from '@agent-studio/db/exec';
 * await using session = openSession(engine);
 * const agents = await session.exec(select(Agent).orderBy('createdAt', 'desc').limit(20)).all();
 *
 * @module
 */
export type { ExecSession, NewRow, SqlResult } from './exec/exec-session.js';
export type { ScalarResult } from './exec/scalar-result.js';
export { openSession, withSession, getDb } from './exec/open-session.js';
export { select, Select, Count, type OrderDirection, type CompiledStatement } from './exec/select.js';
export { anyOf, type Where, type WhereInput, type Condition, type AnyOf } from './exec/where.js';
export * from './errors/index.js';
