import { join } from 'node:path';
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

/** The Vite dev server (hot reload), for `npm start`. */
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
