import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { type Address, createPublicClient, http, type PublicClient } from 'viem';
import { createChainAccessReader } from '../../src/access/AccessReader.ts';
import { AccessService } from '../../src/access/AccessService.ts';
import { ChainReadBudget, defaultChainReadBudget } from '../../src/chain/ChainReadBudget.ts';
import { type Clock, systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import { createCertificateVerifier } from '../../src/identity/createCertificateVerifier.ts';
import {
  GATE_MEDIA_MODERATE_PATH,
  GATE_MEDIA_PATH,
  GATE_MEDIA_RECORD_PATH,
  GATE_MEDIA_RECORDING_PATH,
  GATE_REQUEST_HEADER,
} from '../../src/media/mediaGrant.ts';
import { RateLimiter } from '../../src/signaling/rateLimiter.ts';
import { SignatureVerifier } from '../../src/signaling/sessionCrypto.ts';
import {
  GATE_MAX_BODY_BYTES,
  GATE_REQUEST_WINDOW_MS,
  GATE_TURN_PATH,
  type TurnGrant,
} from '../../src/turn/gateRequest.ts';
import { AudioBridgeControl } from './AudioBridgeControl.ts';
import { GateRefusal, type RefusalCode } from './GateRefusal.ts';
import { MediaGate } from './MediaGate.ts';
import { MediaRooms } from './MediaRooms.ts';
import { NonceLedger } from './NonceLedger.ts';
import { turnCredentials } from './turnCredentials.ts';
import { type GateChecks, turnRequestFormat, verifyGateRequest } from './verifyGateRequest.ts';

/** Requests allowed per minute (after a burst), per client IP and per member address. */
export interface GateLimits {
  perIpPerMinute: number;
  perIpBurst: number;
  perAddressPerMinute: number;
  perAddressBurst: number;
  /** A request that takes longer (slow body, slow chain) is answered with a refusal. */
  requestTimeoutMs: number;
}

/** Defaults: a member asks once an hour (plus reloads); a household shares one IP. */
export const defaultGateLimits: GateLimits = {
  perIpPerMinute: 30,
  perIpBurst: 30,
  perAddressPerMinute: 6,
  perAddressBurst: 6,
  requestTimeoutMs: 10_000,
};

/** What a gate serves and how it checks members. */
export interface StartGateParameters {
  /** Interface to listen on. */
  host: string;
  /** TCP port; 0 picks one (read it back from `url`). */
  port: number;
  /** Origins members address the gate by (behind a proxy: its public URL). Default: `url`. */
  publicOrigins?: readonly string[];
  /** Page origins allowed to call it from a browser (CORS); others are refused. */
  corsOrigins: readonly string[];
  /** The chain, as peers read it: JSON-RPC URL, access contract, app name in certificates. */
  rpcUrl: string;
  contract: Address;
  appName: string;
  /** Communities served; default every community of the contract. */
  communities?: readonly bigint[];
  /** coturn's shared secret and URLs: `/turn` hands out credentials (absent: no `/turn`). */
  turn?: { secret: string; urls: readonly string[]; ttlSeconds: number };
  /** The community's Janus: `/media` admits members to AudioBridge rooms (absent: no `/media`). */
  media?: GateMediaParameters;
  limits?: Partial<GateLimits>;
  clock?: Clock;
  /** One line per answered request (no secrets); default none. */
  log?: (line: string) => void;
}

/** The Janus a gate manages, and how. */
export interface GateMediaParameters {
  /** Janus API WebSocket the gate uses (loopback, usually). */
  janusUrl: string;
  /** Janus API WebSocket members are sent to (its public URL); default `janusUrl`. */
  publicJanusUrl?: string;
  /** Admin API WebSocket. */
  janusAdminUrl: string;
  /** Janus's `api_secret`, `admin_secret`, and AudioBridge's `admin_key`. */
  apiSecret: string;
  adminSecret: string;
  audioBridgeAdminKey: string;
  /** Where Janus writes recordings (as Janus sees the path); absent: no recording. */
  recordingsDir?: string;
  /** How long a join token admits a join (s). Default 60. */
  tokenTtlSeconds?: number;
  /** How often removal events are polled (ms). Default 500: out within 2 s of the event. */
  removalPollMs?: number;
}

/** Counters on `/health`. */
export interface GateStats {
  granted: number;
  refused: Partial<Record<RefusalCode, number>>;
  uptimeMs: number;
}

/** A gate started by {@link startGate}. */
export interface RunningGate {
  /** `http://<host>:<port>`. */
  url: string;
  healthUrl: string;
  /** Chain id read from the RPC at start; certificates must name it. */
  chainId: number;
  stats(): GateStats;
  close(): Promise<void>;
}

/**
 * Starts the gate: an HTTP service a community runs beside its TURN and media servers.
 * `POST /turn` with a {@link GateRequest} answers a verified member with short-lived TURN
 * credentials (coturn's REST scheme); `POST /media` with a media request (src/media/mediaGrant.ts)
 * with a join token for one Janus AudioBridge room, and `/media/moderate`, `/media/record`
 * and `GET /media/recording/<room>` serve owners and admins. Everyone else gets a refusal
 * with a code. It checks with the app's own code
 * (certificate verifier, AccessService over viem), fails closed when the chain does not
 * answer, bounds body size and time, and rate-limits per IP and per address.
 *
 * @example
 * const gate = await startGate({ host: '127.0.0.1', port: 8790, rpcUrl, contract,
 *   appName: 'community-chats', corsOrigins: ['https://app.example'],
 *   turn: { secret, urls: ['turn:turn.example:3478'], ttlSeconds: 3600 } });
 */
export async function startGate(parameters: StartGateParameters): Promise<RunningGate> {
  const clock = parameters.clock ?? systemClock;
  const limits = { ...defaultGateLimits, ...parameters.limits };
  const started = clock.now();
  const scope = new Scope();
  const client: PublicClient = createPublicClient({
    transport: http(parameters.rpcUrl, { timeout: limits.requestTimeoutMs / 2, retryCount: 0 }),
  });
  const chainId = await client.getChainId();
  const readBudget = new ChainReadBudget({ ...defaultChainReadBudget, clock });
  const reader = createChainAccessReader(client, { contract: parameters.contract });
  const access = new AccessService({
    // Every answer is read afresh (TTL 0), so the contract's events have nothing to
    // invalidate: no log polling against the RPC.
    reader: { hasAccessMany: reader.hasAccessMany, watch: () => () => {} },
    clock,
    scope,
    graceMs: 0,
    cacheTtlMs: 0,
  });
  const perIp = new RateLimiter({
    burst: limits.perIpBurst,
    perSecond: limits.perIpPerMinute / 60,
  });
  const perAddress = new RateLimiter({
    burst: limits.perAddressBurst,
    perSecond: limits.perAddressPerMinute / 60,
  });
  const stats: GateStats = { granted: 0, refused: {}, uptimeMs: 0 };
  const log = parameters.log ?? (() => {});
  let origins: readonly string[] = [];
  const checks: GateChecks = {
    get origins() {
      return origins;
    },
    communities: parameters.communities === undefined ? undefined : new Set(parameters.communities),
    verifyCertificate: createCertificateVerifier({
      client,
      expectations: { appName: parameters.appName, chainId, contract: parameters.contract },
      clock,
      readBudget,
    }),
    access,
    signatures: new SignatureVerifier(),
    nonces: new NonceLedger({ windowMs: GATE_REQUEST_WINDOW_MS, maxEntries: 100_000 }),
    takeAddress: (address) => perAddress.take(address.toLowerCase(), clock.now()),
    clock,
  };

  const media = parameters.media
    ? startMedia(parameters.media, {
        checks,
        client,
        contract: parameters.contract,
        clock,
        chainId,
        log,
      })
    : undefined;
  if (media) scope.add(media.stop);

  const takeIp = (request: IncomingMessage): void => {
    const ip = request.socket.remoteAddress ?? 'unknown';
    if (!perIp.take(ip, clock.now()))
      throw new GateRefusal('RATE_LIMITED', `too many requests from ${ip}`);
  };

  /** The request's JSON body, once its IP is under the rate limit. */
  const readJson = async (request: IncomingMessage): Promise<unknown> => {
    takeIp(request);
    const body = await readBody(request, GATE_MAX_BODY_BYTES);
    try {
      return JSON.parse(body);
    } catch {
      throw new GateRefusal('BAD_REQUEST', 'the body is not JSON');
    }
  };

  const grantTurn = async (
    request: IncomingMessage,
    turn: NonNullable<StartGateParameters['turn']>,
  ): Promise<TurnGrant> => {
    const verified = await verifyGateRequest(await readJson(request), checks, turnRequestFormat);
    const credentials = turnCredentials({
      secret: turn.secret,
      address: verified.address,
      ttlSeconds: turn.ttlSeconds,
      now: clock.now(),
    });
    log(
      `granted ${verified.address} (community ${verified.communityId}) until ${new Date(credentials.expiresAt).toISOString()}`,
    );
    return {
      urls: [...turn.urls],
      username: credentials.username,
      credential: credentials.credential,
      ttl: turn.ttlSeconds,
    };
  };

  const server = createServer((request, response) => {
    const cors = corsHeaders(request, parameters.corsOrigins);
    if (cors === undefined) {
      return answerRefusal(
        response,
        {},
        new GateRefusal(
          'ORIGIN_REFUSED',
          `pages of ${request.headers.origin} may not call this gate`,
        ),
        stats,
      );
    }
    const path = request.url?.split('?')[0];
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...cors, 'access-control-max-age': '600' });
      return void response.end();
    }
    if (request.method === 'GET' && path === '/health') {
      return answer(response, cors, 200, {
        ok: true,
        ...stats,
        uptimeMs: clock.now() - started,
      });
    }
    const recordingRoom = path?.startsWith(`${GATE_MEDIA_RECORDING_PATH}/`)
      ? path.slice(GATE_MEDIA_RECORDING_PATH.length + 1)
      : undefined;
    let handle: (() => Promise<unknown>) | undefined;
    if (request.method === 'POST' && path === GATE_TURN_PATH && parameters.turn) {
      const { turn } = parameters;
      handle = () => grantTurn(request, turn);
    } else if (request.method === 'POST' && media && path === GATE_MEDIA_PATH) {
      handle = async () => media.gate.join(await readJson(request));
    } else if (request.method === 'POST' && media && path === GATE_MEDIA_MODERATE_PATH) {
      handle = async () => media.gate.moderate(await readJson(request));
    } else if (request.method === 'POST' && media && path === GATE_MEDIA_RECORD_PATH) {
      handle = async () => media.gate.record(await readJson(request));
    } else if (request.method === 'GET' && media && recordingRoom !== undefined) {
      handle = async () => {
        takeIp(request);
        return downloadRecording(request, response, cors, media.gate, recordingRoom);
      };
    }
    if (!handle) {
      return answerRefusal(
        response,
        cors,
        new GateRefusal('NOT_FOUND', `no ${request.method} ${path} on this gate`),
        stats,
      );
    }
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(
            new GateRefusal('RPC_UNAVAILABLE', `no answer within ${limits.requestTimeoutMs} ms`),
          ),
        limits.requestTimeoutMs,
      ).unref(),
    );
    Promise.race([handle(), timeout]).then(
      (granted) => {
        stats.granted += 1;
        // A download has answered by streaming the file already.
        if (!response.headersSent) answer(response, cors, 200, granted);
      },
      (error: unknown) => {
        if (error instanceof GateRefusal) {
          log(`refused ${error.code}: ${error.message}`);
          return answerRefusal(response, cors, error, stats);
        }
        log(`failed: ${error instanceof Error ? error.message : String(error)}`);
        answer(response, cors, 500, { error: { code: 'INTERNAL', message: 'the gate failed' } });
      },
    );
  });
  // Slow clients cannot hold a connection open: headers within 5 s, the whole request within
  // the request timeout.
  server.headersTimeout = 5_000;
  server.requestTimeout = limits.requestTimeoutMs;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
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
  const url = `http://${parameters.host}:${port}`;
  origins = parameters.publicOrigins ?? [url];
  return {
    url,
    healthUrl: `${url}/health`,
    chainId,
    stats: () => ({ ...stats, refused: { ...stats.refused }, uptimeMs: clock.now() - started }),
    close: () =>
      new Promise<void>((resolve) => {
        scope.end();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** CORS headers for an allowed page origin; `{}` without an Origin; undefined when refused. */
function corsHeaders(
  request: IncomingMessage,
  allowed: readonly string[],
): Record<string, string> | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return {};
  if (!allowed.includes(origin)) return undefined;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': `content-type, ${GATE_REQUEST_HEADER}`,
    vary: 'origin',
  };
}

function answer(
  response: ServerResponse,
  headers: Record<string, string>,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

function answerRefusal(
  response: ServerResponse,
  headers: Record<string, string>,
  refusal: GateRefusal,
  stats: GateStats,
): void {
  stats.refused[refusal.code] = (stats.refused[refusal.code] ?? 0) + 1;
  // A body not read is left unread: the connection closes after the answer.
  answer(response, { ...headers, connection: 'close' }, refusal.status, {
    error: { code: refusal.code, message: refusal.message },
  });
}

/** The body as text, refused (TOO_LARGE) past `maxBytes` without reading the rest. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes)
    throw new GateRefusal('TOO_LARGE', `bodies are at most ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new GateRefusal('TOO_LARGE', `bodies are at most ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The media side of a gate: its rooms on Janus, the paths, and the removal watch. */
function startMedia(
  media: GateMediaParameters,
  context: {
    checks: GateChecks;
    client: PublicClient;
    contract: Address;
    clock: Clock;
    chainId: number;
    log: (line: string) => void;
  },
): { gate: MediaGate; stop: () => void } {
  const rooms = new MediaRooms({
    connect: (onClose) =>
      AudioBridgeControl.connect({
        url: media.janusUrl,
        adminUrl: media.janusAdminUrl,
        apiSecret: media.apiSecret,
        adminSecret: media.adminSecret,
        onClose,
      }),
    serverUrl: media.publicJanusUrl ?? media.janusUrl,
    adminKey: media.audioBridgeAdminKey,
    // Room secrets derive from the admin key: whoever may create rooms may manage them.
    roomKey: media.audioBridgeAdminKey,
    namespace: `${context.chainId}/${context.contract.toLowerCase()}`,
    tokenTtlMs: (media.tokenTtlSeconds ?? 60) * 1_000,
    recordingsDir: media.recordingsDir,
    maxGrants: 20_000,
    clock: context.clock,
  });
  const gate = new MediaGate({
    rooms,
    checks: context.checks,
    client: context.client,
    contract: context.contract,
    clock: context.clock,
    pollingIntervalMs: media.removalPollMs ?? 500,
    log: context.log,
  });
  const unwatch = gate.watchRemovals();
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    rooms
      .sweep()
      .catch((error: unknown) =>
        context.log(`media sweep: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        sweeping = false;
      });
  }, 2_000);
  return {
    gate,
    stop: () => {
      unwatch();
      clearInterval(sweeper);
      void rooms.close();
    },
  };
}

/** Streams the room's last recording to an owner or admin whose signed request is in a header. */
async function downloadRecording(
  request: IncomingMessage,
  response: ServerResponse,
  cors: Record<string, string>,
  media: MediaGate,
  room: string,
): Promise<{ bytes: number }> {
  const header = request.headers[GATE_REQUEST_HEADER];
  if (typeof header !== 'string' || header.length > GATE_MAX_BODY_BYTES) {
    throw new GateRefusal(
      'BAD_REQUEST',
      `the signed request goes in the ${GATE_REQUEST_HEADER} header`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(header);
  } catch {
    throw new GateRefusal('BAD_REQUEST', `the ${GATE_REQUEST_HEADER} header is not JSON`);
  }
  const file = await media.download(json, room);
  response.writeHead(200, {
    ...cors,
    'content-type': 'audio/wav',
    'content-length': String(file.size),
    'content-disposition': `attachment; filename="${room}.wav"`,
    'cache-control': 'no-store',
  });
  await pipeline(file.stream, response);
  return { bytes: file.size };
}
