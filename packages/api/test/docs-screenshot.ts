/**
 * Renders the interactive docs page (`/docs`, Swagger UI) of the BUILT server in headless
 * Chromium, saves a screenshot and checks that it is a real render, not a blank page:
 *
 * 1. starts `dist/server.js` on the embedded database (temporary data directory, PORT 0);
 * 2. `chromium --dump-dom` of `/docs`: the DOM Swagger UI built must contain the API's title and
 *    its operations (`opblock` elements, one per operation in /openapi.json);
 * 3. `chromium --dump-dom` of `/docs/?expand=all&tag=<tag>` for each tag: every operation
 *    expanded (Swagger UI resolves each one's schemas then) shows no "Resolver error";
 * 4. `chromium --screenshot`: a PNG of 1280x900, large enough to hold more than a blank page.
 *
 * Not part of `pnpm test` (it needs Chromium): `pnpm --filter @agent-studio/api docs:screenshot`
 * (builds first). The PNG goes to the path given as the first argument, default
 * `$TMPDIR/agent-studio-docs.png`. Chromium: `CHROMIUM` or `/usr/bin/chromium`.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CHROMIUM, chromium, pngSize } from './chromium.js';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// built into dist/ (next to server.js); also works when run from test/ by a TypeScript runner
const SERVER_JS = existsSync(join(here, 'server.js')) ? join(here, 'server.js') : join(here, '..', 'dist', 'server.js');
const OUT = resolve(process.argv[2] ?? join(tmpdir(), 'agent-studio-docs.png'));
/** A blank 1280x900 PNG is a few KB; Swagger UI with its operation list is far more. */
const MIN_PNG_BYTES = 30_000;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENT_STUDIO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (base) return { child, base };
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`the server did not start within 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: build first (pnpm --filter @agent-studio/api build)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)`);
  const work = await mkdtemp(join(tmpdir(), 'agent-studio-docs-'));
  let server: ChildProcess | undefined;
  try {
    const started = await startServer(join(work, 'data'));
    server = started.child;
    const url = `${started.base}/docs`;
    log(`server: ${started.base}`);

    const spec = (await (await fetch(`${started.base}/openapi.json`)).json()) as { info: { title: string }; paths: Record<string, object> };
    const operations = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).length, 0);

    const dom = await chromium(['--dump-dom', url], join(work, 'profile-dom'));
    const opblocks = (dom.match(/class="opblock opblock-/g) ?? []).length;
    log(`rendered DOM: ${dom.length} chars, ${opblocks} operation blocks (the spec has ${operations})`);
    if (!dom.includes('swagger-ui')) throw new Error('the DOM has no Swagger UI');
    if (!dom.includes(spec.info.title)) throw new Error(`the DOM does not show the API title "${spec.info.title}"`);
    if (opblocks !== operations) throw new Error(`Swagger UI rendered ${opblocks} operations, the spec has ${operations}`);

    // one tag at a time: Swagger UI expanding all operations at once takes minutes
    const tags = new Map<string, number>();
    for (const item of Object.values(spec.paths)) {
      for (const op of Object.values(item) as { tags?: string[] }[]) for (const tag of op.tags ?? []) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    }
    for (const [tag, count] of tags) {
      const expanded = await chromium(['--dump-dom', `${url}/?expand=all&tag=${encodeURIComponent(tag)}`], join(work, `profile-${tag}`));
      const bodies = (expanded.match(/class="opblock-body"/g) ?? []).length;
      const resolverErrors = (expanded.match(/Resolver error/g) ?? []).length;
      // the filter also matches paths (`functions` shows /agents/{id}/functions too): at least the tag's own
      log(`${tag}: ${bodies} operations expanded (the tag has ${count}), ${resolverErrors} resolver errors`);
      if (bodies < count) throw new Error(`Swagger UI expanded ${bodies} ${tag} operations, the spec has ${count}`);
      if (resolverErrors > 0) throw new Error(`${resolverErrors} "Resolver error" entries in the expanded ${tag} operations`);
    }

    // the pictures panel above Swagger UI: both deep links lead to rendered operations, and a
    // page opened with ?graph=<id> asks the API in the browser (no key given here: the answer is
    // the API's 401, shown in the panel — the SVGs themselves are checked by svg:screenshot)
    const pictures = await chromium(['--dump-dom', `${url}/?graph=00000000-0000-4000-8000-000000000000`], join(work, 'profile-pictures'));
    for (const id of ['picture-form', 'operations-runs-getRunTimelineSvg', 'operations-workflows-getWorkflowGraphSvg']) {
      if (!pictures.includes(`id="${id}"`)) throw new Error(`the docs page has no element #${id}`);
    }
    const status = /<span id="picture-status" role="status">([^<]*)<\/span>/.exec(pictures)?.[1] ?? '';
    log(`pictures panel: ${JSON.stringify(status)}`);
    if (!status.startsWith('401 ')) throw new Error(`the pictures panel did not ask the API (status "${status}")`);

    await rm(OUT, { force: true });
    await chromium([`--screenshot=${OUT}`, url], join(work, 'profile-png'));
    const { size } = await stat(OUT);
    const { width, height } = pngSize(await readFile(OUT));
    log(`screenshot: ${OUT} (${width}x${height}, ${size} bytes)`);
    if (width !== 1280 || height !== 900) throw new Error(`unexpected screenshot size ${width}x${height}`);
    if (size < MIN_PNG_BYTES) throw new Error(`the screenshot is ${size} bytes: a blank page?`);
    log('ok: /docs renders Swagger UI');
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`docs:screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
