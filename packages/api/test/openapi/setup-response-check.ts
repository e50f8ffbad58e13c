/**
 * A vitest setup file: every supertest response of the suite is checked against the served
 * OpenAPI document of the app it was sent to (`app.locals.openApiDocument`) by
 * {@link createResponseChecker}; a response whose status, media type or body the document does
 * not declare fails the request (its promise rejects, its `end` callback gets the error).
 * Requests to a URL (a server in another process) are not checked.
 *
 * @module
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { createResponseChecker, type CheckedResponse, type OpenApiDocument } from './response-checker.js';

type Check = (response: CheckedResponse) => string[];

interface TestInternals {
  app: unknown;
  method: string;
  url: string;
  assert(resError: unknown, res: SupertestResponse | undefined, fn: (err: unknown, res: unknown) => void): void;
}

interface SupertestResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  text?: string;
}

const checkers = new WeakMap<object, Check>();

function checkerFor(app: unknown): Check | undefined {
  if (!app || typeof app !== 'object' || typeof (app as Server).listeners !== 'function') return undefined;
  const handler = (app as Server).listeners('request')[0] as { locals?: { openApiDocument?: OpenApiDocument } } | undefined;
  const document = handler?.locals?.openApiDocument;
  if (!document) return undefined;
  let check = checkers.get(document);
  if (!check) {
    check = createResponseChecker(document);
    checkers.set(document, check);
  }
  return check;
}

const prototype = (request as unknown as { Test: { prototype: TestInternals } }).Test.prototype;
const original = prototype.assert; // eslint-disable-line @typescript-eslint/unbound-method -- called with its own `this` below
prototype.assert = function assert(this: TestInternals, resError, res, fn) {
  const check = res ? checkerFor(this.app) : undefined;
  if (check && res) {
    const problems = check({
      method: this.method,
      url: this.url,
      status: res.status,
      contentType: res.headers['content-type'],
      body: res.body,
      text: res.text,
    });
    if (problems.length) {
      fn(new Error(`the response does not conform to /openapi.json:\n${problems.join('\n')}`), res);
      return;
    }
  }
  original.call(this, resError, res, fn);
};
