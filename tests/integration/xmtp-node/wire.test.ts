/**
 * The node below the SDK: gRPC-web framing, paging, MLS header parsing, CORS, unknown
 * methods, streams, limits, and HTTP/2 over TLS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeDataFrame,
  encodeTrailerFrame,
  FrameDecoder,
  GrpcStatus,
  parseTrailer,
} from '../../../scripts/xmtp-node/framing.ts';
import {
  parseOriginOptions,
  startXmtpNode,
  type XmtpNode,
} from '../../../scripts/xmtp-node/index.ts';
import {
  groupMessageHeader,
  keyPackageInstallationKey,
} from '../../../scripts/xmtp-node/mlsWire.ts';
import { page, SortDirection } from '../../../scripts/xmtp-node/paging.ts';
import { fromLong, mls, toLong } from '../../../scripts/xmtp-node/proto.ts';
import { grpcCall, grpcStream } from './grpcWebClient.ts';

const MLS = 'xmtp.mls.api.v1.MlsApi';
const APP_ORIGIN = 'http://127.0.0.1:5173';

/** A TLS-serialized KeyPackage with the given signature key (optionally MLSMessage-wrapped). */
function keyPackage(signatureKey: Uint8Array, wrapped: boolean): Uint8Array {
  const vec = (bytes: Uint8Array) => [bytes.length, ...bytes];
  const body = [
    0,
    1,
    0,
    1,
    ...vec(new Uint8Array(32).fill(1)),
    ...vec(new Uint8Array(32).fill(2)),
    ...vec(signatureKey),
    9,
    9,
  ];
  return Uint8Array.from(wrapped ? [0, 1, 0, 5, ...body] : body);
}

/** An MLSMessage header: private (application) or public (commit) on `groupId`. */
function groupMessage(
  groupId: Uint8Array,
  kind: 'private' | 'public-commit',
  filler = 0,
): Uint8Array {
  const epoch = [0, 0, 0, 0, 0, 0, 0, 7];
  const head = [0, 1, 0, kind === 'private' ? 2 : 1, groupId.length, ...groupId, ...epoch];
  const rest =
    kind === 'private'
      ? [1, 0, filler & 0xff, (filler >> 8) & 0xff]
      : [1, 0, 0, 0, 0, 0, 3, filler & 0xff];
  return Uint8Array.from([...head, ...rest]);
}

function sendGroupMessages(data: Uint8Array[]): Uint8Array {
  return mls.SendGroupMessagesRequest.encode({
    messages: data.map((d) => ({
      v1: { data: d, senderHmac: new Uint8Array(0), shouldPush: true },
    })),
  }).finish();
}

describe('gRPC-web framing', () => {
  it('round-trips data and trailer frames however the bytes are split', () => {
    const bytes = new Uint8Array([
      ...encodeDataFrame(Uint8Array.of(1, 2, 3)),
      ...encodeTrailerFrame(12, 'no such method: a/b'),
    ]);
    const decoder = new FrameDecoder(1024);
    const frames = [...bytes].flatMap((b) => decoder.push(Uint8Array.of(b)));
    expect(frames).toHaveLength(2);
    expect([...(frames[0]?.payload ?? [])]).toEqual([1, 2, 3]);
    expect(frames[1]?.trailer).toBe(true);
    const trailer = parseTrailer(frames[1]?.payload ?? new Uint8Array());
    expect(trailer['grpc-status']).toBe('12');
    expect(decodeURIComponent(trailer['grpc-message'] ?? '')).toBe('no such method: a/b');
    expect(decoder.leftover).toBe(0);
  });

  it('refuses a frame bigger than the limit before buffering it', () => {
    const header = Uint8Array.of(0, 0, 0, 4, 1);
    expect(() => new FrameDecoder(1024).push(header)).toThrow(/exceeds 1024/);
  });
});

describe('paging', () => {
  const records = Array.from({ length: 7 }, (_, i) => ({ id: (i + 1) * 10 }));
  const ids = (p: { items: { id: number }[] }) => p.items.map((r) => r.id);

  it('defaults to descending from the newest', () => {
    const p = page(records, undefined, 3);
    expect(ids(p)).toEqual([70, 60, 50]);
    expect(p).toMatchObject({ direction: SortDirection.DESCENDING, idCursor: 50, limit: 3 });
  });

  it('pages ascending above the cursor; the cursor is 0 on a short page', () => {
    const first = page(records, { direction: 1, limit: 4, idCursor: 0 }, 100);
    expect(ids(first)).toEqual([10, 20, 30, 40]);
    expect(first.idCursor).toBe(40);
    const second = page(records, { direction: 1, limit: 4, idCursor: first.idCursor }, 100);
    expect(ids(second)).toEqual([50, 60, 70]);
    expect(second.idCursor).toBe(0);
  });

  it('pages descending below the cursor and caps the limit', () => {
    expect(ids(page(records, { direction: 2, limit: 2, idCursor: 45 }, 100))).toEqual([40, 30]);
    expect(page(records, { direction: 1, limit: 500, idCursor: 0 }, 5).limit).toBe(5);
  });
});

describe('MLS headers', () => {
  it('reads the installation key of bare and wrapped key packages', () => {
    const key = new Uint8Array(32).fill(7);
    expect(keyPackageInstallationKey(keyPackage(key, false))).toEqual(key);
    expect(keyPackageInstallationKey(keyPackage(key, true))).toEqual(key);
  });

  it('reads group id and commit flag of private and public messages', () => {
    const groupId = Uint8Array.of(0xaa, 0xbb);
    expect(groupMessageHeader(groupMessage(groupId, 'private'))).toEqual({
      groupId,
      isCommit: false,
    });
    expect(groupMessageHeader(groupMessage(groupId, 'public-commit'))).toEqual({
      groupId,
      isCommit: true,
    });
    expect(() => groupMessageHeader(Uint8Array.of(0, 1, 0, 9))).toThrow(/wire format 9/);
  });
});

describe('the node over HTTP/1.1', () => {
  let node: XmtpNode;
  beforeAll(async () => {
    node = await startXmtpNode({
      port: 0,
      origins: [APP_ORIGIN],
      limits: { maxMessagesPerTopic: 250, maxStreams: 2, maxMessageBytes: 64 * 1024 },
    });
  });
  afterAll(() => node.close());

  it('binds loopback only', async () => {
    await expect(startXmtpNode({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/loopback only/);
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers CORS only for the app's origin, and remembers the preflight for two hours", async () => {
    const preflight = (origin: string) =>
      fetch(`${node.url}/${MLS}/SendGroupMessages`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'content-type,x-app-version,x-grpc-web,x-libxmtp-version',
        },
      });
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-libxmtp-version');
    expect(response.headers.get('access-control-max-age')).toBe('7200');
    expect(response.headers.get('access-control-expose-headers')).toContain('grpc-status');

    // Another website: no CORS headers (its browser refuses the call), and not served.
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${node.url}/${MLS}/QueryGroupMessages`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(node.stats().calls[`${MLS}/QueryGroupMessages`]).toBeUndefined();
  });

  it('checks --origin values', () => {
    expect(parseOriginOptions(['http://127.0.0.1:5173', 'http://127.0.0.1:5173'])).toEqual([
      'http://127.0.0.1:5173',
    ]);
    expect(() => parseOriginOptions(['http://127.0.0.1:5173/app'])).toThrow(/not an origin/);
    expect(() => parseOriginOptions(['*'])).toThrow(/not an origin/);
  });

  it('answers an unknown method with UNIMPLEMENTED and records its name', async () => {
    const reply = await grpcCall(node.url, `${MLS}/SomethingNew`, new Uint8Array(0));
    expect(reply.status).toBe(GrpcStatus.UNIMPLEMENTED);
    expect(reply.message).toContain(`${MLS}/SomethingNew`);
    expect(node.unknownMethods()).toEqual([`${MLS}/SomethingNew`]);
    expect(node.stats().calls[`${MLS}/SomethingNew`]).toBe(1);
  });

  it('refuses a request above the message size limit', async () => {
    const reply = await grpcCall(node.url, `${MLS}/SendGroupMessages`, new Uint8Array(65 * 1024));
    expect(reply.status).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
  });

  it('serves key packages per installation, in request order', async () => {
    const k1 = new Uint8Array(32).fill(1);
    const k2 = new Uint8Array(32).fill(2);
    for (const key of [k1, k2]) {
      const upload = mls.UploadKeyPackageRequest.encode({
        keyPackage: { keyPackageTlsSerialized: keyPackage(key, true) },
        isInboxIdCredential: false,
      }).finish();
      expect((await grpcCall(node.url, `${MLS}/UploadKeyPackage`, upload)).status).toBe(0);
    }
    const request = mls.FetchKeyPackagesRequest.encode({
      installationKeys: [k2, new Uint8Array(32), k1],
    }).finish();
    const reply = await grpcCall(node.url, `${MLS}/FetchKeyPackages`, request);
    const { keyPackages } = mls.FetchKeyPackagesResponse.decode(
      reply.messages[0] ?? new Uint8Array(),
    );
    expect(keyPackages.map((k) => k.keyPackageTlsSerialized.length > 0)).toEqual([
      true,
      false,
      true,
    ]);
    expect(
      keyPackageInstallationKey(keyPackages[0]?.keyPackageTlsSerialized ?? new Uint8Array()),
    ).toEqual(k2);
  });

  it('stores group messages once, pages them like the network, and keeps only the newest', async () => {
    const groupId = Uint8Array.of(1, 2, 3);
    const data = Array.from({ length: 260 }, (_, i) => groupMessage(groupId, 'private', i));
    expect(
      (await grpcCall(node.url, `${MLS}/SendGroupMessages`, sendGroupMessages(data))).status,
    ).toBe(0);
    // A retried send of the same bytes is not stored twice.
    await grpcCall(node.url, `${MLS}/SendGroupMessages`, sendGroupMessages(data.slice(-3)));
    const seen: number[] = [];
    let cursor = toLong(0);
    for (;;) {
      const request = mls.QueryGroupMessagesRequest.encode({
        groupId,
        pagingInfo: { direction: 1, limit: 0, idCursor: cursor },
      }).finish();
      const reply = mls.QueryGroupMessagesResponse.decode(
        (await grpcCall(node.url, `${MLS}/QueryGroupMessages`, request)).messages[0] ??
          new Uint8Array(),
      );
      seen.push(...reply.messages.map((m) => Number(fromLong(m.v1?.id))));
      if (reply.pagingInfo === undefined || reply.pagingInfo.idCursor.isZero()) break;
      cursor = reply.pagingInfo.idCursor;
    }
    expect(seen).toHaveLength(250); // maxMessagesPerTopic: the 10 oldest were dropped
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[249]).toBe(Math.max(...seen));
  });

  it('streams history after the cursor, then live messages, and limits open streams', async () => {
    const groupId = Uint8Array.of(9, 9);
    await grpcCall(
      node.url,
      `${MLS}/SendGroupMessages`,
      sendGroupMessages([groupMessage(groupId, 'private', 1), groupMessage(groupId, 'private', 2)]),
    );
    const firstId = node.store.groupMessages(groupId)[0]?.id ?? 0;
    const subscribe = mls.SubscribeGroupMessagesRequest.encode({
      filters: [{ groupId, idCursor: toLong(firstId) }],
    }).finish();
    const stream = await grpcStream(node.url, `${MLS}/SubscribeGroupMessages`, subscribe);
    const other = await grpcStream(node.url, `${MLS}/SubscribeGroupMessages`, subscribe);
    const refused = await grpcCall(node.url, `${MLS}/SubscribeGroupMessages`, subscribe);
    expect(refused.status).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    other.cancel();

    const replayed = mls.GroupMessage.decode((await stream.next()) ?? new Uint8Array());
    expect(Number(fromLong(replayed.v1?.id))).toBe(firstId + 1);
    await grpcCall(
      node.url,
      `${MLS}/SendGroupMessages`,
      sendGroupMessages([groupMessage(groupId, 'public-commit', 3)]),
    );
    const live = mls.GroupMessage.decode((await stream.next()) ?? new Uint8Array());
    expect(live.v1?.isCommit).toBe(true);
    expect(Number(fromLong(live.v1?.id))).toBeGreaterThan(firstId + 1);
    stream.cancel();
    await expect.poll(() => node.stats().openStreams).toBe(0);
  });

  it('sends a backlog bigger than the stream buffer through one stream, at the reader pace', async () => {
    // A client back after a node restart asks for everything after an old cursor. Ending its
    // stream for a full buffer would only make it re-subscribe from that cursor, in a loop.
    const own = await startXmtpNode({ port: 0, limits: { maxStreamBufferBytes: 8 * 1024 } });
    const groupId = Uint8Array.of(7, 7);
    const padding = new Uint8Array(4_096);
    const backlog = Array.from({ length: 200 }, (_, i) =>
      Uint8Array.from([...groupMessage(groupId, 'private', i + 1), ...padding]),
    );
    await grpcCall(own.url, `${MLS}/SendGroupMessages`, sendGroupMessages(backlog));
    const subscribe = mls.SubscribeGroupMessagesRequest.encode({
      filters: [{ groupId, idCursor: toLong(0) }],
    }).finish();
    const stream = await grpcStream(own.url, `${MLS}/SubscribeGroupMessages`, subscribe);
    const ids: number[] = [];
    for (let next = await stream.next(); next !== undefined; next = await stream.next(500)) {
      ids.push(Number(fromLong(mls.GroupMessage.decode(next).v1?.id)));
    }
    expect(ids).toEqual(own.store.groupMessages(groupId).map((m) => m.id));
    expect(stream.status()).toBeUndefined();
    expect(own.stats().calls[`${MLS}/SubscribeGroupMessages`]).toBe(1);
    stream.cancel();
    await own.close();
  });

  it('ends open streams with UNAVAILABLE when it closes', async () => {
    const own = await startXmtpNode({ port: 0 });
    const subscribe = mls.SubscribeWelcomeMessagesRequest.encode({
      filters: [{ installationKey: Uint8Array.of(1), idCursor: toLong(0) }],
    }).finish();
    const stream = await grpcStream(own.url, `${MLS}/SubscribeWelcomeMessages`, subscribe);
    await own.close();
    expect(await stream.next(2_000)).toBeUndefined();
    expect(stream.status()).toBe(GrpcStatus.UNAVAILABLE);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('the node over TLS', () => {
  let node: XmtpNode;
  let cert: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xmtp-node-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    node = await startXmtpNode({
      port: 0,
      tls: { cert, key: readFileSync(join(dir, 'key.pem'), 'utf8') },
    });
  });
  afterAll(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks HTTP/2, so a browser is not held to six connections by open streams', async () => {
    expect(node.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const session = http2.connect(node.url, { ca: cert });
    try {
      const streams = Array.from({ length: 8 }, (_, i) => {
        const request = mls.SubscribeWelcomeMessagesRequest.encode({
          filters: [{ installationKey: Uint8Array.of(i), idCursor: toLong(0) }],
        }).finish();
        const stream = session.request({
          ':method': 'POST',
          ':path': `/${MLS}/SubscribeWelcomeMessages`,
          'content-type': 'application/grpc-web+proto',
        });
        stream.end(encodeDataFrame(request));
        return new Promise<number>((resolve) =>
          stream.once('response', (headers) => resolve(Number(headers[':status']))),
        );
      });
      expect(await Promise.all(streams)).toEqual(Array(8).fill(200));
      expect(session.alpnProtocol).toBe('h2');
      await expect.poll(() => node.stats().openStreams).toBe(8);
    } finally {
      session.close();
    }
  });
});
