import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { guardHear } from '../../src/graph/guardHear.ts';
import type { GunMesh } from '../../src/graph/gunRoot.ts';
import { quietImport } from '../../src/graph/quietImport.ts';
import {
  defaultRelayLimits,
  RelayGuard,
  type RelayLimits,
  type RelayRefusals,
} from './RelayGuard.ts';

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
  /** What the relay refuses; default {@link defaultRelayLimits}. */
  limits?: Partial<RelayLimits>;
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
  /** What was refused since start (oversize frames and values, future states, rate). */
  refused: RelayRefusals;
  /** Resident memory and V8 heap in use, in MB. */
  rssMb: number;
  heapMb: number;
}

/** A relay started by {@link startRelay}. */
export interface RunningRelay {
  /** Gun peer URL for clients, e.g. `http://127.0.0.1:8765/gun`. */
  url: string;
  /** Health endpoint, answering `GET` with {@link RelayStats} as JSON. */
  healthUrl: string;
  /** The limits in force. */
  limits: RelayLimits;
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
/** The ws server Gun makes (`opt.ws.web`); each connection's `error` says why it closed. */
interface WsServer {
  on(
    event: 'connection',
    listener: (socket: { on(event: 'error', listener: (error: Error) => void): void }) => void,
  ): void;
}
interface RelayGun {
  on(event: 'hi' | 'bye' | 'in', listener: (this: GunHookContext, value: unknown) => void): void;
  back(path: 'opt'): { peers: Record<string, GunPeer>; mesh?: GunMesh; ws?: { web?: WsServer } };
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
  const limits: RelayLimits = { ...defaultRelayLimits, ...parameters.limits };
  const guard = new RelayGuard(limits, () => Date.now());
  const counters = { peers: 0, connections: 0, messagesIn: 0 };
  const stats = (): RelayStats => {
    const memory = process.memoryUsage();
    return {
      ...counters,
      uptimeMs: Date.now() - started,
      refused: guard.refusals(),
      rssMb: Math.round(memory.rss / 1e5) / 10,
      heapMb: Math.round(memory.heapUsed / 1e5) / 10,
    };
  };

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
  // A fresh options object: Gun mutates it. `ws` goes to the ws server Gun makes: a frame over
  // maxPayload is refused by ws before it is buffered whole, and its connection closed.
  const gun = Gun({
    web: server,
    ws: { maxPayload: limits.maxFrameBytes },
    multicast: false,
    axe: false,
    localStorage: false,
    ...storage,
  });
  const options = gun.back('opt');
  if (!options.mesh || !options.ws?.web) throw new Error('gun made no mesh or ws server');
  guardHear(options.mesh, guard.hearGuard());
  options.ws.web.on('connection', (socket) => {
    socket.on('error', (error) => {
      if (error.message === 'Max payload size exceeded') guard.countOversizeFrame();
    });
  });
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
    const r = s.refused;
    report(
      `relay ${base}: ${s.peers} peers, ${s.connections} connections, ${s.messagesIn} messages in, up ${Math.round(s.uptimeMs / 1000)} s, refused ${r.oversize} oversize / ${r.future} future / ${r.rate} over rate (${r.closed} closed), rss ${s.rssMb} MB, heap ${s.heapMb} MB`,
    );
  }, parameters.statsIntervalMs ?? 60_000);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `${base}/gun`,
    healthUrl: `${base}/health`,
    limits,
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
