/**
 * Every example of the OpenAPI document is valid for the zod schema of its component (the
 * schema that validates the request or built the response), and the main resources and the
 * bodies that create them have one.
 */
import * as sdk from '@agent-studio/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXAMPLES } from './examples.js';

function schemaOf(component: string): z.ZodType {
  const schema = (sdk as Record<string, unknown>)[`${component.charAt(0).toLowerCase()}${component.slice(1)}Schema`];
  if (!(schema instanceof z.ZodType)) throw new Error(`no SDK schema for component ${component}`);
  return schema;
}

describe('OpenAPI examples', () => {
  it.each(Object.entries(EXAMPLES))('%s is valid for its schema', (name, example) => {
    const result = schemaOf(name).safeParse(example);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('covers the resources and their create/update bodies', () => {
    for (const name of ['Agent', 'CreateAgentInput', 'UpdateAgentInput', 'Workflow', 'CreateWorkflowInput', 'Deployment', 'CreateDeploymentInput', 'InvokeRunInput']) {
      expect(Object.keys(EXAMPLES)).toContain(name);
    }
  });
});
