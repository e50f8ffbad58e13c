// @ts-check
/**
 * Shared flat ESLint configuration for Agent Studio packages.
 *
 * @example
 * // packages/x/eslint.config.js
 * import { config } from '@agent-studio/eslint-config';
 * export default config({ tsconfigRootDir: import.meta.dirname });
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Builds the flat config for one package.
 * `restrictedImports` are exact specifiers, `restrictedPatterns` are `no-restricted-imports`
 * patterns (`group` globs or a `regex`), each with the message naming what to use instead.
 * `allowInTests` lists restricted specifiers that tests (`*.test.ts`, `test/**`, `bench/**`) may
 * still import (a test builds its own engine and fixtures). Type tests (`*.test-d.ts`) are exempt
 * from every restriction: they import the forbidden factory on purpose.
 * @param {{ tsconfigRootDir: string, restrictedImports?: Array<{ name: string, message: string }>, restrictedPatterns?: Array<{ group?: string[], regex?: string, message: string }>, allowInTests?: string[], ignores?: string[] }} options
 */
export function config({ tsconfigRootDir, restrictedImports = [], restrictedPatterns = [], allowInTests = [], ignores = [] }) {
  /** @param {Array<{ name: string, message: string }>} paths */
  const restricted = (paths) =>
    paths.length || restrictedPatterns.length
      ? /** @type {const} */ (['error', { paths, patterns: restrictedPatterns }])
      : 'off';
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.cjs', '**/*.mjs', ...ignores] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        'no-restricted-imports': restricted(restrictedImports),
      },
    },
    {
      files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
      rules: { 'no-restricted-imports': restricted(restrictedImports.filter((p) => !allowInTests.includes(p.name))) },
    },
    {
      // type tests import the forbidden factory on purpose, to prove the compiler rejects it
      files: ['**/*.test-d.ts'],
      rules: { 'no-restricted-imports': 'off' },
    },
    {
      files: ['**/*.test.ts', '**/*.test-d.ts', 'test/**/*.ts', 'bench/**/*.ts'],
      rules: {
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unused-expressions': 'off',
        '@typescript-eslint/require-await': 'off',
      },
    },
  );
}
