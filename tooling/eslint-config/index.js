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
 * @param {{ tsconfigRootDir: string, restrictedImports?: Array<{ name: string, message: string }>, ignores?: string[] }} options
 */
export function config({ tsconfigRootDir, restrictedImports = [], ignores = [] }) {
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
        'no-restricted-imports': restrictedImports.length
          ? ['error', { paths: restrictedImports }]
          : 'off',
      },
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
