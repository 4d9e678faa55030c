import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, createServer, type Plugin, preview } from 'vite';
import type { AppConfig } from '../../src/core/config.ts';
import { contentSecurityPolicy } from '../../src/core/contentSecurityPolicy.ts';

const root = join(import.meta.dirname, '..', '..');

/** A running app: its URL and how to stop it. */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `config.json` next to index.html, as a static host of the built site would, and
 * sends the site's Content Security Policy for that config with every response (workers
 * included), so the local stack and the e2e tier run under the rules production has.
 */
function serveConfig(config: AppConfig): Plugin {
  const body = JSON.stringify(config);
  const policy = contentSecurityPolicy(config, 'header');
  const middleware = (
    request: { url?: string | undefined },
    response: { setHeader(name: string, value: string): void; end(body: string): void },
    next: () => void,
  ) => {
    response.setHeader('content-security-policy', policy);
    if (request.url?.split('?')[0]?.endsWith('/config.json')) {
      response.setHeader('content-type', 'application/json');
      response.setHeader('cache-control', 'no-store');
      response.end(body);
      return;
    }
    next();
  };
  return {
    name: 'community-chats-config',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/** The Vite dev server (hot reload), for `npm run dev`. */
export async function startDevServer(config: AppConfig, port: number): Promise<AppServer> {
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    plugins: [serveConfig(config)],
    server: { host: '127.0.0.1', port, strictPort: true },
    logLevel: 'warn',
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** Builds the production site into `outDir` (what gets deployed); returns the folder. */
export async function buildSite(outDir: string): Promise<string> {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  return outDir;
}

/** What the site is built from: a change to any of these files makes a new build. */
const SITE_SOURCES = [
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'package-lock.json',
  'src',
  'public',
];

/** A hash of every file the site is built from (tests left out: they are not built in). */
async function siteSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const source of SITE_SOURCES) {
    const path = join(root, source);
    const files = (await stat(path)).isDirectory()
      ? (await readdir(path, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile() && !entry.name.includes('.test.'))
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [path];
    for (const file of files) {
      hash.update(`${relative(root, file)}\0`);
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex');
}

/** A built site in a cache folder, and whether it was built just now. */
export interface CachedSite {
  dir: string;
  built: boolean;
}

/**
 * Builds the production site into `<cacheDir>/dist` unless the build there was made from the
 * same sources (their hash is kept beside it), so a second `npm start` with nothing changed
 * serves at once. The hash is written only after a build succeeds.
 *
 * @example
 * const site = await buildSiteOnce(join(root, '.local', 'site'));
 * await startPreviewServer(config, site.dir, 5173);
 */
export async function buildSiteOnce(cacheDir: string): Promise<CachedSite> {
  const dir = join(cacheDir, 'dist');
  const stamp = join(cacheDir, 'source-hash');
  const sources = await siteSourceHash();
  const previous = await readFile(stamp, 'utf8').catch(() => null);
  if (previous === sources && (await stat(join(dir, 'index.html')).catch(() => null))) {
    return { dir, built: false };
  }
  await mkdir(cacheDir, { recursive: true });
  await rm(stamp, { force: true });
  await buildSite(dir);
  await writeFile(stamp, sources);
  return { dir, built: true };
}

/** Serves a built site, as the tests and a gateway would see it. */
export async function startPreviewServer(
  config: AppConfig,
  outDir: string,
  port: number,
): Promise<AppServer> {
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    plugins: [serveConfig(config)],
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true },
    logLevel: 'warn',
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}
