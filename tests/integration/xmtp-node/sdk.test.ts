/**
 * The real browser SDK against the local node: registration, groups, members, streams,
 * removal, DMs and consent — and no call the node does not serve.
 */
import { Client, ConsentState, type Dm, type Group, IdentifierKind } from '@xmtp/browser-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../../scripts/xmtp-node/index.ts';
import { clientOptions, collectTexts, createUser, eventually, type TestUser } from './helpers.ts';

let node: XmtpNode;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let aliceGroup: Group<unknown>;

async function texts(conversation: { messages(): Promise<{ content: unknown }[]> }) {
  return (await conversation.messages()).map((m) => m.content).filter((c) => typeof c === 'string');
}

async function groupOf(user: TestUser, id: string): Promise<Group<unknown>> {
  await user.client.conversations.sync();
  const conversation = await user.client.conversations.getConversationById(id);
  if (conversation === undefined) throw new Error(`${user.address} does not see group ${id}`);
  return conversation as Group<unknown>;
}

describe('browser SDK against the local XMTP node', () => {
  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
    [alice, bob, carol] = await Promise.all([
      createUser(node.url),
      createUser(node.url),
      createUser(node.url),
    ]);
  });

  afterAll(async () => {
    for (const user of [alice, bob, carol]) user?.client.close();
    if (node !== undefined) {
      console.info('xmtp-node calls (sdk.test):', JSON.stringify(node.stats().calls));
      await node.close();
    }
  });

  it('registers each user: inbox ids resolve from addresses', async () => {
    expect(await alice.client.isRegistered()).toBe(true);
    const bobIdentifier = { identifier: bob.address, identifierKind: IdentifierKind.Ethereum };
    expect(await alice.client.fetchInboxIdByIdentifier(bobIdentifier)).toBe(bob.client.inboxId);
    expect(node.store.inboxIdFor(carol.address)).toBe(carol.client.inboxId);
    expect(node.stats().keyPackages).toBeGreaterThanOrEqual(3);
  });

  it('creates a group that the invited member receives through the welcome stream', async () => {
    const welcomes = await bob.client.conversations.streamGroups();
    const bobIds = bob.client.inboxId === undefined ? [] : [bob.client.inboxId];
    aliceGroup = await alice.client.conversations.createGroup(bobIds);
    const first = await Promise.race([
      welcomes.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no welcome')), 20_000)),
    ]);
    await welcomes.end();
    expect(first.value?.id).toBe(aliceGroup.id);
  });

  it('sends and receives: streamed live and listed after sync', async () => {
    const bobGroup = await groupOf(bob, aliceGroup.id);
    const stream = await bobGroup.stream();
    await aliceGroup.sendText('hello bob');
    await aliceGroup.sendText('second');
    const received = await collectTexts(stream, (t) => t.length >= 2);
    await stream.end();
    expect(received).toEqual(['hello bob', 'second']);
    await bobGroup.sync();
    expect(await texts(bobGroup)).toEqual(['hello bob', 'second']);
  });

  it('adds a member, who reads messages sent after joining and can write', async () => {
    const carolId = carol.client.inboxId ?? '';
    await aliceGroup.addMembers([carolId]);
    const carolGroup = await groupOf(carol, aliceGroup.id);
    const members = (await carolGroup.members()).map((m) => m.inboxId).sort();
    expect(members).toEqual([alice.client.inboxId, bob.client.inboxId, carolId].sort());

    const aliceStream = await aliceGroup.stream();
    await carolGroup.sendText('hi from carol');
    expect(await collectTexts(aliceStream, (t) => t.includes('hi from carol'))).toContain(
      'hi from carol',
    );
    await aliceStream.end();
    // MLS: a newcomer cannot read what was sent before the epoch it joined in.
    expect(await texts(carolGroup)).not.toContain('hello bob');
  });

  it('removes a member, who cannot read messages sent after removal', async () => {
    const carolGroup = await groupOf(carol, aliceGroup.id);
    await aliceGroup.removeMembers([carol.client.inboxId ?? '']);
    await aliceGroup.sendText('after carol left');
    const bobGroup = await groupOf(bob, aliceGroup.id);
    await eventually(async () => {
      await bobGroup.sync();
      return (await texts(bobGroup)).includes('after carol left') ? true : undefined;
    }, 'bob to read the message sent after the removal');

    await carolGroup.sync();
    expect(await carolGroup.isActive()).toBe(false);
    expect(await texts(carolGroup)).not.toContain('after carol left');
    // The ciphertext did reach the node; only the keys are missing.
    expect(node.store.groupMessages(hexToBytes(aliceGroup.id)).length).toBeGreaterThan(0);
  });

  it('exchanges direct messages', async () => {
    const dm: Dm<unknown> = await alice.client.conversations.createDm(bob.client.inboxId ?? '');
    await dm.sendText('psst');
    const bobDm = await eventually(async () => {
      await bob.client.conversations.sync();
      return (await bob.client.conversations.listDms()).find((d) => d.id === dm.id);
    }, 'bob to see the DM');
    expect(await bobDm.peerInboxId()).toBe(alice.client.inboxId);
    await bobDm.sync();
    expect(await texts(bobDm)).toContain('psst');

    const stream = await bob.client.conversations.streamAllDmMessages();
    await dm.sendText('still there?');
    const live = await collectTexts(stream, (t) => t.includes('still there?'));
    await stream.end();
    expect(live).toContain('still there?');
  });

  it('keeps consent per conversation: creator allowed, invitee unknown until they choose', async () => {
    expect(await aliceGroup.consentState()).toBe(ConsentState.Allowed);
    const bobGroup = await groupOf(bob, aliceGroup.id);
    expect(await bobGroup.consentState()).toBe(ConsentState.Unknown);
    await bobGroup.updateConsentState(ConsentState.Denied);
    expect(await bobGroup.consentState()).toBe(ConsentState.Denied);
    const allowed = await bob.client.conversations.listGroups({
      consentStates: [ConsentState.Allowed, ConsentState.Unknown],
    });
    expect(allowed.map((g) => g.id)).not.toContain(aliceGroup.id);
    await bobGroup.updateConsentState(ConsentState.Allowed);
    expect(await bobGroup.consentState()).toBe(ConsentState.Allowed);
  });

  it('lists a second installation of the same wallet, and revokes it', async () => {
    const second = await Client.create(alice.signer, clientOptions(node.url));
    try {
      const before = await alice.client.preferences.fetchInboxState();
      expect(before.installations.map((i) => i.id).sort()).toEqual(
        [alice.client.installationId, second.installationId].sort(),
      );
      await alice.client.revokeInstallations([second.installationIdBytes ?? new Uint8Array()]);
      const after = await alice.client.preferences.fetchInboxState();
      expect(after.installations.map((i) => i.id)).toEqual([alice.client.installationId]);
      expect(node.store.inboxIdFor(alice.address)).toBe(alice.client.inboxId);
    } finally {
      second.close();
    }
  });

  it('called no method the node does not serve', () => {
    // An SDK upgrade that needs a new RPC fails here, naming it.
    expect(node.unknownMethods(), `unserved XMTP methods: ${node.unknownMethods()}`).toEqual([]);
  });
});

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
