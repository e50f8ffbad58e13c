import { isConfigError } from '@agent-studio/db/exec';
import { afterEach, describe, expect, it } from 'vitest';
import { currentOutboundPolicy } from '../outbound/default-outbound-policy.js';
import { installProcessPolicies } from './install-process-policies.js';
import { currentStdioCommandPolicy } from './stdio-command-policy.js';

afterEach(() => {
  installProcessPolicies(process.env); // back to the worker's test policies
});

describe('installProcessPolicies', () => {
  it('installs what the environment says and summarizes it', () => {
    const policies = installProcessPolicies({ OUTBOUND_ALLOW: '10.0.0.0/8,mcp.internal', MCP_STDIO_COMMANDS: '/usr/bin/mcp-files', MCP_STDIO_MAX_PROCESSES: '2' });
    expect(currentOutboundPolicy()).toBe(policies.outbound);
    expect(currentStdioCommandPolicy()).toEqual({ commands: ['/usr/bin/mcp-files'], maxProcesses: 2 });
    expect(policies.summary).toEqual([
      'outbound: public addresses + 2 OUTBOUND_ALLOW entries',
      'stdio:    1 command(s) allowed (MCP_STDIO_COMMANDS), at most 2 at once',
    ]);
    expect(installProcessPolicies({}).summary).toEqual(['outbound: public addresses only (OUTBOUND_ALLOW unset)', 'stdio:    disabled (MCP_STDIO_COMMANDS unset)']);
    expect(currentStdioCommandPolicy().commands).toEqual([]);
  });

  it('refuses an invalid variable by name, installing nothing', () => {
    const before = currentOutboundPolicy();
    for (const env of [{ OUTBOUND_ALLOW: '10.0.0.0/99' }, { MCP_STDIO_MAX_PROCESSES: '0' }]) {
      let error: unknown;
      try {
        installProcessPolicies(env);
      } catch (e) {
        error = e;
      }
      expect(isConfigError(error)).toBe(true);
      expect((error as Error).message).toContain(Object.keys(env)[0]);
    }
    expect(currentOutboundPolicy()).toBe(before);
  });
});
