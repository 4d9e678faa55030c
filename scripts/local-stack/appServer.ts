import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
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

/** Builds kept in a cache folder: the newest few, for runs still serving an older one. */
const KEPT_BUILDS = 3;

/**
 * Builds the production site into `<cacheDir>/<hash of its sources>` unless that build exists,
 * so a second `npm start` (or e2e run) with nothing changed serves at once. A build is made in a
 * folder of its own and renamed into place when complete: runs side by side never read half a
 * build, and the one that finishes second keeps the first one's.
 *
 * @example
 * const site = await buildSiteOnce(join(root, '.local', 'site'));
 * await startPreviewServer(config, site.dir, 5173);
 */
export async function buildSiteOnce(cacheDir: string): Promise<CachedSite> {
  const hash = (await siteSourceHash()).slice(0, 16);
  const dir = join(cacheDir, hash);
  if (await stat(join(dir, 'index.html')).catch(() => null)) return { dir, built: false };
  await mkdir(cacheDir, { recursive: true });
  const building = await mkdtemp(join(cacheDir, `building-${hash}-`));
  try {
    await buildSite(building);
    await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  await pruneBuilds(cacheDir);
  return { dir, built: true };
}

/**
 * Removes all but the newest KEPT_BUILDS finished builds, builds a crashed run left unfinished
 * over an hour ago, and leftovers of older layouts.
 */
async function pruneBuilds(cacheDir: string): Promise<void> {
  const entries = await readdir(cacheDir, { withFileTypes: true });
  const finished = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('building-'))
      .map(async (entry) => ({
        path: join(cacheDir, entry.name),
        finished: entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name),
        mtime: (await stat(join(cacheDir, entry.name))).mtimeMs,
      })),
  );
  const kept = new Set(
    finished
      .filter((build) => build.finished)
      .sort((a, b) => b.mtime - a.mtime)
      .slice(0, KEPT_BUILDS)
      .map((build) => build.path),
  );
  const abandoned = await Promise.all(
    entries
      .filter((entry) => entry.name.startsWith('building-'))
      .map(async (entry) => ({
        path: join(cacheDir, entry.name),
        old: Date.now() - (await stat(join(cacheDir, entry.name))).mtimeMs > 3_600_000,
      })),
  );
  const removed = [
    ...finished.filter((build) => !kept.has(build.path)),
    ...abandoned.filter((build) => build.old),
  ];
  for (const build of removed) await rm(build.path, { recursive: true, force: true });
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
