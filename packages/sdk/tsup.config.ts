import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      mcp: 'src/mcp.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
  },
]);
