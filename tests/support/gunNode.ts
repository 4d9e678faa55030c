import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayLimits } from '../../scripts/relay/RelayGuard.ts';
import { type RunningRelay, startRelay } from '../../scripts/relay/startRelay.ts';
import { GunGraph } from '../../src/graph/GunGraph.ts';
import { gunClientOptions } from '../../src/graph/gunOptions.ts';
import type { GunRoot } from '../../src/graph/gunRoot.ts';
import { quietImport } from '../../src/graph/quietImport.ts';

type NodeGun = ((options: Record<string, unknown>) => GunRoot) & { log: { off: boolean } };

function isNodeGun(value: unknown): value is NodeGun {
  return typeof value === 'function' && 'log' in value;
}

let loading: Promise<NodeGun> | undefined;
function loadGun(): Promise<NodeGun> {
  loading ??= quietImport(async () => {
    const Gun: unknown = (await import('gun')).default;
    if (!isNodeGun(Gun)) throw new Error('the gun package did not export Gun');
    Gun.log.off = true;
    return Gun;
  });
  return loading;
}

/**
 * A Node Gun client as a {@link GunGraph}: in memory (no radisk, no files), no multicast,
 * not a super peer, connected to `relays` on loopback.
 */
export async function createNodeGraph(relays: readonly string[]): Promise<GunGraph> {
  return (await createNodeGun(relays)).graph;
}

/** {@link createNodeGraph}, with the Gun instance under it (to look into Gun's own cache). */
export async function createNodeGun(
  relays: readonly string[],
): Promise<{ gun: GunRoot; graph: GunGraph }> {
  const Gun = await loadGun();
  const gun = Gun({ ...gunClientOptions(relays), multicast: false, radisk: false, rfs: false });
  return { gun, graph: new GunGraph({ gun, relays }) };
}

/** A plain Gun relay on loopback (in memory, none of our limits), as anyone may run one. */
export async function startPlainRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const Gun = await loadGun();
  const server = createServer();
  const gun = Gun({ web: server, multicast: false, axe: false, radisk: false, rfs: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/gun`,
    close: () =>
      new Promise<void>((resolve) => {
        const peers = gun.back('opt').peers;
        for (const [id, peer] of Object.entries(peers)) {
          delete peers[id];
          peer.wire?.close();
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Our relay (`startRelay`) on 127.0.0.1, which can be killed and brought back on the same port
 * and folder.
 */
export class TestRelay {
  #running: RunningRelay | undefined;
  #port = 0;
  readonly #dataDir = tempDataDir('cc-relay-');

  get url(): string {
    return `http://127.0.0.1:${this.#port}/gun`;
  }

  get running(): RunningRelay | undefined {
    return this.#running;
  }

  readonly #limits: Partial<RelayLimits>;

  /** `limits`: what the relay refuses, over its defaults. */
  constructor(limits: Partial<RelayLimits> = {}) {
    this.#limits = limits;
  }

  async start(): Promise<this> {
    const relay = await startRelay({
      host: '127.0.0.1',
      port: this.#port,
      dataDir: this.#dataDir,
      onStats: () => {},
      limits: this.#limits,
    });
    this.#running = relay;
    this.#port = Number(new URL(relay.url).port);
    return this;
  }

  async stop(): Promise<void> {
    await this.#running?.close();
    this.#running = undefined;
  }
}

const dataDirs: string[] = [];
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh folder for a relay's storage: inside the test run's folder (`temp-root.ts`), or
 * removed when this process exits (benches).
 */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(process.env.CC_TEST_TMP ?? tmpdir(), prefix));
  dataDirs.push(dir);
  return dir;
}

/** Waits until `check` holds, polling every 20 ms; throws after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  timeoutMs: number,
  what = 'condition',
): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

/** A relay in its own process (`npm run relay`), as deployed: its CPU is not the clients'. */
export interface RelayProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `scripts/relay.ts` on a free loopback port with a fresh data folder. */
export async function startRelayProcess(): Promise<RelayProcess> {
  const { spawn } = await import('node:child_process');
  const data = tempDataDir('cc-relay-proc-');
  const root = join(import.meta.dirname, '../..');
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['scripts/relay.ts', '--host', '127.0.0.1', '--port', '0', '--data', data],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitFor(() => /Gun relay on (\S+)/.test(output), 20_000, 'relay process');
  const url = /Gun relay on (\S+)/.exec(output)?.[1] ?? '';
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
