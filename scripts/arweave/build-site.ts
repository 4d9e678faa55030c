import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import type { AppConfig } from '../../src/core/config.ts';
import { listSiteFiles, sha256Hex } from './site-files.ts';

/** The line in public/sw.js that the build stamps with its version. */
const SW_VERSION_PATTERN = /const VERSION = '[^']*';/;

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
 * Replaces the VERSION line of `<outDir>/sw.js` (if there is one) with a hash of every
 * other file of the build, and returns that hash.
 */
export async function stampServiceWorker(outDir: string): Promise<string> {
  const files = (await listSiteFiles(outDir)).filter((file) => file.path !== 'sw.js');
  const version = sha256Hex(files.map((file) => `${file.path}:${file.sha256}`).join('\n')).slice(
    0,
    16,
  );
  const swPath = join(outDir, 'sw.js');
  const source = await readFile(swPath, 'utf8').catch(() => undefined);
  if (source !== undefined) {
    if (!SW_VERSION_PATTERN.test(source)) throw new Error(`${swPath}: no VERSION line to stamp`);
    await writeFile(swPath, source.replace(SW_VERSION_PATTERN, `const VERSION = '${version}';`));
  }
  return version;
}
