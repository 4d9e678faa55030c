import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../scripts/local-stack/appServer.ts';
import { compileContracts } from '../scripts/local-stack/compile.ts';
import { startLocalStack } from '../scripts/local-stack/stack.ts';
import { type Figures, median } from './figures.ts';

const root = join(import.meta.dirname, '..');
const RUNS = 3;

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

/** Production build size, and cold start of the whole local stack (what `npm start` runs). */
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
  };
}
