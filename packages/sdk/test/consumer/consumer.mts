// A consumer of the published packages, compiled with tsc and run by node outside the workspace.
import { createEngine, migrateUp } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { AgentsService } from '@agent-studio/sdk';

const engine = await createEngine();
try {
  await migrateUp(engine);
  const created = await withSession(engine, (session) =>
    AgentsService.createAgent(session, { name: `consumer-${process.pid}-esm`, model: 'gpt-4o-mini' }),
  );
  const read = await withSession(engine, (session) => AgentsService.getAgent(session, created.id));
  console.log(JSON.stringify({ format: 'esm', ok: read.id === created.id && read.name === created.name }));
} finally {
  await engine.close();
}
