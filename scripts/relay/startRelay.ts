import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { quietImport } from '../../src/graph/quietImport.ts';

/** Where and how {@link startRelay} runs a relay. */
export interface StartRelayParameters {
  /** Interface to listen on; keep 127.0.0.1 unless the relay is meant to be public. */
  host: string;
  /** TCP port; 0 picks a free one (read it back from `url`). */
  port: number;
  /** Folder for Gun's radisk files, created if missing; `null` keeps data in memory only. */
  dataDir: string | null;
  /** Called once a minute with a line of stats; default prints it with console.info. */
  onStats?: (line: string) => void;
  /** Stats interval in ms (default one minute). */
  statsIntervalMs?: number;
}

/** Counters a relay reports on `/health` and in its stats lines. */
export interface RelayStats {
  /** Clients connected right now. */
  peers: number;
  /** Connections accepted since start. */
  connections: number;
  /** Messages received since start. */
  messagesIn: number;
  uptimeMs: number;
}

/** A relay started by {@link startRelay}. */
export interface RunningRelay {
  /** Gun peer URL for clients, e.g. `http://127.0.0.1:8765/gun`. */
  url: string;
  /** Health endpoint, answering `GET` with {@link RelayStats} as JSON. */
  healthUrl: string;
  stats(): RelayStats;
  /** Stops listening and drops every client connection. */
  close(): Promise<void>;
}

interface GunPeer {
  wire?: { close(): void } | null;
}
interface GunHookContext {
  to: { next(value: unknown): void };
}
interface RelayGun {
  on(event: 'hi' | 'bye' | 'in', listener: (this: GunHookContext, value: unknown) => void): void;
  back(path: 'opt'): { peers: Record<string, GunPeer> };
}
type GunServer = ((options: Record<string, unknown>) => RelayGun) & { log: { off: boolean } };

function isGunServer(value: unknown): value is GunServer {
  return typeof value === 'function' && 'log' in value;
}

/**
 * Starts a Gun relay with a health endpoint in this process. Multicast is off: the relay
 * talks only to clients that connect to it.
 *
 * @example
 * const relay = await startRelay({ host: '127.0.0.1', port: 8765, dataDir: '.local/relay-data' });
 * console.info(relay.url); // http://127.0.0.1:8765/gun
 * await relay.close();
 */
export async function startRelay(parameters: StartRelayParameters): Promise<RunningRelay> {
  const Gun: unknown = await quietImport(async () => (await import('gun')).default);
  if (!isGunServer(Gun)) throw new Error('the gun package did not export Gun');
  Gun.log.off = true;

  const started = Date.now();
  const counters = { peers: 0, connections: 0, messagesIn: 0 };
  const stats = (): RelayStats => ({ ...counters, uptimeMs: Date.now() - started });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, ...stats() }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Gun relay: connect a Gun client to /gun, or GET /health\n');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const storage =
    parameters.dataDir === null
      ? { radisk: false, rfs: false }
      : { radisk: true, file: parameters.dataDir };
  if (parameters.dataDir !== null) mkdirSync(parameters.dataDir, { recursive: true });
  // A fresh options object: Gun mutates it.
  const gun = Gun({ web: server, multicast: false, axe: false, localStorage: false, ...storage });
  gun.on('hi', function (peer) {
    this.to.next(peer);
    counters.peers += 1;
    counters.connections += 1;
  });
  gun.on('bye', function (peer) {
    this.to.next(peer);
    counters.peers = Math.max(0, counters.peers - 1);
  });
  gun.on('in', function (message) {
    counters.messagesIn += 1;
    this.to.next(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(parameters.port, parameters.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : parameters.port;
  const base = `http://${parameters.host}:${port}`;

  const report = parameters.onStats ?? ((line: string) => console.info(line));
  const timer = setInterval(() => {
    const s = stats();
    report(
      `relay ${base}: ${s.peers} peers, ${s.connections} connections, ${s.messagesIn} messages in, up ${Math.round(s.uptimeMs / 1000)} s`,
    );
  }, parameters.statsIntervalMs ?? 60_000);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `${base}/gun`,
    healthUrl: `${base}/health`,
    stats,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        const peers = gun.back('opt').peers;
        for (const [id, peer] of Object.entries(peers)) {
          delete peers[id];
          peer.wire?.close();
        }
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
