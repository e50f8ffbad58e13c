import { defineConfig } from 'tsup';

// One executable: src/cli.ts (which starts with a shebang) → dist/cli.js. ESM only: it is run,
// never imported. Dependencies (the workspace packages, commander, ...) stay external.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  sourcemap: true,
  target: 'node20',
  // each command loads its implementation with import(): `--help` and bad input stay fast
  splitting: true,
  treeshake: true,
  clean: true,
});
