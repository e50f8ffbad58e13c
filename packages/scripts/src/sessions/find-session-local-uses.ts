/**
 * Finding `SessionLocal` imports and calls in one TypeScript source, by its syntax tree (so
 * comments, strings and doc examples never count).
 *
 * @module
 */
import ts from 'typescript';

/** The factory the report tracks. */
export const SESSION_LOCAL = 'SessionLocal';

/** How one module uses `SessionLocal`. */
export interface SessionLocalUses {
  /** Import (or re-export) specifiers naming `SessionLocal`, aliased or not. */
  readonly imports: number;
  /** Calls: `SessionLocal(...)`, through an alias, or `ns.SessionLocal(...)`. */
  readonly calls: number;
}

/**
 * Counts the imports and calls of `SessionLocal` in `text` (a TypeScript module). Only syntax
 * counts: `import { SessionLocal as S }` then `S(engine)` is one import and one call;
 * `import * as legacy from …` then `legacy.SessionLocal()` is one call; a mention in a comment
 * or a string is nothing.
 *
 * @example
 * findSessionLocalUses("import { SessionLocal } from '@agent-studio/db/legacy';\nconst db = SessionLocal(engine);", 'a.ts');
 * // { imports: 1, calls: 1 }
 */
export function findSessionLocalUses(text: string, fileName: string): SessionLocalUses {
  if (!text.includes(SESSION_LOCAL)) return { imports: 0, calls: 0 };
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const aliases = new Set<string>();
  let imports = 0;
  let calls = 0;

  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) {
      const imported = (node.propertyName ?? node.name).text;
      if (imported === SESSION_LOCAL) {
        // `export { SessionLocal }` without a module re-exports a local binding: not an import
        const fromModule = ts.isExportSpecifier(node) ? node.parent.parent.moduleSpecifier !== undefined : true;
        if (fromModule) imports += 1;
        if (ts.isImportSpecifier(node)) aliases.add(node.name.text);
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && (aliases.has(callee.text) || callee.text === SESSION_LOCAL)) calls += 1;
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === SESSION_LOCAL) calls += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, calls };
}
