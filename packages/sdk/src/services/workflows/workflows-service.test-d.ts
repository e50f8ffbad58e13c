import type { ExecSession } from '@agent-studio/db/exec';
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { validateWorkflowDefinition } from './validate-workflow-definition.js';
import type { WorkflowDefinition, workflowDefinitionSchema } from './workflow-definition-schema.js';
import type { Page } from '../../common/pagination.js';
import type {
  createWorkflowInputSchema,
  CreateWorkflowInput,
  listWorkflowsQuerySchema,
  WorkflowDto,
  WorkflowValidationResult,
  workflowSchema,
} from './workflows-schemas.js';
import { WorkflowsService } from './workflows-service.js';

declare const engine: Engine;
declare const id: string;
declare const session: ExecSession;
declare const definition: NonNullable<CreateWorkflowInput['definition']>;

type Service = typeof WorkflowsService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

describe('WorkflowsService types', () => {
  it('takes an ExecSession as the first parameter of every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session at compile time', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void WorkflowsService.getWorkflow(SessionLocal(engine), id);
    // @ts-expect-error a LegacySession is not an ExecSession
    void WorkflowsService.publishWorkflow(SessionLocal(engine), id, { version: 1 });
    // @ts-expect-error a LegacySession is not an ExecSession
    void WorkflowsService.validateWorkflow(SessionLocal(engine), {});
  });

  it('returns DTOs typed by the output schemas', () => {
    expectTypeOf<WorkflowDto>().toEqualTypeOf<z.output<typeof workflowSchema>>();
    expectTypeOf<Awaited<ReturnType<Service['getWorkflow']>>>().toEqualTypeOf<WorkflowDto>();
    expectTypeOf<Awaited<ReturnType<Service['publishWorkflow']>>>().toEqualTypeOf<WorkflowDto>();
    expectTypeOf<Awaited<ReturnType<Service['listWorkflows']>>>().toEqualTypeOf<Page<WorkflowDto>>();
    expectTypeOf<Awaited<ReturnType<Service['listWorkflowVersions']>>>().toEqualTypeOf<Page<WorkflowDto>>();
    expectTypeOf<Awaited<ReturnType<Service['validateWorkflow']>>>().toEqualTypeOf<WorkflowValidationResult>();
    expectTypeOf<Awaited<ReturnType<Service['deleteWorkflow']>>>().toEqualTypeOf<void>();
    expectTypeOf<WorkflowDto['createdAt']>().toEqualTypeOf<string>();
    expectTypeOf<WorkflowDto['publishedAt']>().toEqualTypeOf<string | null>();
  });

  it('types its inputs by the input schemas: a misspelt key does not compile', () => {
    expectTypeOf<Parameters<Service['createWorkflow']>[1]>().toEqualTypeOf<z.input<typeof createWorkflowInputSchema>>();
    expectTypeOf<Parameters<Service['listWorkflows']>[1]>().toEqualTypeOf<z.input<typeof listWorkflowsQuerySchema> | undefined>();
    void WorkflowsService.createWorkflow(session, { name: 'triage', definition });
    // @ts-expect-error `definiton` is not a key of CreateWorkflowInput
    void WorkflowsService.createWorkflow(session, { name: 'triage', definiton: definition });
    // @ts-expect-error `versoin` is not a key of UpdateWorkflowInput (and `version` is required)
    void WorkflowsService.updateWorkflow(session, id, { versoin: 1 });
    // @ts-expect-error `serach` is not a filter of listWorkflows
    void WorkflowsService.listWorkflows(session, { serach: 'triage' });
    // @ts-expect-error not a sort key of listWorkflows
    void WorkflowsService.listWorkflows(session, { sort: 'definition' });
  });

  it('keeps the pure validator free of sessions', () => {
    expectTypeOf<Parameters<typeof validateWorkflowDefinition>[0]>().toEqualTypeOf<WorkflowDefinition>();
    expectTypeOf<WorkflowDefinition>().toEqualTypeOf<z.output<typeof workflowDefinitionSchema>>();
    expectTypeOf<WorkflowDefinition['nodes'][number]['type']>().toEqualTypeOf<'agent' | 'function' | 'condition'>();
  });
});
