/**
 * Scraping a CLI child's `--metrics-port` listener in the tests.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { parsePromText, type PromScrape } from '@agent-studio/test-servers/prometheus-text';
import { untilStderr } from './run-cli.js';

/**
 * Waits for `child` to print its metrics URL and returns it.
 *
 * @example
 * const url = await metricsUrlOf(startCli(['worker', '--metrics-port', '0'], env));
 */
export async function metricsUrlOf(child: ChildProcess): Promise<string> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  await untilStderr(child, '/metrics\n');
  const url = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stderr)?.[1];
  if (!url) throw new Error(`no metrics URL in:\n${stderr}`);
  return url;
}

/**
 * Scrapes `url` until `ready(scrape)` holds or `timeoutMs` passes; returns the last scrape.
 *
 * @example
 * const scrape = await scrapeUntil(url, (s) => s.value('agent_studio_mcp_sweeps_total') >= 1, 20_000);
 */
export async function scrapeUntil(url: string, ready: (scrape: PromScrape) => boolean, timeoutMs: number): Promise<PromScrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scrape = await parsePromText(await (await fetch(url)).text());
    if (ready(scrape) || Date.now() >= deadline) return scrape;
    await new Promise((r) => setTimeout(r, 100));
  }
}
