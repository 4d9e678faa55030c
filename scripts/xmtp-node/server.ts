/**
 * The HTTP side of the node: gRPC-web (binary) over HTTP/1.1, or over HTTP/2 with TLS
 * (`allowHTTP1`) when a certificate is given, because a browser holds one HTTP/1.1
 * connection per open stream and opens at most six per host. CORS only for the app's origins:
 * a browser page from any other site gets no CORS headers and its requests are refused.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import {
  encodeDataFrame,
  encodeTrailerFrame,
  FrameDecoder,
  GrpcError,
  GrpcStatus,
} from './framing.ts';

/** A unary method: request bytes in, response bytes out. */
export type UnaryHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Where a streaming method writes; `closed` fires when the call ends for any reason. */
export interface StreamSink {
  /**
   * Sends one message. False once the call has ended, or when the reader is behind: then
   * wait for `drained()` before sending more.
   */
  send(message: Uint8Array): boolean;
  /** Resolves once the reader has caught up (at once if it has) or the call has ended. */
  drained(): Promise<void>;
  /** Ends the call with a status (OK by default). */
  end(code?: number, message?: string): void;
  readonly closed: AbortSignal;
}

/** A server-streaming method; it keeps the call open until `sink.closed` fires. */
export type StreamHandler = (request: Uint8Array, sink: StreamSink) => void;

/** One served method. */
export type Method =
  | { kind: 'unary'; handle: UnaryHandler }
  | { kind: 'stream'; handle: StreamHandler };

/** What the server needs from the rest of the node. */
export interface GrpcWebServerOptions {
  host: string;
  port: number;
  tls?: { cert: string; key: string };
  maxMessageBytes: number;
  maxStreams: number;
  /** Bytes written to a stream's connection, not yet taken by the reader, before `send` says wait. */
  maxStreamBufferBytes: number;
  /**
   * Origins (`scheme://host:port`) whose pages may call the node. A request naming any other
   * `Origin` is refused (403, no CORS headers); one without `Origin` (not a browser page) is served.
   */
  origins: ReadonlySet<string>;
  /** Methods by full path, e.g. `/xmtp.mls.api.v1.MlsApi/SendGroupMessages`. */
  methods: ReadonlyMap<string, Method>;
  /** Called once per request with the method name (path without the leading slash). */
  onCall(method: string, known: boolean): void;
}

/** A listening gRPC-web server. */
export interface GrpcWebServer {
  url: string;
  openStreams(): number;
  close(): Promise<void>;
}

type Request = IncomingMessage | Http2ServerRequest;
/** What both the HTTP/1.1 and the HTTP/2 compatibility response offer (their union is not callable). */
interface Response {
  readonly writableEnded: boolean;
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  end(chunk: Uint8Array): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** What emits 'drain' for a response: the HTTP/2 stream, or the HTTP/1.1 response itself. */
interface DrainEmitter {
  on(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

const CONTENT_TYPE = { 'content-type': 'application/grpc-web+proto' };

/** CORS headers for an allowed page origin; none for a caller that is not a page. */
function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'grpc-status, grpc-message',
    vary: 'Origin',
  };
}

/** Starts listening; resolves once the port is bound. */
export async function listenGrpcWeb(options: GrpcWebServerOptions): Promise<GrpcWebServer> {
  const streams = new Set<StreamSink>();
  const sockets = new Set<Socket>();
  const onRequest = (req: Request, response: ServerResponse | Http2ServerResponse): void => {
    const res: Response = response;
    handle(req, res, options, streams).catch((error: unknown) => {
      console.error('xmtp-node: request failed', error);
      if (!res.writableEnded) res.end();
    });
  };
  const server = options.tls
    ? http2.createSecureServer({ ...options.tls, allowHTTP1: true }, onRequest)
    : http.createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${options.host}:${port}`,
    openStreams: () => streams.size,
    close: async () => {
      // Streams end with UNAVAILABLE, as a real node shutting down does; then the
      // sockets go, so clients see the node gone rather than an idle connection.
      for (const sink of [...streams]) sink.end(GrpcStatus.UNAVAILABLE, 'node shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function handle(
  req: Request,
  res: Response,
  options: GrpcWebServerOptions,
  streams: Set<StreamSink>,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && !options.origins.has(origin)) {
    // Another website's page: no CORS headers, so its browser shows it nothing, and the
    // request is not served (a form or no-cors fetch could still reach us without a preflight).
    req.resume();
    res.writeHead(403, {});
    res.end();
    return;
  }
  const cors = corsHeaders(origin);
  const responseHeaders = { ...cors, ...CONTENT_TYPE };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      // Chromium caps this at two hours; it spares a preflight before every call.
      'access-control-max-age': '7200',
    });
    res.end();
    return;
  }
  const path = (req.url ?? '').split('?')[0] ?? '';
  const name = path.replace(/^\//, '');
  if (req.method !== 'POST') {
    res.writeHead(405, cors);
    res.end();
    return;
  }
  const method = options.methods.get(path);
  options.onCall(name, method !== undefined);
  if (method === undefined) {
    req.resume();
    finish(
      res,
      responseHeaders,
      GrpcStatus.UNIMPLEMENTED,
      `local XMTP node does not serve ${name}`,
    );
    return;
  }
  let request: Uint8Array;
  try {
    request = await readRequest(req, options.maxMessageBytes);
  } catch (error) {
    finishWithError(res, responseHeaders, error);
    return;
  }
  if (method.kind === 'unary') {
    try {
      const response = await method.handle(request);
      res.writeHead(200, responseHeaders);
      res.write(encodeDataFrame(response));
      res.end(encodeTrailerFrame(GrpcStatus.OK));
    } catch (error) {
      finishWithError(res, responseHeaders, error);
    }
    return;
  }
  if (streams.size >= options.maxStreams) {
    finish(
      res,
      responseHeaders,
      GrpcStatus.RESOURCE_EXHAUSTED,
      'local XMTP node: stream limit reached',
    );
    return;
  }
  const sink = openStream(res, responseHeaders, options.maxStreamBufferBytes, () =>
    streams.delete(sink),
  );
  streams.add(sink);
  try {
    method.handle(request, sink);
  } catch (error) {
    const grpc = toGrpcError(error);
    sink.end(grpc.code, grpc.message);
  }
}

function openStream(
  res: Response,
  headers: Record<string, string>,
  maxBuffer: number,
  onEnd: () => void,
): StreamSink {
  const controller = new AbortController();
  // Headers go out at once: clients wait for them before treating the stream as open.
  res.writeHead(200, headers);
  if ('flushHeaders' in res && typeof res.flushHeaders === 'function') res.flushHeaders();
  const ended = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    onEnd();
  };
  res.on('close', ended);
  return {
    closed: controller.signal,
    send: (message) => {
      if (controller.signal.aborted) return false;
      res.write(encodeDataFrame(message));
      // Below the connection's own high-water mark `needsDrain` is false and writing on is
      // fine; above `maxBuffer` a 'drain' is sure to come.
      return bufferedBytes(res) < maxBuffer || !needsDrain(res);
    },
    drained: () =>
      new Promise<void>((resolve) => {
        if (controller.signal.aborted || !needsDrain(res)) {
          resolve();
          return;
        }
        const { signal } = controller;
        const target = drainEmitter(res);
        const done = (): void => {
          target.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        target.on('drain', done);
        signal.addEventListener('abort', done);
      }),
    end: (code = GrpcStatus.OK, message = '') => {
      if (controller.signal.aborted) return;
      res.end(encodeTrailerFrame(code, message));
      ended();
    },
  };
}

type Writable = Partial<ServerResponse> & Partial<Http2ServerResponse>;

function bufferedBytes(res: Response): number {
  const r = res as Writable;
  return r.stream?.writableLength ?? r.writableLength ?? 0;
}

function drainEmitter(res: Response): DrainEmitter {
  const r = res as Writable;
  return r.stream ?? (res as unknown as DrainEmitter);
}

function needsDrain(res: Response): boolean {
  const r = res as Writable;
  return r.stream?.writableNeedDrain ?? r.writableNeedDrain ?? false;
}

async function readRequest(req: Request, maxMessageBytes: number): Promise<Uint8Array> {
  const decoder = new FrameDecoder(maxMessageBytes);
  let first: Uint8Array | undefined;
  for await (const chunk of req as AsyncIterable<Uint8Array>) {
    for (const frame of decoder.push(chunk)) {
      if (!frame.trailer && first === undefined) first = frame.payload;
    }
  }
  if (first === undefined) {
    throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, 'request without a message frame');
  }
  return first;
}

function toGrpcError(error: unknown): GrpcError {
  if (error instanceof GrpcError) return error;
  console.error('xmtp-node: handler failed', error);
  return new GrpcError(GrpcStatus.INTERNAL, error instanceof Error ? error.message : 'internal');
}

function finishWithError(res: Response, headers: Record<string, string>, error: unknown): void {
  const grpc = toGrpcError(error);
  finish(res, headers, grpc.code, grpc.message);
}

function finish(
  res: Response,
  headers: Record<string, string>,
  code: number,
  message: string,
): void {
  if (res.writableEnded) return;
  if (!res.headersSent) res.writeHead(200, headers);
  res.end(encodeTrailerFrame(code, message));
}
