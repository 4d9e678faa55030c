/** The node's store and identity service: limits, the address index, verbatim updates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrpcStatus } from '../../../scripts/xmtp-node/framing.ts';
import { startXmtpNode, type XmtpNode, XmtpStore } from '../../../scripts/xmtp-node/index.ts';
import { associations, fromLong, identity, toLong } from '../../../scripts/xmtp-node/proto.ts';
import { grpcCall } from './grpcWebClient.ts';

const IDENTITY = 'xmtp.identity.api.v1.IdentityApi';
const ADDRESS = '0x00000000000000000000000000000000000000aa';

function createInboxUpdate(inboxId: string): Uint8Array {
  return associations.IdentityUpdate.encode({
    inboxId,
    clientTimestampNs: toLong(1),
    actions: [
      {
        createInbox: {
          initialIdentifier: ADDRESS,
          nonce: toLong(0),
          initialIdentifierSignature: undefined,
          initialIdentifierKind: 1,
        },
      },
    ],
  }).finish();
}

describe('store limits', () => {
  it('refuses identity updates past the per-inbox log limit', () => {
    const store = new XmtpStore({ maxIdentityUpdatesPerInbox: 2 });
    store.appendIdentityUpdate('inbox', Uint8Array.of(1), [ADDRESS], []);
    store.appendIdentityUpdate('inbox', Uint8Array.of(2), [], []);
    expect(() => store.appendIdentityUpdate('inbox', Uint8Array.of(3), [], [])).toThrow(
      expect.objectContaining({ code: GrpcStatus.RESOURCE_EXHAUSTED }),
    );
  });

  it('refuses writes past the stored-bytes limit', () => {
    const store = new XmtpStore({ maxStoredBytes: 100 });
    const base = {
      installationKey: Uint8Array.of(1),
      kind: 'v1' as const,
      hpkePublicKey: new Uint8Array(0),
      wrapperAlgorithm: 0,
      welcomeMetadata: new Uint8Array(0),
    };
    store.addWelcome({ ...base, payload: new Uint8Array(60).fill(1) });
    expect(() => store.addWelcome({ ...base, payload: new Uint8Array(60).fill(2) })).toThrow(
      /storage limit/,
    );
    expect(store.counts()).toMatchObject({ welcomes: 1, storedBytes: 60 });
  });

  it('maps an address to the inbox that added it last, until that inbox revokes it', () => {
    const store = new XmtpStore();
    store.appendIdentityUpdate('one', Uint8Array.of(1), [ADDRESS.toUpperCase()], []);
    expect(store.inboxIdFor(ADDRESS)).toBe('one');
    store.appendIdentityUpdate('two', Uint8Array.of(2), [ADDRESS], []);
    store.appendIdentityUpdate('one', Uint8Array.of(3), [], [ADDRESS]);
    expect(store.inboxIdFor(ADDRESS)).toBe('two');
    store.appendIdentityUpdate('two', Uint8Array.of(4), [], [ADDRESS]);
    expect(store.inboxIdFor(ADDRESS)).toBeUndefined();
  });
});

describe('identity service', () => {
  let node: XmtpNode;
  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
  });
  afterAll(() => node.close());

  it('returns identity updates as the exact bytes published, after the asked sequence id', async () => {
    // A field this version of the protos does not know must survive the round trip.
    const update = Uint8Array.from([...createInboxUpdate('inbox-a'), 0xf8, 0x3e, 0x01]);
    expect(update.length).toBeLessThan(128); // so its length fits one varint byte below
    const publish = Uint8Array.from([0x0a, update.length, ...update]);
    expect((await grpcCall(node.url, `${IDENTITY}/PublishIdentityUpdate`, publish)).status).toBe(0);

    const ask = (sequenceId: number) =>
      identity.GetIdentityUpdatesRequest.encode({
        requests: [{ inboxId: 'inbox-a', sequenceId: toLong(sequenceId) }],
      }).finish();
    const reply = await grpcCall(node.url, `${IDENTITY}/GetIdentityUpdates`, ask(0));
    const raw = reply.messages[0] ?? new Uint8Array();
    expect(Buffer.from(raw).includes(Buffer.from(update))).toBe(true);
    const decoded = identity.GetIdentityUpdatesResponse.decode(raw);
    const log = decoded.responses[0]?.updates[0];
    expect(log?.update?.inboxId).toBe('inbox-a');
    const sequenceId = Number(fromLong(log?.sequenceId));
    const later = identity.GetIdentityUpdatesResponse.decode(
      (await grpcCall(node.url, `${IDENTITY}/GetIdentityUpdates`, ask(sequenceId))).messages[0] ??
        new Uint8Array(),
    );
    expect(later.responses[0]?.updates).toEqual([]);
  });

  it('resolves inbox ids by address and refuses updates to an inbox never created', async () => {
    const request = identity.GetInboxIdsRequest.encode({
      requests: [
        { identifier: ADDRESS, identifierKind: 1 },
        { identifier: '0x01', identifierKind: 1 },
      ],
    }).finish();
    const { responses } = identity.GetInboxIdsResponse.decode(
      (await grpcCall(node.url, `${IDENTITY}/GetInboxIds`, request)).messages[0] ??
        new Uint8Array(),
    );
    expect(responses.map((r) => r.inboxId)).toEqual(['inbox-a', undefined]);

    const orphan = associations.IdentityUpdate.encode({
      inboxId: 'nobody',
      clientTimestampNs: toLong(1),
      actions: [],
    }).finish();
    const reply = await grpcCall(
      node.url,
      `${IDENTITY}/PublishIdentityUpdate`,
      identity.PublishIdentityUpdateRequest.encode({
        identityUpdate: associations.IdentityUpdate.decode(orphan),
      }).finish(),
    );
    expect(reply.status).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('answers smart-contract wallet checks through the hook, or "not valid" without one', async () => {
    const request = identity.VerifySmartContractWalletSignaturesRequest.encode({
      signatures: [
        { accountId: 'eip155:31337:0xabc', signature: Uint8Array.of(1), hash: Uint8Array.of(2) },
      ],
    }).finish();
    const method = `${IDENTITY}/VerifySmartContractWalletSignatures`;
    const without = identity.VerifySmartContractWalletSignaturesResponse.decode(
      (await grpcCall(node.url, method, request)).messages[0] ?? new Uint8Array(),
    );
    expect(without.responses[0]).toMatchObject({ isValid: false });

    const seen: string[] = [];
    const withHook = await startXmtpNode({
      port: 0,
      verifySmartContractWalletSignature: async ({ accountId }) => {
        seen.push(accountId);
        return { isValid: true, blockNumber: 7n };
      },
    });
    try {
      const reply = identity.VerifySmartContractWalletSignaturesResponse.decode(
        (await grpcCall(withHook.url, method, request)).messages[0] ?? new Uint8Array(),
      );
      expect(reply.responses[0]?.isValid).toBe(true);
      expect(Number(fromLong(reply.responses[0]?.blockNumber))).toBe(7);
      expect(seen).toEqual(['eip155:31337:0xabc']);
    } finally {
      await withHook.close();
    }
  });
});
