/**
 * What to probe: the MCP server's transport and how to reach it.
 *
 * @module
 */
import { z } from 'zod';

/**
 * The transports a configured MCP server may declare. `streamable_http` falls back to `sse`
 * when the server does not speak streamable HTTP.
 *
 * @example
 * mcpTransportSchema.parse('sse'); // 'sse'
 */
export const mcpTransportSchema = z
  .enum(['streamable_http', 'sse', 'stdio'])
  .describe('How the MCP server is reached.');

/** A transport name: `'streamable_http' | 'sse' | 'stdio'`. */
export type McpTransport = z.infer<typeof mcpTransportSchema>;

/**
 * The connection settings of one MCP server, as stored on its row. `url` is required for the
 * HTTP transports (http: or https:), `command` for `stdio`. `headers` and `env` usually carry
 * secrets: a probe never echoes them back.
 *
 * @example
 * const config = mcpProbeConfigSchema.parse({ transport: 'streamable_http', url: 'https://mcp.example.com/mcp' });
 */
export const mcpProbeConfigSchema = z
  .object({
    transport: mcpTransportSchema,
    url: z.string().min(1).optional().describe('Endpoint for streamable_http / sse (http: or https:).'),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe('Extra HTTP headers (e.g. Authorization); secret, never returned.'),
    command: z.string().min(1).optional().describe('Executable for stdio servers.'),
    args: z.array(z.string()).optional().describe('Arguments for the stdio command.'),
    secretArgs: z
      .array(z.number().int().min(0))
      .optional()
      .describe('Indexes of `args` that are secrets: scrubbed from error text like header and env values.'),
    env: z
      .record(z.string(), z.string())
      .optional()
      .describe('Environment for the stdio command; secret, never returned.'),
  })
  .superRefine((config, ctx) => {
    if (config.transport === 'stdio') {
      if (!config.command) {
        ctx.addIssue({ code: 'custom', path: ['command'], message: 'command is required for the stdio transport' });
      }
      return;
    }
    if (!config.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `url is required for the ${config.transport} transport` });
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(config.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url is not a valid URL' });
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url must use http: or https:' });
    }
  })
  .describe('Connection settings of an MCP server.');

/**
 * The probe configuration: `{ transport, url?, headers?, command?, args?, env? }`.
 *
 * @example
 * const config: McpProbeConfig = { transport: 'stdio', command: 'npx', args: ['-y', 'some-mcp-server'] };
 */
export type McpProbeConfig = z.infer<typeof mcpProbeConfigSchema>;
