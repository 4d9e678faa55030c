import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The in-process chain the proxy forwards to (Hardhat's EIP-1193 provider). */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: number | string | null;
  method: string;
  params?: unknown;
}

/** JSON-RPC methods that read chain state (what an outsider's input can make a member ask). */
const STATE_READS = new Set([
  'eth_call',
  'eth_getCode',
  'eth_getBalance',
  'eth_getStorageAt',
  'eth_estimateGas',
]);

/**
 * A JSON-RPC endpoint on 127.0.0.1 in front of an in-process chain, as a public RPC looks to
 * the app: each client gets its own path (`url(name)`), whose requests are counted by method
 * and which can be made to answer HTTP 429 (throttled), like a public RPC over its limit.
 *
 * @example
 * const proxy = await RpcProxy.start(chain.connection.provider);
 * const client = createPublicClient({ transport: http(proxy.url('alice')) });
 * proxy.throttle('alice', true);
 */
export class RpcProxy {
  readonly #server: Server;
  readonly #provider: Eip1193Provider;
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #throttled = new Set<string>();
  readonly #refused = new Map<string, number>();

  private constructor(server: Server, provider: Eip1193Provider) {
    this.#server = server;
    this.#provider = provider;
  }

  static async start(provider: Eip1193Provider): Promise<RpcProxy> {
    const server = createServer();
    const proxy = new RpcProxy(server, provider);
    server.on('request', (request, response) => {
      void proxy.#answer(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The endpoint of one client. */
  url(client: string): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/${client}`;
  }

  /** While on, every request of `client` is answered 429 Too Many Requests. */
  throttle(client: string, on: boolean): void {
    if (on) this.#throttled.add(client);
    else this.#throttled.delete(client);
  }

  /** JSON-RPC requests of `client` that read chain state (eth_call and the like), answered or not. */
  stateReads(client: string): number {
    let sum = 0;
    for (const [method, count] of this.#counts.get(client) ?? []) {
      if (STATE_READS.has(method)) sum += count;
    }
    return sum;
  }

  /** HTTP requests of `client` answered 429. */
  refused(client: string): number {
    return this.#refused.get(client) ?? 0;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(request: IncomingMessage): Promise<{ status: number; body: string }> {
    const client = (request.url ?? '/').slice(1);
    const text = await readBody(request);
    const parsed = JSON.parse(text) as JsonRpcRequest | JsonRpcRequest[];
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const counts = this.#counts.get(client) ?? new Map<string, number>();
    this.#counts.set(client, counts);
    for (const call of calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    if (this.#throttled.has(client)) {
      this.#refused.set(client, this.refused(client) + 1);
      return { status: 429, body: JSON.stringify({ error: 'Too Many Requests' }) };
    }
    const answers = await Promise.all(calls.map((call) => this.#forward(call)));
    return { status: 200, body: JSON.stringify(Array.isArray(parsed) ? answers : answers[0]) };
  }

  async #forward(call: JsonRpcRequest): Promise<unknown> {
    try {
      const result = await this.#provider.request({ method: call.method, params: call.params });
      return { jsonrpc: '2.0', id: call.id, result };
    } catch (error) {
      const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: '2.0',
        id: call.id,
        error: { code: code ?? -32603, message: message ?? String(error), data },
      };
    }
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
