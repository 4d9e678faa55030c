/**
 * `xmtp.identity.api.v1.IdentityApi`: an append-only log of identity updates per inbox
 * and the index from Ethereum address to inbox. Signatures are checked by the clients,
 * which replay the whole log; the node keeps the update bytes exactly as published.
 */
import { GrpcError, GrpcStatus } from './framing.ts';
import { associations, fromLong, identity, protobuf, toLong } from './proto.ts';
import type { Method } from './server.ts';
import type { XmtpStore } from './store.ts';

const SERVICE = '/xmtp.identity.api.v1.IdentityApi/';
const IDENTIFIER_KIND_PASSKEY = 2;
/** Each check may cost chain calls: a request carries at most this many (the SDK sends 1). */
export const MAX_SCW_SIGNATURES_PER_REQUEST = 16;

/**
 * Answers ERC-1271/6492 signature checks; the node has no chain of its own
 * (`chainSignatureVerifier` in scw-verifier.ts asks one through viem). The answer names the
 * block the check ran at; a failure is `isValid: false` with the reason in `error`.
 */
export type SmartContractWalletVerifier = (request: {
  accountId: string;
  hash: Uint8Array;
  signature: Uint8Array;
  blockNumber: bigint | undefined;
}) => Promise<{ isValid: boolean; blockNumber?: bigint; error?: string }>;

/** The IdentityApi methods, keyed by path. */
export function identityMethods(
  store: XmtpStore,
  verifier: SmartContractWalletVerifier | undefined,
): Map<string, Method> {
  return new Map<string, Method>([
    [`${SERVICE}PublishIdentityUpdate`, { kind: 'unary', handle: (r) => publish(store, r) }],
    [`${SERVICE}GetIdentityUpdates`, { kind: 'unary', handle: (r) => getUpdates(store, r) }],
    [`${SERVICE}GetInboxIds`, { kind: 'unary', handle: (r) => getInboxIds(store, r) }],
    [
      `${SERVICE}VerifySmartContractWalletSignatures`,
      { kind: 'unary', handle: (r) => verifySignatures(verifier, r) },
    ],
  ]);
}

function publish(store: XmtpStore, request: Uint8Array): Uint8Array {
  const raw = rawField(request, 1);
  if (raw === undefined) throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, 'no identity update');
  const update = associations.IdentityUpdate.decode(raw);
  if (update.inboxId === '') throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, 'no inbox id');
  const added: string[] = [];
  const revoked: string[] = [];
  let creates = false;
  for (const action of update.actions) {
    const create = action.createInbox;
    if (create !== undefined) {
      creates = true;
      if (create.initialIdentifierKind !== IDENTIFIER_KIND_PASSKEY) {
        added.push(create.initialIdentifier);
      }
    }
    const addedAddress = action.add?.newMemberIdentifier?.ethereumAddress;
    if (addedAddress !== undefined) added.push(addedAddress);
    const revokedAddress = action.revoke?.memberToRevoke?.ethereumAddress;
    if (revokedAddress !== undefined) revoked.push(revokedAddress);
  }
  // The network's validation refuses updates to an inbox that was never created.
  if (!creates && store.identityUpdates(update.inboxId, 0).length === 0) {
    throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, `inbox ${update.inboxId} does not exist`);
  }
  store.appendIdentityUpdate(update.inboxId, raw, added, revoked);
  return identity.PublishIdentityUpdateResponse.encode({}).finish();
}

function getUpdates(store: XmtpStore, request: Uint8Array): Uint8Array {
  const { requests } = identity.GetIdentityUpdatesRequest.decode(request);
  // Encoded by hand so each update goes out as the exact bytes that were published.
  const writer = protobuf.Writer.create();
  for (const { inboxId, sequenceId } of requests) {
    const response = writer.uint32(10).fork();
    response.uint32(10).string(inboxId);
    for (const entry of store.identityUpdates(inboxId, Number(fromLong(sequenceId)))) {
      const log = response.uint32(18).fork();
      log.uint32(8).uint64(toLong(entry.sequenceId));
      log.uint32(16).uint64(toLong(entry.serverTimestampNs));
      log.uint32(26).bytes(entry.update);
      log.ldelim();
    }
    response.ldelim();
  }
  return writer.finish();
}

function getInboxIds(store: XmtpStore, request: Uint8Array): Uint8Array {
  const { requests } = identity.GetInboxIdsRequest.decode(request);
  const responses = requests.map(({ identifier, identifierKind }) => {
    const inboxId = store.inboxIdFor(identifier);
    return inboxId === undefined
      ? { identifier, identifierKind }
      : { identifier, identifierKind, inboxId };
  });
  return identity.GetInboxIdsResponse.encode({ responses }).finish();
}

async function verifySignatures(
  verifier: SmartContractWalletVerifier | undefined,
  request: Uint8Array,
): Promise<Uint8Array> {
  const { signatures } = identity.VerifySmartContractWalletSignaturesRequest.decode(request);
  if (signatures.length > MAX_SCW_SIGNATURES_PER_REQUEST) {
    throw new GrpcError(
      GrpcStatus.INVALID_ARGUMENT,
      `${signatures.length} signatures in one request; at most ${MAX_SCW_SIGNATURES_PER_REQUEST}`,
    );
  }
  const responses = await Promise.all(
    signatures.map(async (s) => {
      if (verifier === undefined) {
        return { isValid: false, error: 'local XMTP node has no chain to verify this on (--rpc)' };
      }
      const result = await verifier({
        accountId: s.accountId,
        hash: s.hash,
        signature: s.signature,
        blockNumber: s.blockNumber === undefined ? undefined : fromLong(s.blockNumber),
      }).catch((error: unknown) => ({
        isValid: false,
        blockNumber: undefined,
        error: `verifier failed: ${error instanceof Error ? error.message : String(error)}`,
      }));
      return {
        isValid: result.isValid,
        ...(result.blockNumber === undefined ? {} : { blockNumber: toLong(result.blockNumber) }),
        ...(result.error === undefined ? {} : { error: result.error }),
      };
    }),
  );
  return identity.VerifySmartContractWalletSignaturesResponse.encode({ responses }).finish();
}

/** The bytes of the first length-delimited field `field` of a protobuf message. */
function rawField(message: Uint8Array, field: number): Uint8Array | undefined {
  const reader = protobuf.Reader.create(message);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) return reader.bytes();
    reader.skipType(tag & 7);
  }
  return undefined;
}
