/**
 * Checks an HTTP response against the OpenAPI document with an independent validator (Ajv,
 * JSON Schema 2020-12 as OpenAPI 3.1 uses): the operation is found by method and path, its
 * status must be declared (or `default`), its media type declared, and its JSON body must match
 * the declared schema. Used by every supertest call of the suite (`setup-response-check.ts`).
 *
 * @example
 * const check = createResponseChecker(doc);
 * check({ method: 'GET', url: '/api/v1/agents/…', status: 200, contentType: 'application/json', body }); // [] when it conforms
 *
 * @module
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** An OpenAPI 3.1 document, as far as the checker reads it. */
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components?: { readonly responses?: Record<string, ResponseObject> };
}

interface OperationObject {
  readonly operationId?: string;
  readonly responses?: Record<string, ResponseObject | { $ref: string }>;
}

interface ResponseObject {
  readonly description?: string;
  readonly content?: Record<string, { schema?: unknown }>;
}

/** One response to check. */
export interface CheckedResponse {
  readonly method: string;
  /** Path (and query) or absolute URL. */
  readonly url: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
  /** The raw body text (to tell an empty 204 from one with content). */
  readonly text?: string;
}

const DOC_ID = 'https://agent-studio.test/openapi.json';

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A checker for `document`: returns the problems of a response (empty when it conforms, and for
 * paths that are not operations of the document, e.g. `/docs/`).
 */
export function createResponseChecker(document: OpenApiDocument): (response: CheckedResponse) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...(document as object), $id: DOC_ID });
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(document.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params); // fixed segments win over `{id}`

  return (response) => {
    const path = new URL(response.url, 'http://localhost').pathname;
    const method = response.method.toLowerCase();
    const match = templates.find((t) => t.regex.test(path) && document.paths[t.template]?.[method]);
    if (!match) return [];
    const operation = document.paths[match.template]![method]!;
    const where = `${response.method.toUpperCase()} ${path} (${operation.operationId ?? match.template}) → ${response.status}`;
    const key = operation.responses?.[String(response.status)] ? String(response.status) : operation.responses?.default ? 'default' : undefined;
    if (!key) return [`${where}: status not declared (declared: ${Object.keys(operation.responses ?? {}).join(', ')})`];
    let declared = operation.responses![key] as ResponseObject | { $ref: string };
    let pointer = `#/paths/${pointerEscape(match.template)}/${method}/responses/${key}`;
    if ('$ref' in declared) {
      const name = declared.$ref.replace('#/components/responses/', '');
      pointer = `#/components/responses/${pointerEscape(name)}`;
      declared = document.components?.responses?.[name] ?? {};
    }
    const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase();
    const content = declared.content;
    if (!content) {
      return response.text ? [`${where}: a body (${mediaType}) where none is declared`] : [];
    }
    if (!mediaType || !content[mediaType]) return [`${where}: media type ${mediaType ?? '(none)'} not declared (declared: ${Object.keys(content).join(', ')})`];
    if (!/json$/.test(mediaType) || content[mediaType].schema === undefined) return [];
    const ref = `${DOC_ID}${pointer}/content/${pointerEscape(mediaType)}/schema`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    if (validate(response.body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${where}: body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}
