#!/usr/bin/env node
/**
 * `studio` — Agent Studio's operator CLI. Run it as `pnpm studio <command>` from the workspace
 * root (after `pnpm build`), or `node packages/scripts/dist/cli.js <command>`.
 *
 * @module
 */
import { runCli } from './lib/run-cli.js';

const code = await runCli(process.argv);
// Exit explicitly: a command's pooled connections, timers or MCP clients must not keep the
// process alive once its work is done (each command closes its engine first).
process.exit(code);
