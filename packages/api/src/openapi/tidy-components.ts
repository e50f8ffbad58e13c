/**
 * Tidies the component schemas `zod-openapi` produced: drops those nothing references (every
 * component is rendered for requests and for responses, though most are used in one of them),
 * then names a response-only schema `Agent` rather than `AgentOutput`.
 *
 * @module
 */

const PREFIX = '#/components/schemas/';

function refsIn(value: unknown, into: Map<string, number>): void {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(PREFIX)) {
        const name = inner.slice(PREFIX.length);
        into.set(name, (into.get(name) ?? 0) + 1);
      } else refsIn(inner, into);
    }
  }
}

/** The schemas reachable from the paths and the non-schema components. */
function reachable(document: Record<string, unknown>, schemas: Record<string, unknown>): Set<string> {
  const components = document.components as Record<string, unknown>;
  const seen = new Set<string>();
  const queue: unknown[] = [document.paths, { ...components, schemas: undefined }];
  while (queue.length) {
    const refs = new Map<string, number>();
    refsIn(queue.pop(), refs);
    for (const name of refs.keys()) {
      if (!seen.has(name)) {
        seen.add(name);
        queue.push(schemas[name]);
      }
    }
  }
  return seen;
}

function renameRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, renames));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(PREFIX)) {
        const name = inner.slice(PREFIX.length);
        return [key, `${PREFIX}${renames.get(name) ?? name}`];
      }
      return [key, renameRefs(inner, renames)];
    }),
  );
}

/**
 * `document` with only the reachable component schemas, `XOutput` renamed `X` where `X` is unused.
 *
 * @example
 * const doc = tidyComponents(createDocument({ ... }));
 */
export function tidyComponents<T extends Record<string, unknown>>(document: T): T {
  const components = document.components as { schemas: Record<string, unknown> } & Record<string, unknown>;
  const used = reachable(document, components.schemas);
  const kept = Object.keys(components.schemas).filter((name) => used.has(name));
  const renames = new Map<string, string>();
  for (const name of kept) {
    const base = name.replace(/Output$/, '');
    if (base !== name && !used.has(base)) renames.set(name, base);
  }
  const entries: [string, unknown][] = kept.map((name) => [renames.get(name) ?? name, components.schemas[name]]);
  const schemas = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  return renameRefs({ ...document, components: { ...components, schemas } }, renames) as T;
}
