/**
 * gRPC-web framing: each message is a flag byte, a 4-byte big-endian length and the
 * protobuf bytes; a response ends with a trailer frame (flag 0x80) holding
 * `grpc-status` and `grpc-message` as HTTP-style header lines.
 */

/** gRPC status codes this node answers with. */
export const GrpcStatus = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** A gRPC status code number. */
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** An error a handler throws to end the call with a given gRPC status. */
export class GrpcError extends Error {
  override readonly name = 'GrpcError';
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
  ) {
    super(message);
  }
}

const DATA_FLAG = 0x00;
const TRAILER_FLAG = 0x80;
const HEADER_BYTES = 5;

/** One data frame around `message`. */
export function encodeDataFrame(message: Uint8Array): Uint8Array<ArrayBuffer> {
  return frame(DATA_FLAG, message);
}

/** The closing trailer frame: status, and a percent-encoded message as gRPC requires. */
export function encodeTrailerFrame(code: number, message = ''): Uint8Array<ArrayBuffer> {
  let text = `grpc-status:${code}\r\n`;
  if (message !== '') text += `grpc-message:${encodeURIComponent(message)}\r\n`;
  return frame(TRAILER_FLAG, new TextEncoder().encode(text));
}

function frame(flag: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  out[0] = flag;
  new DataView(out.buffer).setUint32(1, payload.length, false);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** A frame read from a request or response body. */
export interface Frame {
  trailer: boolean;
  payload: Uint8Array;
}

/**
 * Splits a body into frames as its chunks arrive. A frame announcing more than
 * `maxFrameBytes` is refused before its bytes are buffered.
 */
export class FrameDecoder {
  #pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds a chunk and returns every frame now complete. */
  push(chunk: Uint8Array): Frame[] {
    this.#pending = concat(this.#pending, chunk);
    const frames: Frame[] = [];
    while (this.#pending.length >= HEADER_BYTES) {
      const view = new DataView(
        this.#pending.buffer,
        this.#pending.byteOffset,
        this.#pending.byteLength,
      );
      const flag = view.getUint8(0);
      const length = view.getUint32(1, false);
      if (length > this.maxFrameBytes) {
        throw new GrpcError(
          GrpcStatus.RESOURCE_EXHAUSTED,
          `frame of ${length} bytes exceeds ${this.maxFrameBytes}`,
        );
      }
      if (this.#pending.length < HEADER_BYTES + length) break;
      frames.push({
        trailer: (flag & TRAILER_FLAG) !== 0,
        payload: this.#pending.slice(HEADER_BYTES, HEADER_BYTES + length),
      });
      this.#pending = this.#pending.subarray(HEADER_BYTES + length);
    }
    return frames;
  }

  /** Bytes received that do not yet form a frame (non-empty at the end means truncation). */
  get leftover(): number {
    return this.#pending.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Parses a trailer frame's payload into its header lines (names lower-cased). */
export function parseTrailer(payload: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of new TextDecoder().decode(payload).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}
