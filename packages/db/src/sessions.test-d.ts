import { describe, expectTypeOf, it } from 'vitest';
import { openSession, select, type ExecSession } from './exec.js';
import { SessionLocal, type LegacySession } from './legacy.js';
import type { AgentModel} from './models.js';
import { Agent, McpServer } from './models.js';
import type { Engine } from './engine.js';

declare const engine: Engine;
declare const exec: ExecSession;
declare const legacy: LegacySession;

describe('the two session kinds are distinct types', () => {
  it('ExecSession has exec and no query; LegacySession has query and no exec', () => {
    expectTypeOf(exec).toHaveProperty('exec');
    expectTypeOf(exec).not.toHaveProperty('query');
    expectTypeOf(legacy).toHaveProperty('query');
    expectTypeOf(legacy).not.toHaveProperty('exec');
  });

  it('neither is assignable to the other', () => {
    expectTypeOf<LegacySession>().not.toExtend<ExecSession>();
    expectTypeOf<ExecSession>().not.toExtend<LegacySession>();
    const takesExec = (_s: ExecSession) => undefined;
    // @ts-expect-error a LegacySession is not an ExecSession
    takesExec(SessionLocal(engine));
    const takesLegacy = (_s: LegacySession) => undefined;
    // @ts-expect-error an ExecSession is not a LegacySession
    takesLegacy(openSession(engine));
  });

  it('a structurally similar object literal is not an ExecSession (brand)', () => {
    type LookAlike = { [K in keyof ExecSession as K extends symbol ? never : K]: ExecSession[K] } & {
      [Symbol.asyncDispose](): Promise<void>;
    };
    expectTypeOf<LookAlike>().not.toExtend<ExecSession>();
  });
});

describe('statements are checked against the model', () => {
  it('a misspelt attribute in where/orderBy does not compile', () => {
    // @ts-expect-error "nmae" is not an attribute of Agent
    select(Agent).where({ nmae: 'x' });
    // @ts-expect-error "createdOn" is not an attribute of Agent
    select(Agent).orderBy('createdOn');
    // @ts-expect-error wrong value type for a text attribute
    select(Agent).where({ name: 42 });
    // @ts-expect-error unknown operator
    select(Agent).where({ name: { startsWith: 'a' } });
    select(Agent).where({ name: { ilike: '%a%' }, createdAt: { gte: new Date() } }).orderBy('createdAt', 'desc');
  });

  it('result types are inferred from the statement', () => {
    const result = exec.exec(select(Agent).where({ status: 'active' }));
    expectTypeOf(result.first()).resolves.toEqualTypeOf<Agent | null>();
    expectTypeOf(result.all()).resolves.toEqualTypeOf<Agent[]>();
    expectTypeOf(result.one()).resolves.toEqualTypeOf<Agent>();
    expectTypeOf(exec.exec(select(McpServer)).all()).resolves.toEqualTypeOf<McpServer[]>();
    expectTypeOf(exec.exec(select(Agent).count()).one()).resolves.toEqualTypeOf<number>();
    expectTypeOf(exec.get(Agent, 'id')).resolves.toEqualTypeOf<Agent | null>();
    expectTypeOf(exec.add(Agent, { name: 'n', model: 'm' })).toEqualTypeOf<Agent>();
    // @ts-expect-error "model" is required to create an agent
    exec.add(Agent, { name: 'n' });
  });

  it('the legacy session returns Sequelize instances', () => {
    expectTypeOf(legacy.query(Agent).all()).resolves.toEqualTypeOf<AgentModel[]>();
    expectTypeOf(legacy.query(Agent).first()).resolves.toEqualTypeOf<AgentModel | null>();
    expectTypeOf(legacy.query(Agent).count()).resolves.toEqualTypeOf<number>();
    // @ts-expect-error "nmae" is not an attribute of Agent
    legacy.query(Agent).filterBy({ nmae: 'x' });
  });
});
