import { describe, expectTypeOf, it } from 'vitest';
import { McpServer } from '../models/mcp-server.js';
import type { Row } from '../models/table.js';
import type { Engine } from './engine.js';
import { claimDue, releaseClaims, type DateAttribute, type LeaseBatch } from './lease-claims.js';

declare const engine: Engine;
declare const batch: LeaseBatch;
const now = new Date();

describe('lease claims', () => {
  it('name a date attribute of the model as the due column', () => {
    expectTypeOf<'nextCheckAt'>().toExtend<DateAttribute<Row<typeof McpServer>>>();
    expectTypeOf<'name'>().not.toExtend<DateAttribute<Row<typeof McpServer>>>();
    void claimDue(engine, McpServer, { due: 'nextCheckAt', where: { enabled: true }, now, limit: 1, leaseMs: 1 });
    // @ts-expect-error name is not a date attribute
    void claimDue(engine, McpServer, { due: 'name', now, limit: 1, leaseMs: 1 });
    // @ts-expect-error a misspelt filter key does not compile
    void claimDue(engine, McpServer, { due: 'nextCheckAt', where: { enabeld: true }, now, limit: 1, leaseMs: 1 });
    // @ts-expect-error the due column must be a date attribute
    void releaseClaims(engine, McpServer, 'status', batch);
  });
});
