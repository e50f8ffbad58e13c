import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // the server, plus the benchmark and the docs screenshot check (dev tools, not exported)
    entry: { server: 'src/server.ts', bench: 'bench/api-bench.ts', 'docs-screenshot': 'test/docs-screenshot.ts', 'svg-screenshot': 'test/svg-screenshot.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: false,
    // dev dependencies the bench uses: load them from node_modules rather than bundling them
    external: ['autocannon', 'pg', '@hpcc-js/wasm-graphviz'],
  },
]);
