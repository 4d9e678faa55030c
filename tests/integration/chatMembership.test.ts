/**
 * Attacks on a room's chat membership, on the real browser SDK against the local XMTP node:
 * only the community's owner and admins change who is in the group (the group's own
 * permissions make the SDK refuse anyone else), the allowlist decides who stays, an RPC
 * outage removes nobody, and a group whose creator lost access is replaced by a new one
 * that everyone moves to while the creator reads nothing new.
 */
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../scripts/xmtp-node/index.ts';
import type { RoomChat } from '../../src/chat/RoomChat.ts';
import { FakeDirectory } from '../../src/chat/testing.ts';
import type { ChatConversation } from '../../src/chat/types.ts';
import { type ChatMember, startMember, until, verdictsFrom } from './chatHelpers.ts';

let node: XmtpNode;
const directory = new FakeDirectory();
const online = new Set<Address>();
const allowlist = new Set<Address>();
const admins = new Set<Address>();
const chain = { down: false };
const rooms = new Map<Address, RoomChat>();

function enter(member: ChatMember): RoomChat {
  online.add(member.address);
  const room = member.chat.room({
    roomKey: '0/lobby',
    roomName: 'lobby',
    directory,
    online: () => [...online],
    access: verdictsFrom(allowlist, chain),
    moderators: verdictsFrom(admins, chain),
    scope: member.scope.child(),
    reconcileMs: 300,
    graceMs: 1_000,
    settleMs: 300,
  });
  rooms.set(member.address, room);
  return room;
}

const texts = (room: RoomChat | undefined) =>
  (room?.thread.messages ?? []).filter((m) => m.kind === 'message').map((m) => m.text);

/** The member's own view of a group, straight from its client (not through RoomChat). */
async function groupOf(member: ChatMember, groupId: string | null): Promise<ChatConversation> {
  const conversation = groupId ? await member.chat.client?.conversation(groupId) : null;
  if (!conversation) throw new Error('not in the group');
  await conversation.sync();
  return conversation;
}

describe('room chat membership attacks', () => {
  let alice: ChatMember;
  let bob: ChatMember;
  let carol: ChatMember;
  let dave: ChatMember;
  let mallory: ChatMember;

  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
    // Lowest address first: the lowest owner or admin present creates the group, so Alice
    // (not Carol, whose random key could otherwise sort first) is its creator in every run.
    const members = await Promise.all([0, 1, 2, 3, 4].map(() => startMember(node.url)));
    const lower = (member: ChatMember) => member.address.toLowerCase();
    members.sort((x, y) => (lower(x) < lower(y) ? -1 : 1));
    [alice, bob, carol, dave, mallory] = members as [
      ChatMember,
      ChatMember,
      ChatMember,
      ChatMember,
      ChatMember,
    ];
    for (const member of [alice, bob, carol, dave]) allowlist.add(member.address);
    // Alice owns the community, Carol is one of its admins; Mallory is nobody here.
    admins.add(alice.address);
    admins.add(carol.address);
    for (const member of [alice, bob, carol]) enter(member);
    await until(
      'alice, bob and carol in one group',
      () => [...rooms.values()].every((room) => room.status.kind === 'ready'),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const member of [alice, bob, carol, dave, mallory]) member?.scope.end();
    await node?.close();
  });

  it("makes the community's admins the group's admins", async () => {
    const group = await groupOf(alice, directory.groupId);
    await until('carol to be a group admin', async () => {
      const members = await group.members();
      return members.some((m) => m.addresses.includes(carol.address) && m.role === 'admin');
    });
    const members = await group.members();
    const roleOf = (m: ChatMember) => members.find((x) => x.addresses.includes(m.address))?.role;
    expect([roleOf(alice), roleOf(bob), roleOf(carol)]).toEqual(['super-admin', 'member', 'admin']);
  });

  it('refuses a plain member adding an outsider; the outsider reads nothing', async () => {
    const asBob = await groupOf(bob, directory.groupId);
    await expect(asBob.addMembers([mallory.address])).rejects.toThrow();
    rooms.get(alice.address)?.thread.send('only for members');
    await until('bob to read it', () => texts(rooms.get(bob.address)).includes('only for members'));
    await expect(mallory.chat.client?.conversation(directory.groupId ?? '')).resolves.toBeNull();
    const members = await (await groupOf(alice, directory.groupId)).members();
    expect(members.flatMap((m) => m.addresses)).not.toContain(mallory.address);
  });

  it('refuses a plain member removing another', async () => {
    const asBob = await groupOf(bob, directory.groupId);
    await expect(asBob.removeMembers([carol.chat.client?.inboxId ?? ''])).rejects.toThrow();
    const carolGroup = await groupOf(carol, directory.groupId);
    await expect(carolGroup.isActive()).resolves.toBe(true);
    rooms.get(alice.address)?.thread.send('carol is still here');
    await until('carol to read it', () =>
      texts(rooms.get(carol.address)).includes('carol is still here'),
    );
  });

  it('removes nobody during an RPC outage, and a refused member once the chain answers', async () => {
    const daveRoom = enter(dave);
    await until('dave to be added', () => daveRoom.status.kind === 'ready', 30_000);
    chain.down = true;
    allowlist.delete(dave.address);
    online.delete(dave.address);
    // Several membership rounds (300 ms each) and grace periods pass with the chain silent.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(daveRoom.status.kind).toBe('ready');
    rooms.get(alice.address)?.thread.send('during the outage');
    await until('dave to still read', () => texts(daveRoom).includes('during the outage'));

    chain.down = false;
    await until('dave to be removed', () => daveRoom.status.kind === 'removed', 30_000);
    rooms.get(alice.address)?.thread.send('after dave left');
    await until('bob to read it', () => texts(rooms.get(bob.address)).includes('after dave left'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(texts(daveRoom)).not.toContain('after dave left');
  }, 60_000);

  it('replaces the group when its creator leaves the allowlist; the creator reads nothing new', async () => {
    const first = directory.record;
    const aliceRoom = rooms.get(alice.address);
    allowlist.delete(alice.address);
    online.delete(alice.address);
    await until(
      'a newer group',
      () => (directory.record?.version ?? 0) > (first?.version ?? 0),
      30_000,
    );
    expect(directory.groupId).not.toBe(first?.groupId);
    const bobRoom = rooms.get(bob.address);
    const carolRoom = rooms.get(carol.address);
    await until(
      'bob and carol to move',
      () =>
        [bobRoom, carolRoom].every(
          (room) => room?.groupId === directory.groupId && room?.status.kind === 'ready',
        ),
      30_000,
    );
    carolRoom?.thread.send('in the new group');
    // A new group's stream starts late when the e2e tier shares the cores (a CI run took 20 s).
    await until('bob to read it', () => texts(bobRoom).includes('in the new group'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(texts(aliceRoom)).not.toContain('in the new group');
    await expect(alice.chat.client?.conversation(directory.groupId ?? '')).resolves.toBeNull();
    // Nothing more is written to the old group: Alice's last message there stays the last.
    const old = await groupOf(bob, first?.groupId ?? null);
    const lastOld = (await old.messages()).filter((m) => m.content.kind === 'text').at(-1);
    expect(lastOld?.content).toEqual({ kind: 'text', text: 'after dave left' });
    const members = await (await groupOf(carol, directory.groupId)).members();
    const roleOf = (m: ChatMember) => members.find((x) => x.addresses.includes(m.address))?.role;
    expect([roleOf(carol), roleOf(bob), roleOf(alice)]).toEqual([
      'super-admin',
      'member',
      undefined,
    ]);
  }, 60_000);
});
