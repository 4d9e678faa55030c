/**
 * RoomChat and DMs on the real browser SDK against the local XMTP node: group creation by
 * the community's admin, newcomers added by it, removal, replies, reactions, DMs.
 */
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../scripts/xmtp-node/index.ts';
import type { RoomChat } from '../../src/chat/RoomChat.ts';
import { FakeDirectory } from '../../src/chat/testing.ts';
import { type ChatMember, startMember, until, verdictsFrom } from './chatHelpers.ts';

let node: XmtpNode;
const members: ChatMember[] = [];
const directory = new FakeDirectory();
const online = new Set<Address>();
const allowlist = new Set<Address>();
const admins = new Set<Address>();

function enter(member: ChatMember): RoomChat {
  online.add(member.address);
  allowlist.add(member.address);
  return member.chat.room({
    roomKey: '0/lobby',
    roomName: 'lobby',
    directory,
    online: () => [...online],
    access: verdictsFrom(allowlist),
    moderators: verdictsFrom(admins),
    scope: member.scope.child(),
    reconcileMs: 300,
    graceMs: 2_000,
    settleMs: 300,
  });
}

const texts = (room: RoomChat) =>
  room.thread.messages.filter((m) => m.kind === 'message').map((m) => m.text);

describe('room chat and DMs over the real SDK', () => {
  let rooms: RoomChat[] = [];
  let alice: ChatMember;
  let bob: ChatMember;
  let carol: ChatMember;

  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
    const started = await Promise.all([0, 1, 2].map(() => startMember(node.url)));
    [alice, bob, carol] = started as [ChatMember, ChatMember, ChatMember];
    members.push(...started);
    // Alice owns the community: only she may let members into the room's chat.
    admins.add(alice.address);
  });

  afterAll(async () => {
    for (const member of members) member.scope.end();
    await node?.close();
  });

  it('has a member wait for an admin, who creates and publishes the group; both chat in it', async () => {
    const bobRoom = enter(bob);
    await until('bob to wait for an admin', () => bobRoom.status.kind === 'waiting');
    expect(bobRoom.status).toEqual({ kind: 'waiting', for: 'no-admin' });
    const aliceRoom = enter(alice);
    rooms = [bobRoom, aliceRoom];
    await until('both in the group', () => rooms.every((room) => room.status.kind === 'ready'));
    expect(directory.groupId).toBe(aliceRoom.groupId);
    expect(aliceRoom.status).toEqual({ kind: 'ready', joinedLate: false });
    expect(bobRoom.status).toEqual({ kind: 'ready', joinedLate: true });

    aliceRoom.thread.send('hello room');
    await until('bob to read it', () => texts(bobRoom).includes('hello room'));
    const [hello] = bobRoom.thread.messages.filter((m) => m.text === 'hello room');
    if (!hello) throw new Error('no message');
    expect(hello.sender).toBe(alice.address);
    bobRoom.thread.send('hi alice', hello);
    bobRoom.thread.react(hello, '🎉');
    await until('alice to see the reply and the reaction', () => {
      const lines = aliceRoom.thread.messages;
      return (
        lines.some((m) => m.replyTo?.text === 'hello room') &&
        lines.some((m) => m.reactions.some((r) => r.emoji === '🎉'))
      );
    });
    expect(aliceRoom.thread.messages.map((m) => m.state)).not.toContain('sending');
  });

  it('has the admin add a newcomer, who is told earlier messages are not readable', async () => {
    const carolRoom = enter(carol);
    rooms.push(carolRoom);
    const added: Address[] = [];
    for (const room of rooms) room.events.on('membership', (m) => added.push(...m.added));
    await until('carol to be added', () => carolRoom.status.kind === 'ready', 30_000);
    expect(carolRoom.status).toEqual({ kind: 'ready', joinedLate: true });
    expect(added).toEqual([carol.address]);
    expect(texts(carolRoom)).not.toContain('hello room');

    carolRoom.thread.send('hi all');
    await until('everyone to read carol', () =>
      rooms.slice(0, 2).every((room) => texts(room).includes('hi all')),
    );
  });

  it('removes a member taken off the allowlist; they cannot read what follows', async () => {
    const [, aliceRoom, carolRoom] = rooms as [RoomChat, RoomChat, RoomChat];
    allowlist.delete(carol.address);
    online.delete(carol.address);
    await until('carol to lose the room chat', () => carolRoom.status.kind === 'removed', 30_000);
    aliceRoom.thread.send('after carol left');
    await until('bob to read it', () => texts(rooms[0] as RoomChat).includes('after carol left'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(texts(carolRoom)).not.toContain('after carol left');
  });

  it('exchanges DMs both ways, counting unread for the receiver', async () => {
    alice.chat.dm(bob.address).send('psst, bob');
    await until('bob to get the DM', () =>
      bob.chat.dms.some((d) => d.peer === alice.address && d.unread === 1),
    );
    const toAlice = bob.chat.dm(alice.address);
    expect(toAlice.messages.map((m) => m.text)).toEqual(['psst, bob']);
    toAlice.setActive(true);
    toAlice.send('hey alice');
    await until('alice to read the answer', () =>
      alice.chat.dm(bob.address).messages.some((m) => m.text === 'hey alice' && !m.mine),
    );
    expect(node.unknownMethods()).toEqual([]);
  });
});
