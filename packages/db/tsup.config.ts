import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // the published entries: no source maps in the tarball (tests run from src/)
    entry: {
      engine: 'src/engine.ts',
      models: 'src/models.ts',
      exec: 'src/exec.ts',
      legacy: 'src/legacy.ts',
      testing: 'src/testing.ts',
      tracing: 'src/tracing.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    // the benchmark: built beside the package (bench-dist/), never published
    entry: { bench: 'bench/bench.ts' },
    outDir: 'bench-dist',
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: false,
  },
]);
