/**
 * A span per database statement: named by the statement's operation (`SELECT`, `INSERT`, …),
 * with `db.system=postgresql` and `db.operation.name` — never the statement's parameter values.
 * Only inside a trace: a statement with no active span (migrations at start-up, the worker's
 * queue polls and heartbeats) would otherwise be a one-span trace several times a second.
 *
 * @module
 */
import { SpanKind, trace, type Span } from '@opentelemetry/api';
import { agentStudioTracer, tracingActive } from '../tracing/tracer.js';
import { failSpan } from '../tracing/with-span.js';

const FIRST_WORD = /^\s*([A-Za-z]+)/;

/**
 * The operation of a statement: its first keyword, upper-cased (`'select 1'` → `SELECT`), or
 * `QUERY` when it has none.
 *
 * @example
 * statementOperation('  insert into runs …'); // 'INSERT'
 */
export function statementOperation(text: unknown): string {
  const sql = typeof text === 'string' ? text : typeof (text as { text?: unknown } | null)?.text === 'string' ? (text as { text: string }).text : '';
  return FIRST_WORD.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
}

/**
 * Starts the span of one statement, a child of the active span — or returns `undefined` when
 * tracing is off or no span is active (one cheap check first). The caller ends it with
 * {@link endStatementSpan}.
 *
 * @example
 * const span = startStatementSpan(args[0]);
 */
export function startStatementSpan(statement: unknown): Span | undefined {
  if (!tracingActive() || !trace.getActiveSpan()) return undefined;
  const operation = statementOperation(statement);
  return agentStudioTracer().startSpan(operation, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.operation.name': operation },
  });
}

/**
 * Ends a statement's span, failed when `error` is set (status ERROR, exception recorded).
 *
 * @example
 * endStatementSpan(span, error);
 */
export function endStatementSpan(span: Span, error?: unknown): void {
  if (error) failSpan(span, error);
  span.end();
}
