import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { TestEngine } from '@agent-studio/db/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { ImportReport, SecretRef, StudioExport } from './studio-export-schemas.js';
import { StudioExportService } from './studio-export-service.js';

type Service = typeof StudioExportService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;
declare const bundle: StudioExport;

describe('StudioExportService types', () => {
  it('takes an ExecSession first in every method, never a legacy session', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
    // @ts-expect-error a LegacySession is not an ExecSession
    void StudioExportService.exportAll(SessionLocal(engine));
  });

  it('exports a typed bundle and imports one with typed options', () => {
    expectTypeOf(StudioExportService.exportAll(session)).resolves.toEqualTypeOf<StudioExport>();
    expectTypeOf(StudioExportService.importAll(session, { bundle, dryRun: true })).resolves.toEqualTypeOf<ImportReport>();
    // @ts-expect-error secrets are string values by reference name
    void StudioExportService.importAll(session, { bundle, secrets: { A: 1 } });
    // @ts-expect-error dryRun is a boolean
    void StudioExportService.importAll(session, { bundle, dryRun: 'yes' });
  });

  it('carries secrets only as references', () => {
    expectTypeOf<StudioExport['mcpServers'][number]['headers']>().toEqualTypeOf<Record<string, SecretRef>>();
    expectTypeOf<StudioExport['modelProviders'][number]['apiKey']>().toEqualTypeOf<SecretRef | null>();
    expectTypeOf<StudioExport['mcpServers'][number]['args'][number]>().toEqualTypeOf<string | SecretRef>();
  });
});
