/**
 * Message types of the XMTP V3 API, from npm `@xmtp/proto` (pinned 3.96.0).
 *
 * The package exports only its index, and the index leaves out the identity API, so the
 * CommonJS build is loaded by file path. Types come from the package's `.d.ts` files.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as IdentityPb from '../../node_modules/@xmtp/proto/ts/dist/types/identity/api/v1/identity.pb';
import type * as AssociationPb from '../../node_modules/@xmtp/proto/ts/dist/types/identity/associations/association.pb';
import type * as MlsPb from '../../node_modules/@xmtp/proto/ts/dist/types/mls/api/v1/mls.pb';

const require = createRequire(import.meta.url);
const cjsRoot = dirname(require.resolve('@xmtp/proto'));
const load = <T>(path: string): T => require(join(cjsRoot, path)) as T;

/** `xmtp.mls.api.v1` messages. */
export const mls = load<typeof MlsPb>('mls/api/v1/mls.pb.js');
/** `xmtp.identity.api.v1` messages. */
export const identity = load<typeof IdentityPb>('identity/api/v1/identity.pb.js');
/** `xmtp.identity.associations` messages. */
export const associations = load<typeof AssociationPb>('identity/associations/association.pb.js');

/** The `Writer` and `Reader` of the protobufjs copy that `@xmtp/proto` uses. */
export const protobuf = require(require.resolve('protobufjs/minimal', { paths: [cjsRoot] })) as {
  Writer: { create(): ProtoWriter };
  Reader: { create(bytes: Uint8Array): ProtoReader };
};

/** The `long` class the generated code expects for 64-bit fields. */
export const Long = require(require.resolve('long', { paths: [cjsRoot] })) as LongStatic;

/** The few protobufjs writer methods used to encode identity logs with their stored bytes. */
export interface ProtoWriter {
  uint32(value: number): ProtoWriter;
  uint64(value: LongLike): ProtoWriter;
  string(value: string): ProtoWriter;
  bytes(value: Uint8Array): ProtoWriter;
  fork(): ProtoWriter;
  ldelim(): ProtoWriter;
  finish(): Uint8Array;
}

/** The few protobufjs reader methods used to pick raw fields out of a request. */
export interface ProtoReader {
  pos: number;
  len: number;
  uint32(): number;
  bytes(): Uint8Array;
  skipType(wireType: number): ProtoReader;
}

/** A 64-bit integer as `long` represents it. */
export interface LongLike {
  toString(): string;
  isZero(): boolean;
}

interface LongStatic {
  fromString(value: string, unsigned: boolean): LongLike & MlsPb.GroupMessage_V1['id'];
  UZERO: MlsPb.GroupMessage_V1['id'];
}

/** A Long for `value` (ids and nanosecond timestamps go past 2^53, hence bigint). */
export function toLong(value: bigint | number): MlsPb.GroupMessage_V1['id'] {
  return Long.fromString(value.toString(), true);
}

/** The bigint value of a Long read from a request. */
export function fromLong(value: { toString(): string } | undefined): bigint {
  return value === undefined ? 0n : BigInt(value.toString());
}

export type { AssociationPb, IdentityPb, MlsPb };
