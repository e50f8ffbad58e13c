/**
 * Headless Chromium (Debian's `chromium`) for the screenshot checks kept out of `pnpm test`:
 * `docs:screenshot` and `svg:screenshot`.
 *
 * @module
 */
import { execFile } from 'node:child_process';

/** The browser: `CHROMIUM` or `/usr/bin/chromium`. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Runs headless Chromium with `args` and a fresh profile; resolves to its stdout.
 *
 * @example
 * await chromium([`--screenshot=${out}`, url], profileDir);
 */
export function chromium(args: readonly string[], profile: string): Promise<string> {
  const common = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    '--window-size=1280,900',
    // let Swagger UI fetch /openapi.json and render before the page is captured
    '--virtual-time-budget=15000',
  ];
  return new Promise((resolvePromise, reject) => {
    execFile(CHROMIUM, [...common, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/**
 * The width and height of a PNG (throws for anything else).
 *
 * @example
 * pngSize(await readFile(out)); // { width: 1280, height: 900 }
 */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
