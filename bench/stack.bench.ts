import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../scripts/local-stack/appServer.ts';
import { compileContracts } from '../scripts/local-stack/compile.ts';
import { type LocalStackOptions, startLocalStack } from '../scripts/local-stack/stack.ts';
import { launchBrowser } from '../tests/e2e/harness/browser.ts';
import { runTsxInTestNetns } from '../tests/e2e/netns.ts';
import { type Figures, median } from './figures.ts';

// Build size, the local stack's cold start, and a newcomer's first load of the landing page in
// headless Chromium (inside a network namespace made for the run): the built site that
// `npm start` serves, beside the Vite dev server of `npm run dev`.
// This module is both the bench (host side) and, re-run inside the namespace, the driver.

const root = join(import.meta.dirname, '..');
const thisFile = fileURLToPath(import.meta.url);
const RUNS = 3;
const LOAD_RUNS = 5;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** JS that index.html loads before anything lazy: the entry module and its modulepreloads. */
async function initialJsGzipBytes(distDir: string): Promise<number> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  let total = 0;
  for (const path of new Set(paths)) total += gzipSync(await readFile(join(distDir, path))).length;
  return total;
}

/** One first load: navigation to the landing page's h1 visible, and what the load fetched. */
interface FirstLoad {
  ms: number;
  requests: number;
  bytes: number;
}

/**
 * Driver, in the namespace: serves the app as `app` says, and opens the landing page
 * LOAD_RUNS times, each in a fresh browser context (empty cache, no service worker), as a
 * newcomer would. Requests and bytes (as sent, compressed or not) count until the network
 * is idle.
 */
async function firstLoads(app: LocalStackOptions['app']): Promise<FirstLoad[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-first-load-'));
  const stack = await startLocalStack({ app, dataDir });
  const browser = await launchBrowser({ fullBrowser: true });
  const loads: FirstLoad[] = [];
  try {
    for (let run = 0; run < LOAD_RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        sizes.push(
          request.sizes().then((s) => s.responseHeadersSize + Math.max(0, s.responseBodySize)),
        );
      });
      const started = performance.now();
      await page.goto(stack.appUrl, { waitUntil: 'commit' });
      await page.locator('h1').waitFor({ state: 'visible', timeout: 60_000 });
      const ms = performance.now() - started;
      await page.waitForLoadState('networkidle', { timeout: 30_000 });
      const bytes = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
      loads.push({ ms, requests: sizes.length, bytes });
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return loads;
}

/** What a list of loads comes to: the median time, the first's requests and size. */
function summary(loads: FirstLoad[]): string {
  const first = loads[0] as FirstLoad;
  const mb = (first.bytes / 1024 / 1024).toFixed(1);
  return `median ${Math.round(median(loads.map((l) => l.ms)))} ms (first ${Math.round(first.ms)}), ${first.requests} requests, ${mb} MB`;
}

async function drive(builtDir: string): Promise<void> {
  const built = await firstLoads({ builtDir });
  const dev = await firstLoads('dev');
  const figures: Figures = {
    'stack: first load': {
      value: median(built.map((l) => l.ms)),
      unit: 'ms',
      note: `navigation -> landing h1 visible, fresh context, median of ${LOAD_RUNS}. npm start (built site): ${summary(built)}; npm run dev (Vite dev server): ${summary(dev)}`,
    },
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Production build size, cold start of the whole local stack, and first load in Chromium. */
export default async function stackBench(): Promise<Figures> {
  compileContracts();
  const distDir = await buildSite(join(root, '.local', 'bench-dist'));
  let totalBytes = 0;
  for (const file of await filesUnder(distDir)) totalBytes += (await stat(file)).size;

  const starts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const stack = await startLocalStack({ app: { builtDir: distDir } });
    starts.push(performance.now() - started);
    await stack.stop();
  }
  const output = runTsxInTestNetns(`cc-load-${process.pid}`, thisFile, {
    env: { CC_STACK_BENCH_DIST: distDir },
    timeoutMs: 10 * 60_000,
  });
  const loads = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Figures;
  return {
    'build: initial JS (gzip)': {
      value: (await initialJsGzipBytes(distDir)) / 1024,
      unit: 'KB',
      note: 'entry + modulepreload, before lazy chunks',
    },
    'build: total size': { value: totalBytes / 1024, unit: 'KB', note: 'all files in dist/' },
    'local stack: cold start': {
      value: median(starts),
      unit: 'ms',
      note: `median of ${RUNS}: chain, contracts, ENS, relay, XMTP node, app`,
    },
    ...loads,
  };
}

if (process.env.CC_STACK_BENCH_DIST && process.argv[1] === thisFile) {
  await drive(process.env.CC_STACK_BENCH_DIST);
  // Gun clients of the stack keep timers of their own; the figures are written.
  process.exit(0);
}
