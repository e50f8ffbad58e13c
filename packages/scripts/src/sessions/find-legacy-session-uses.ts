/**
 * Finding every use of the legacy session in one TypeScript source, by its syntax tree (so
 * comments, strings and doc examples never count): imports of `SessionLocal` / `LegacySession`,
 * calls of `SessionLocal`, and parameters typed with the legacy session.
 *
 * @module
 */
import ts from 'typescript';

/** The factory and the type the report tracks. */
export const TRACKED_NAMES = ['SessionLocal', 'LegacySession'] as const;

/** What a use is. */
export type LegacySessionUseKind = 'import' | 'call' | 'parameter';

/** One use, with its 1-based line. */
export interface LegacySessionUse {
  readonly line: number;
  readonly kind: LegacySessionUseKind;
}

/**
 * Every use of the legacy session in `text` (a TypeScript module), in source order:
 *
 * - `import`: an import (or re-export from a module) of `SessionLocal` or `LegacySession`,
 *   aliased or not, `import type` included;
 * - `call`: `SessionLocal(...)`, through an alias, or `ns.SessionLocal(...)`;
 * - `parameter`: a parameter whose type names `LegacySession` (or an alias of it, or
 *   `ns.LegacySession`), or `typeof SessionLocal` (`ReturnType<typeof SessionLocal>`).
 *
 * A mention in a comment or a string is nothing.
 *
 * @example
 * findLegacySessionUses("import type { LegacySession } from '@agent-studio/db/legacy';\nexport function f(db: LegacySession) {}", 'a.ts');
 * // [{ line: 1, kind: 'import' }, { line: 2, kind: 'parameter' }]
 */
export function findLegacySessionUses(text: string, fileName: string): LegacySessionUse[] {
  if (!TRACKED_NAMES.some((name) => text.includes(name))) return [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** Local name → tracked name it imports. */
  const aliases = new Map<string, string>(TRACKED_NAMES.map((name) => [name, name]));
  const uses: LegacySessionUse[] = [];
  const add = (node: ts.Node, kind: LegacySessionUseKind): void => {
    uses.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, kind });
  };
  const mentionsSession = (type: ts.Node): boolean => {
    let found = false;
    const walk = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && aliases.has(node.text)) found = true;
      // a nested parameter (`fn: (db: LegacySession) => …`) is a use of its own, counted once
      else if (!ts.isParameter(node)) ts.forEachChild(node, walk);
    };
    walk(type);
    return found;
  };
  const isSessionLocal = (callee: ts.Expression): boolean =>
    ts.isIdentifier(callee)
      ? aliases.get(callee.text) === 'SessionLocal'
      : ts.isPropertyAccessExpression(callee) && callee.name.text === 'SessionLocal';

  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) {
      const imported = (node.propertyName ?? node.name).text;
      if ((TRACKED_NAMES as readonly string[]).includes(imported)) {
        // `export { SessionLocal }` without a module re-exports a local binding: not an import
        const fromModule = ts.isExportSpecifier(node) ? node.parent.parent.moduleSpecifier !== undefined : true;
        if (fromModule) add(node, 'import');
        if (ts.isImportSpecifier(node)) aliases.set(node.name.text, imported);
      }
    } else if (ts.isCallExpression(node) && isSessionLocal(node.expression)) {
      add(node, 'call');
    } else if (ts.isParameter(node) && node.type && mentionsSession(node.type)) {
      add(node, 'parameter');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses.sort((a, b) => a.line - b.line);
}
