import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

// A TURN client just big enough to ask coturn for a relay allocation over UDP (RFC 5766
// Allocate with RFC 5389 long-term credentials), so tests can check that credentials from the
// gate are ones the real server accepts.

const MAGIC_COOKIE = 0x2112a442;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ATTR = {
  username: 0x0006,
  integrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  requestedTransport: 0x0019,
} as const;

/** What coturn answered an authenticated Allocate: granted, or the STUN error code. */
export type AllocateResult = { ok: true } | { ok: false; errorCode: number };

interface StunAnswer {
  type: number;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function message(type: number, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const transaction = randomBytes(12);
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transaction.copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The HMAC covers the message with its length already counting the integrity attribute.
  header.writeUInt16BE(body.length + 24, 2);
  const hmac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest();
  return Buffer.concat([header, body, attribute(ATTR.integrity, hmac)]);
}

function parse(packet: Buffer): StunAnswer {
  const attributes = new Map<number, Buffer>();
  let offset = 20;
  while (offset + 4 <= packet.length) {
    const type = packet.readUInt16BE(offset);
    const length = packet.readUInt16BE(offset + 2);
    attributes.set(type, packet.subarray(offset + 4, offset + 4 + length));
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: packet.readUInt16BE(0), attributes };
}

function errorCode(answer: StunAnswer): number {
  const value = answer.attributes.get(ATTR.errorCode);
  return value ? (value[2] ?? 0) * 100 + (value[3] ?? 0) : 0;
}

/**
 * Asks the TURN server at `host:port` for a UDP relay with `username`/`credential` (first
 * unauthenticated, to learn realm and nonce, then signed with the long-term key).
 *
 * @example
 * const result = await turnAllocate('127.0.0.1', 3478, grant.username, grant.credential);
 * expect(result).toEqual({ ok: true });
 */
export async function turnAllocate(
  host: string,
  port: number,
  username: string,
  credential: string,
): Promise<AllocateResult> {
  const socket = createSocket('udp4');
  const ask = (packet: Buffer) =>
    new Promise<StunAnswer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no TURN answer from ${host}:${port}`)),
        3_000,
      );
      socket.once('message', (reply) => {
        clearTimeout(timer);
        resolve(parse(reply));
      });
      socket.send(packet, port, host);
    });
  const transport = attribute(ATTR.requestedTransport, Buffer.from([17, 0, 0, 0]));
  try {
    const challenge = await ask(message(ALLOCATE_REQUEST, [transport]));
    const realm = challenge.attributes.get(ATTR.realm);
    const nonce = challenge.attributes.get(ATTR.nonce);
    if (errorCode(challenge) !== 401 || !realm || !nonce) {
      throw new Error(
        `expected a 401 challenge, got type ${challenge.type} code ${errorCode(challenge)}`,
      );
    }
    const key = createHash('md5').update(`${username}:${realm.toString()}:${credential}`).digest();
    const answer = await ask(
      message(
        ALLOCATE_REQUEST,
        [
          transport,
          attribute(ATTR.username, Buffer.from(username)),
          attribute(ATTR.realm, realm),
          attribute(ATTR.nonce, nonce),
        ],
        key,
      ),
    );
    return answer.type === ALLOCATE_SUCCESS
      ? { ok: true }
      : { ok: false, errorCode: errorCode(answer) };
  } finally {
    socket.close();
  }
}
