import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import type { AppConfig } from '../../src/core/config.ts';
import { contentSecurityPolicy } from '../../src/core/contentSecurityPolicy.ts';
import { listSiteFiles, sha256Hex } from './listSiteFiles.ts';

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
 * Builds the site with Vite into `outDir`, writes `config.json` next to index.html, puts the
 * Content Security Policy of that config into index.html, and stamps the service worker with
 * a hash of the build, so browsers see a changed sw.js and replace the cached shell. Returns
 * that version.
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
  await injectContentSecurityPolicy(params.outDir, params.config);
  return stampServiceWorker(params.outDir);
}

const CSP_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?\s*/;

/**
 * Writes the policy of `config` ({@link contentSecurityPolicy}) into `<outDir>/index.html`
 * as a `<meta http-equiv>` at the top of `<head>` (a policy covers only what follows it),
 * replacing one written before. Gateways send no CSP header, and config.json is fetched at
 * run time, so the build is where the policy can be fixed.
 *
 * @example
 * await injectContentSecurityPolicy('dist', config);
 */
export async function injectContentSecurityPolicy(
  outDir: string,
  config: AppConfig,
): Promise<void> {
  const path = join(outDir, 'index.html');
  const html = (await readFile(path, 'utf8')).replace(CSP_META, '');
  const policy = contentSecurityPolicy(config, 'meta')
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;');
  // After <meta charset> (which must come first), else first thing in <head>.
  const anchor = /<meta charset="[^"]*">\n?(\s*)/i.exec(html) ?? /<head>\n?(\s*)/i.exec(html);
  if (!anchor) throw new Error(`${path}: no <head> to put the security policy in`);
  const at = anchor.index + anchor[0].length;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">\n${anchor[1] ?? ''}`;
  await writeFile(path, html.slice(0, at) + meta + html.slice(at));
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
