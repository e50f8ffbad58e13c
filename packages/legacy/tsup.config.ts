import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      crud: 'src/crud.ts',
      'init-db': 'src/init-db.ts',
      monitor: 'src/monitor.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    // the monitor bench and the child process that hosts its 500 loopback MCP endpoints
    entry: { bench: 'bench/monitor-bench.ts', 'bench-mcp-host': 'bench/mcp-host.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: false,
  },
]);
