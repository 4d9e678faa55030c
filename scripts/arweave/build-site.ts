import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import type { AppConfig } from '../../src/core/config.ts';
import { listSiteFiles, sha256Hex } from './site-files.ts';

/** The lines in public/sw.js that the build stamps. */
const SW_VERSION_PATTERN = /const VERSION = '[^']*';/;
const SW_PRECACHE_PATTERN = /const PRECACHE = \[[^\]]*\];/;

/** Files above this are left out of the precache (cached on first use instead). */
const PRECACHE_MAX_BYTES = 2_000_000;

/** Served network-first by the worker, so not in its precache list. */
const NOT_PRECACHED = new Set(['sw.js', 'index.html', 'config.json']);

/** Parameters of {@link buildSite}. */
export interface BuildSiteParameters {
  /** Vite project root (holds index.html). */
  root: string;
  outDir: string;
  config: AppConfig;
  /** Vite config file; false for a bare build (tests build fixtures this way). */
  configFile?: string | false;
  /** Print Vite's output. */
  verbose?: boolean;
}

/**
 * Builds the site with Vite into `outDir`, writes `config.json` next to index.html, and
 * stamps the service worker with a hash of the build, so browsers see a changed sw.js
 * and replace the cached shell. Returns that version.
 *
 * @example
 * await buildSite({ root: '.', outDir: 'dist', config });
 */
export async function buildSite(params: BuildSiteParameters): Promise<string> {
  const inline: InlineConfig = {
    root: params.root,
    configFile: params.configFile ?? join(params.root, 'vite.config.ts'),
    logLevel: params.verbose ? 'info' : 'warn',
    build: { outDir: params.outDir, emptyOutDir: true },
  };
  if (params.configFile === false) inline.base = './';
  await build(inline);
  await writeFile(
    join(params.outDir, 'config.json'),
    `${JSON.stringify(params.config, null, 2)}\n`,
  );
  return stampServiceWorker(params.outDir);
}

/**
 * Stamps `<outDir>/sw.js` (if there is one): VERSION becomes a hash of every other file of
 * the build, PRECACHE the list of files a second visit needs. Returns the version.
 *
 * @example
 * const version = await stampServiceWorker('dist');
 */
export async function stampServiceWorker(outDir: string): Promise<string> {
  const files = (await listSiteFiles(outDir)).filter((file) => file.path !== 'sw.js');
  const precache = files
    .filter((file) => !NOT_PRECACHED.has(file.path) && file.size <= PRECACHE_MAX_BYTES)
    .map((file) => `./${file.path}`);
  const version = sha256Hex(files.map((file) => `${file.path}:${file.sha256}`).join('\n')).slice(
    0,
    16,
  );
  const swPath = join(outDir, 'sw.js');
  const source = await readFile(swPath, 'utf8').catch(() => undefined);
  if (source !== undefined) {
    if (!SW_VERSION_PATTERN.test(source) || !SW_PRECACHE_PATTERN.test(source)) {
      throw new Error(`${swPath}: no VERSION or PRECACHE line to stamp`);
    }
    const stamped = source
      .replace(SW_VERSION_PATTERN, `const VERSION = '${version}';`)
      .replace(SW_PRECACHE_PATTERN, `const PRECACHE = ${JSON.stringify(precache)};`);
    await writeFile(swPath, stamped);
  }
  return version;
}
