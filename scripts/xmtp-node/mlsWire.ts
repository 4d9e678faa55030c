/**
 * Just enough of the MLS wire format (RFC 9420, TLS presentation language) to index what
 * the node stores: the installation key of a key package and the group id and content type
 * of a group message. Nothing is verified; the clients do that.
 */
import { GrpcError, GrpcStatus } from './framing.ts';

const MLS_VERSION_10 = 1;
const WIRE_PUBLIC_MESSAGE = 1;
const WIRE_PRIVATE_MESSAGE = 2;
const WIRE_KEY_PACKAGE = 5;
const SENDER_MEMBER = 1;
const SENDER_EXTERNAL = 2;
const CONTENT_COMMIT = 3;

class TlsReader {
  #pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u8(): number {
    const value = this.bytes[this.#pos];
    if (value === undefined) throw invalid('truncated MLS structure');
    this.#pos += 1;
    return value;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  skip(count: number): void {
    if (this.#pos + count > this.bytes.length) throw invalid('truncated MLS structure');
    this.#pos += count;
  }

  /** RFC 9420 variable-size vector: a 1, 2 or 4 byte QUIC-style length, then the bytes. */
  vector(): Uint8Array {
    const first = this.u8();
    const prefix = first >> 6;
    let length = first & 0x3f;
    const extra = prefix === 0 ? 0 : prefix === 1 ? 1 : prefix === 2 ? 3 : -1;
    if (extra < 0) throw invalid('invalid MLS vector length');
    for (let i = 0; i < extra; i += 1) length = length * 256 + this.u8();
    const start = this.#pos;
    this.skip(length);
    return this.bytes.subarray(start, start + length);
  }

  peekU32(): number | undefined {
    if (this.#pos + 4 > this.bytes.length) return undefined;
    const b = this.bytes;
    const p = this.#pos;
    return ((b[p] ?? 0) << 24) | ((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0);
  }
}

function invalid(message: string): GrpcError {
  return new GrpcError(GrpcStatus.INVALID_ARGUMENT, message);
}

/**
 * The installation key of a TLS-serialized key package: its leaf node's signature key.
 * Accepts a bare KeyPackage or one wrapped in an MLSMessage (version 1, wire format 5).
 */
export function keyPackageInstallationKey(bytes: Uint8Array): Uint8Array {
  const reader = new TlsReader(bytes);
  if (reader.peekU32() === ((MLS_VERSION_10 << 16) | WIRE_KEY_PACKAGE)) reader.skip(4);
  if (reader.u16() !== MLS_VERSION_10) throw invalid('unsupported MLS version in key package');
  reader.u16(); // cipher suite
  reader.vector(); // init_key
  reader.vector(); // leaf_node.encryption_key
  const signatureKey = reader.vector();
  if (signatureKey.length === 0) throw invalid('key package without a signature key');
  return signatureKey.slice();
}

/** What the node reads from a group message's MLS header. */
export interface GroupMessageHeader {
  groupId: Uint8Array;
  isCommit: boolean;
}

/** Reads the group id and whether the message is a commit from an MLSMessage. */
export function groupMessageHeader(bytes: Uint8Array): GroupMessageHeader {
  const reader = new TlsReader(bytes);
  if (reader.u16() !== MLS_VERSION_10) throw invalid('unsupported MLS version in group message');
  const wireFormat = reader.u16();
  if (wireFormat !== WIRE_PUBLIC_MESSAGE && wireFormat !== WIRE_PRIVATE_MESSAGE) {
    throw invalid(`group message has wire format ${wireFormat}`);
  }
  const groupId = reader.vector().slice();
  if (groupId.length === 0) throw invalid('group message without a group id');
  reader.skip(8); // epoch
  let contentType: number;
  if (wireFormat === WIRE_PRIVATE_MESSAGE) {
    contentType = reader.u8();
  } else {
    const senderType = reader.u8();
    if (senderType === SENDER_MEMBER || senderType === SENDER_EXTERNAL) reader.skip(4);
    reader.vector(); // authenticated_data
    contentType = reader.u8();
  }
  return { groupId, isCommit: contentType === CONTENT_COMMIT };
}
