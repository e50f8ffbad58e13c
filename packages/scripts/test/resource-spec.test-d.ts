import type { AgentDto, CreateAgentInput, CreateFunctionInput } from '@agent-studio/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import { agentsResource } from '../src/resources/agents-resource.js';
import type { ResourceSpec } from '../src/resources/resource-spec.js';

describe('a resource spec ties its parser, its service calls and its rows together', () => {
  it('the agents spec parses into the input createAgent takes, and lists AgentDto rows', () => {
    expectTypeOf(agentsResource).toEqualTypeOf<ResourceSpec<AgentDto, CreateAgentInput>>();
    expectTypeOf<ReturnType<(typeof agentsResource)['parse']>>().toEqualTypeOf<CreateAgentInput>();
    expectTypeOf(agentsResource.columns[0]!.cell).parameter(0).toEqualTypeOf<AgentDto>();
  });

  it('a spec whose create takes another input than parse returns does not compile', () => {
    const wrong: ResourceSpec<AgentDto, CreateAgentInput> = {
      ...agentsResource,
      // @ts-expect-error CreateFunctionInput is not the spec's input (CreateAgentInput)
      create: (_sdk, _session, input: CreateFunctionInput) => Promise.resolve(input as unknown as AgentDto),
    };
    void wrong;
  });

  it('a spec over rows without an id and a name does not compile', () => {
    // @ts-expect-error the builder prints and confirms by id and name
    type NoName = ResourceSpec<{ id: string }, CreateAgentInput>;
    expectTypeOf<NoName>().not.toBeNever();
  });
});
