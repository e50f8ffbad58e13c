/**
 * Tests run the workspace packages from source: `@agent-studio/<package>/<subpath>` resolves to
 * `src/<subpath>.ts` (tooling/vitest-config's `sourceAliases`), so editing `db/src` needs no
 * rebuild before an sdk test.
 */
import { sourceAliases } from '@agent-studio/vitest-config';
import { describe, expect, it } from 'vitest';

const sourceOf = (specifier: string) => sourceAliases().find((alias) => alias.find.test(specifier))?.replacement;

describe('workspace packages in tests', () => {
  it.each(['@agent-studio/db/exec', '@agent-studio/db/testing', '@agent-studio/sdk', '@agent-studio/sdk/mcp'])(
    '%s is the module in src/, not dist/',
    async (specifier) => {
      const source = sourceOf(specifier);
      expect(source).toMatch(/\/packages\/(db|sdk)\/src\/[a-z]+\.ts$/);
      expect(await import(/* @vite-ignore */ specifier)).toBe(await import(/* @vite-ignore */ source!));
    },
  );
});
