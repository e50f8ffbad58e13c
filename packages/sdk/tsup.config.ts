import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // the published entries: no source maps in the tarball (tests run from src/)
    entry: {
      index: 'src/index.ts',
      mcp: 'src/mcp.ts',
      runtime: 'src/runtime.ts',
      outbound: 'src/outbound.ts',
      metrics: 'src/metrics.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    // the benchmark: built beside the package (bench-dist/), never published
    entry: { 'runs-bench': 'bench/runs-bench.ts', 'agent-loop-bench': 'bench/agent-loop-bench.ts', 'agent-engine-bench': 'bench/agent-engine-bench.ts' },
    outDir: 'bench-dist',
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: false,
    // db and the sdk stay imports (the bench runs their builds, as the worker processes do); the
    // loopback test servers are TypeScript source, so they are bundled in
    external: [/^@agent-studio\/(db|sdk)(\/|$)/],
    noExternal: ['@agent-studio/test-servers'],
  },
]);
