/**
 * Renders the two pictures — a 3-step run with one retry (`renderRunTimeline`) and a 20-node
 * workflow with both condition branches (`renderWorkflowGraph`, Graphviz) — with the same code
 * the routes use, opens each SVG in headless Chromium, checks the DOM Chromium parsed (every bar,
 * every node) and saves a PNG of each.
 *
 * Not part of `pnpm test` (it needs Chromium): `pnpm --filter @agent-studio/api svg:screenshot
 * [out-dir]` (builds first; default `$TMPDIR`). Chromium: `CHROMIUM` or `/usr/bin/chromium`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRunTimeline } from '../src/svg/run-timeline-svg.js';
import { renderWorkflowGraph } from '../src/svg/workflow-graph-svg.js';
import { CHROMIUM, chromium, pngSize } from './chromium.js';
import { branchingWorkflow, runWithRetry } from './svg-fixtures.js';

const OUT_DIR = resolve(process.argv[2] ?? tmpdir());
/** A blank 1280x900 PNG is a few KB. */
const MIN_PNG_BYTES = 8_000;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function shoot(name: string, svg: string, work: string, expect: (dom: string) => string | undefined): Promise<void> {
  const file = join(work, `${name}.svg`);
  await writeFile(file, svg);
  const url = pathToFileURL(file).href;
  const dom = await chromium(['--dump-dom', url], join(work, `profile-dom-${name}`));
  const problem = expect(dom);
  if (problem) throw new Error(`${name}: ${problem}`);
  const out = join(OUT_DIR, `agent-studio-${name}.png`);
  await rm(out, { force: true });
  await chromium([`--screenshot=${out}`, url], join(work, `profile-png-${name}`));
  const { size } = await stat(out);
  const { width, height } = pngSize(await readFile(out));
  log(`${name}: ${out} (${width}x${height}, ${size} bytes)`);
  if (size < MIN_PNG_BYTES) throw new Error(`${name}: the screenshot is ${size} bytes: a blank page?`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)`);
  const work = await mkdtemp(join(tmpdir(), 'agent-studio-svg-'));
  try {
    const { run, steps } = runWithRetry();
    await shoot('timeline', renderRunTimeline(run, steps), work, (dom) => {
      const bars = (dom.match(/<rect class="step /g) ?? []).length;
      if (bars !== 4) return `${bars} bars in the DOM, expected 4 (3 steps, one retried)`;
      if (!dom.includes('class="step retried critical"')) return 'no retried attempt on the critical path';
      return undefined;
    });
    await shoot('workflow-graph', await renderWorkflowGraph(branchingWorkflow('00000000-0000-4000-8000-000000000000')), work, (dom) => {
      const nodes = (dom.match(/class="node/g) ?? []).length;
      if (nodes !== 20) return `${nodes} nodes in the DOM, expected 20`;
      if (!/>true<\/text>/.test(dom) || !/>false<\/text>/.test(dom)) return 'a condition branch label is missing';
      return undefined;
    });
    log('ok: both SVGs render in Chromium');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`svg:screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
