import type { Linter } from 'eslint';
/** Builds the flat config for one package; see index.js. */
export declare function config(options: {
  tsconfigRootDir: string;
  restrictedImports?: Array<{ name: string; message: string }>;
  restrictedPatterns?: Array<{ group?: string[]; regex?: string; message: string }>;
  allowInTests?: string[];
  ignores?: string[];
}): Linter.Config[];
