import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhipHttpClient } from '../../src/broadcast/WhipHttpClient.ts';
import { AppError } from '../../src/core/errors.ts';
import { WhipEndpoint } from '../support/WhipEndpoint.ts';

// The WHIP client's HTTP half against real servers on loopback: the test WHIP endpoint for
// refusals, and a plain server for the answer's headers (a redirect first, as Livepeer's
// livepeer.studio/webrtc/<key> does, a relative Location, ICE servers in Link headers).
// No offer reaches werift here: WebRTC runs only inside the e2e network namespace.

const http = new WhipHttpClient();
const answer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

let server: Server;
let base = '';
const seen: {
  method: string;
  url: string;
  authorization: string | undefined;
  type: string | undefined;
}[] = [];

function record(request: IncomingMessage): void {
  seen.push({
    method: request.method ?? '',
    url: request.url ?? '',
    authorization: request.headers.authorization,
    type: request.headers['content-type'],
  });
}

let endpoint: WhipEndpoint;

beforeAll(async () => {
  endpoint = await WhipEndpoint.start({ token: 'right' });
  server = createServer((request, response) => {
    record(request);
    request.resume();
    if (request.url === '/webrtc/key') {
      return void response.writeHead(307, { Location: '/regional/webrtc/key' }).end();
    }
    if (request.method === 'POST' && request.url === '/regional/webrtc/key') {
      response.writeHead(201, {
        'Content-Type': 'application/sdp',
        Location: 'resource/42',
        Link: '<turn:turn.test:3478?transport=udp>; rel="ice-server"; username="u"; credential="c"',
      });
      return void response.end(answer);
    }
    if (request.method === 'POST') return void response.writeHead(201).end(answer);
    if (request.method === 'DELETE') return void response.writeHead(200).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await endpoint.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return error instanceof AppError
      ? `${error.code} ${error.details ?? ''}`.trim()
      : String(error);
  }
}

describe('WhipHttpClient', () => {
  it('posts the offer as application/sdp with the token, follows a redirect, reads the answer', async () => {
    const resource = await http.publish({ url: `${base}/webrtc/key`, token: 'tok' }, 'v=0 offer');
    expect(resource.location).toBe(`${base}/regional/webrtc/resource/42`);
    expect(resource.answer).toBe(answer);
    expect(resource.iceServers).toEqual([
      { urls: 'turn:turn.test:3478?transport=udp', username: 'u', credential: 'c' },
    ]);
    const post = seen.find((r) => r.url === '/regional/webrtc/key');
    expect(post).toMatchObject({
      method: 'POST',
      authorization: 'Bearer tok',
      type: 'application/sdp',
    });
  });

  it('deletes the resource with the token', async () => {
    await http.remove(
      { url: `${base}/webrtc/key`, token: 'tok' },
      `${base}/regional/webrtc/resource/42`,
    );
    expect(seen.at(-1)).toMatchObject({
      method: 'DELETE',
      url: '/regional/webrtc/resource/42',
      authorization: 'Bearer tok',
    });
  });

  it('an answer without a Location is refused as not WHIP', async () => {
    expect(await codeOf(() => http.publish({ url: `${base}/other` }, 'v=0'))).toBe(
      'BROADCAST_REFUSED no Location header',
    );
  });

  it('says why the WHIP endpoint refused: a wrong token, a busy server', async () => {
    expect(await codeOf(() => http.publish({ url: endpoint.url, token: 'wrong' }, 'v=0'))).toBe(
      'BROADCAST_UNAUTHORIZED HTTP 401',
    );
    endpoint.refuse(503);
    expect(await codeOf(() => http.publish({ url: endpoint.url, token: 'right' }, 'v=0'))).toBe(
      'BROADCAST_REFUSED HTTP 503',
    );
    endpoint.refuse(undefined);
    expect(
      await codeOf(() =>
        http.remove({ url: endpoint.url, token: 'right' }, `${endpoint.url}/resource/none`),
      ),
    ).toBe('BROADCAST_NOT_FOUND HTTP 404');
  });

  it('an endpoint that is gone is unreachable', async () => {
    const gone = await WhipEndpoint.start();
    await gone.stop();
    expect(await codeOf(() => http.publish({ url: gone.url }, 'v=0'))).toBe(
      'BROADCAST_UNREACHABLE',
    );
  });
});
