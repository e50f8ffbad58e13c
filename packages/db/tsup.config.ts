import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      engine: 'src/engine.ts',
      models: 'src/models.ts',
      exec: 'src/exec.ts',
      legacy: 'src/legacy.ts',
      testing: 'src/testing.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
  {
    entry: { cli: 'src/cli.ts', bench: 'bench/bench.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: false,
  },
]);
