import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * An HTTP proxy (plain requests and CONNECT tunnels, so WebSockets too) that reaches only this
 * namespace's loopback: browsers in other namespaces, given `--proxy-server`, load the app and
 * talk to the relay, chain, gate and XMTP node of a stack bound to 127.0.0.1 here, while their
 * WebRTC traffic goes over their own network. Anything else is refused.
 *
 * @example
 * const proxy = await LoopbackProxy.start('10.77.0.1');
 * chromium.launch({ args: [`--proxy-server=${proxy.url}`, '--proxy-bypass-list=<-loopback>'] });
 */
export class LoopbackProxy {
  readonly url: string;
  readonly #server: Server;
  readonly #sockets: Set<Socket>;

  private constructor(server: Server, url: string, sockets: Set<Socket>) {
    this.#server = server;
    this.url = url;
    this.#sockets = sockets;
  }

  static async start(host: string): Promise<LoopbackProxy> {
    const server = createServer((request, response) => {
      const target = new URL(request.url ?? '/', 'http://invalid');
      if (!LOOPBACK.has(target.hostname)) {
        response.writeHead(403).end();
        return;
      }
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: target.port,
          method: request.method,
          path: `${target.pathname}${target.search}`,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    server.on('connect', (request, client: Socket, head: Buffer) => {
      const [hostname, port] = (request.url ?? '').split(':');
      if (!LOOPBACK.has(hostname ?? '')) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = connect(Number(port), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on('error', close);
      client.on('error', close);
    });
    // Kept to be closed with the proxy: a browser holds its connections open.
    const sockets = new Set<Socket>();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new LoopbackProxy(server, `http://${host}:${port}`, sockets);
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
