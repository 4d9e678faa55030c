import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpusScript from 'opusscript';
import { RTCPeerConnection, useOPUS } from 'werift';

// A real WHIP endpoint (RFC 9725) for tests, built on werift (WebRTC in TypeScript): it answers
// offers with 201 + Location + SDP, ends a session on DELETE, and decodes the Opus it receives
// (opusscript) to tell sound from silence. Packet sizes would not do: without DTX, Chromium
// sends silence in packets about as large as a quiet beep's.

/** Longest an offer may be, and most sessions at once: bounds for a test server all the same. */
const MAX_OFFER_BYTES = 64 * 1024;
const MAX_SESSIONS = 16;
/** Levels older than this are dropped (the tests look at the last few seconds). */
const KEEP_LEVELS_MS = 15_000;

interface Session {
  id: string;
  connection: RTCPeerConnection;
  decoder: OpusScript;
  closed: boolean;
}

/** RMS (0..1) of 16-bit little-endian PCM. */
function rms(pcm: Buffer): number {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const sample = pcm.readInt16LE(i * 2) / 32_768;
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_OFFER_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A WHIP endpoint on loopback that tests point the app at. `refuse(status)` makes it answer
 * every POST with that status; `dropSessions()` closes the far end of every connection (a
 * blip); `stop()` takes it away altogether.
 *
 * @example
 * const endpoint = await WhipEndpoint.start();
 * // ... the app broadcasts to endpoint.url ...
 * await endpoint.waitForLevel((level) => level > 0.01, 20_000);
 */
export class WhipEndpoint {
  readonly url: string;
  /** Resource paths the client deleted, in order. */
  readonly deleted: string[] = [];
  /** Resource paths created, in order. */
  readonly created: string[] = [];
  readonly #server: Server;
  readonly #token: string | undefined;
  readonly #sessions = new Map<string, Session>();
  readonly #levels: { at: number; level: number }[] = [];
  #refusal: number | undefined;
  #stopped = false;
  /** Opus packets that did not decode (a broken stream would show here). */
  undecodable = 0;

  private constructor(server: Server, url: string, token: string | undefined) {
    this.#server = server;
    this.url = url;
    this.#token = token;
  }

  /** Listens on `host` (loopback by default) on a free port. */
  static async start(options: { host?: string; token?: string } = {}): Promise<WhipEndpoint> {
    const host = options.host ?? '127.0.0.1';
    let endpoint: WhipEndpoint | undefined;
    const server = createServer((request, response) => {
      endpoint?.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    endpoint = new WhipEndpoint(server, `http://${host}:${port}/whip`, options.token);
    return endpoint;
  }

  /** From now on every POST gets `status` (undefined: answer again). */
  refuse(status: number | undefined): void {
    this.#refusal = status;
  }

  /** Loudest decoded level (RMS, 0..1) received during the last `windowMs`. */
  level(windowMs: number): number {
    const since = Date.now() - windowMs;
    return this.#levels.reduce(
      (loudest, { at, level }) => (at >= since ? Math.max(loudest, level) : loudest),
      0,
    );
  }

  /** Resolves once the level over the last 1.5 s satisfies `test`; rejects after `timeoutMs`. */
  async waitForLevel(test: (level: number) => boolean, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const level = this.level(1_500);
      if (test(level)) return level;
      if (Date.now() > deadline) throw new Error(`WHIP endpoint level stayed at ${level}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Closes the endpoint's side of every session without a DELETE (the client must notice). */
  async dropSessions(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => this.#close(session)));
  }

  /** Stops answering and closes every session: the endpoint is gone. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.dropSessions();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The app runs on another origin (port): answer CORS as a public WHIP service does.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    response.setHeader('Access-Control-Expose-Headers', 'Location, Link');
    const path = new URL(request.url ?? '/', this.url).pathname;
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    if (this.#token !== undefined && request.headers.authorization !== `Bearer ${this.#token}`) {
      return void response.writeHead(401).end();
    }
    if (request.method === 'POST' && path === '/whip') return this.#offer(request, response);
    const session = this.#sessions.get(path);
    if (request.method === 'DELETE' && session) {
      this.#sessions.delete(path);
      this.deleted.push(path);
      await this.#close(session);
      return void response.writeHead(200).end();
    }
    if (request.method === 'DELETE' && this.created.includes(path)) {
      // Dropped here earlier: still a DELETE the client sent for it.
      this.deleted.push(path);
      return void response.writeHead(200).end();
    }
    response.writeHead(404).end();
  }

  async #offer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const offer = await readBody(request);
    if (this.#refusal !== undefined) return void response.writeHead(this.#refusal).end();
    if (request.headers['content-type'] !== 'application/sdp' || !offer?.startsWith('v=0')) {
      return void response.writeHead(415).end();
    }
    if (this.#sessions.size >= MAX_SESSIONS) return void response.writeHead(503).end();
    const connection = new RTCPeerConnection({
      codecs: { audio: [useOPUS()], video: [] },
      iceUseIpv6: false,
    });
    const session: Session = {
      id: randomUUID(),
      connection,
      decoder: new OpusScript(48_000, 2, OpusScript.Application.AUDIO),
      closed: false,
    };
    connection.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.#hear(session, rtp.payload));
    });
    await connection.setRemoteDescription({ type: 'offer', sdp: offer });
    await connection.setLocalDescription(await connection.createAnswer());
    if (connection.iceGatheringState !== 'complete') {
      await connection.iceGatheringStateChange.watch((state) => state === 'complete', 10_000);
    }
    const path = `/whip/resource/${session.id}`;
    this.#sessions.set(path, session);
    this.created.push(path);
    response.writeHead(201, { 'Content-Type': 'application/sdp', Location: path });
    response.end(connection.localDescription?.sdp ?? '');
  }

  #hear(session: Session, payload: Buffer): void {
    if (payload.length === 0 || session.closed) return;
    let level: number;
    try {
      level = rms(session.decoder.decode(payload));
    } catch {
      this.undecodable++;
      return;
    }
    const now = Date.now();
    this.#levels.push({ at: now, level });
    while ((this.#levels[0]?.at ?? now) < now - KEEP_LEVELS_MS) this.#levels.shift();
  }

  async #close(session: Session): Promise<void> {
    session.closed = true;
    await session.connection.close();
    session.decoder.delete();
  }
}
