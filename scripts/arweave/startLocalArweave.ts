import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ArLocalModule from 'arlocal';

/** A running ArLocal for tests and benches, reached on 127.0.0.1 only. */
export interface LocalArweave {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Mines pending transactions into a block. */
  mine(): Promise<void>;
  /** Credits `winston` to `address` (ArLocal's /mint). */
  mint(address: string, winston: bigint): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts ArLocal on a free port with its database in a fresh temp directory (removed on
 * stop). ArLocal binds every interface; callers talk to it on 127.0.0.1 only.
 *
 * @example
 * const local = await startLocalArweave();
 * try { ... } finally { await local.stop(); }
 */
export async function startLocalArweave(): Promise<LocalArweave> {
  const dir = await mkdtemp(join(tmpdir(), 'arlocal-'));
  const port = await freePort();
  // arlocal is CommonJS with `exports.default`; tsx and vitest hand it over differently.
  const ArLocal = ((ArLocalModule as unknown as { default?: typeof ArLocalModule }).default ??
    ArLocalModule) as typeof ArLocalModule;
  const arlocal = new ArLocal(port, false, join(dir, 'db'), false);
  await arlocal.start();
  const url = `http://127.0.0.1:${port}`;
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`ArLocal ${path}: ${response.status}`);
    await response.arrayBuffer();
  };
  return {
    url,
    port,
    mine: () => get('/mine'),
    mint: (address, winston) => get(`/mint/${address}/${winston}`),
    stop: async () => {
      await arlocal.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
