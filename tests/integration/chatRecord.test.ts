/**
 * The room's chat outlives the people in it: its group is found from a record signed by a
 * community admin and kept by a real Gun relay on loopback, so when everyone has left and
 * comes back they meet the same group and its history (each browser's database persists).
 * Records from members who are not admins are dropped and counted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../scripts/xmtp-node/index.ts';
import type { RoomChat } from '../../src/chat/RoomChat.ts';
import type { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { SignedChatDirectory } from '../../src/presence/SignedChatDirectory.ts';
import type { DropCounters } from '../../src/signaling/dropCounters.ts';
import { createNodeGraph, TestRelay } from '../support/gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  MemoryAccess,
  type TestMember,
  testRoom,
} from '../support/gunRoom.ts';
import { type ChatMember, startMember, until, verdictsFrom } from './chatHelpers.ts';

const relay = new TestRelay();
let node: XmtpNode;
const room = testRoom('chat-record');
const access = new MemoryAccess(room.communityId);
const allowlist = new Set<Address>();
const admins = new Set<Address>();
const open: { scope: Scope; graph: GunGraph }[] = [];

/** One visit of a member: its browser (wallet key, database folder) and the room's parts. */
interface Visit {
  chat: ChatMember;
  room: RoomChat;
  directory: SignedChatDirectory;
  counters: DropCounters;
  member: TestMember;
  graph: GunGraph;
}

interface Browser {
  key: Hex;
  dir: string;
  address: Address;
}

function browser(): Browser {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address.toLowerCase() as Address;
  return { key, dir: mkdtempSync(join(tmpdir(), 'cc-chat-browser-')), address };
}

/** Enters the room as the app does: signed record on the graph, chat on the XMTP node. */
async function visit(who: Browser, online: Set<Address>): Promise<Visit> {
  const chat = await startMember(node.url, who.key, who.dir);
  const scope = chat.scope.child();
  const graph = await createNodeGraph([relay.url]);
  open.push({ scope: chat.scope, graph });
  // The room's parts as the app wires them (roster, signer, verifier), with a max age that
  // lets a record outlive the visit.
  const member = await joinTestMember({
    graph,
    room,
    access,
    identity: await createTestIdentity({ account: privateKeyToAccount(who.key) }),
    limits: { maxAgeMs: 86_400_000 },
  });
  open.push({ scope: member.scope, graph });
  const { counters, verifier, signer } = member;
  const directory = new SignedChatDirectory({
    graph,
    key: `${room.namespace}/chat`,
    address: who.address,
    signer,
    verifier,
    moderators: { isModerator: async (a) => admins.has(a.toLowerCase() as Address) },
    counters,
    // A fresh memory each visit: what is found comes from the relay.
    memory: { getItem: () => null, setItem: () => {} },
    memoryKey: 'room-chat',
  });
  directory.start(scope);
  online.add(who.address);
  const roomChat = chat.chat.room({
    roomKey: '1/record',
    roomName: 'record',
    directory,
    online: () => [...online],
    access: verdictsFrom(allowlist),
    moderators: verdictsFrom(admins),
    scope,
    reconcileMs: 300,
    graceMs: 1_000,
    settleMs: 1_000,
  });
  return { chat, room: roomChat, directory, counters, member, graph };
}

function leave(v: Visit, online: Set<Address>): void {
  online.delete(v.chat.address);
  v.chat.scope.end();
  v.member.scope.end();
  v.graph.close();
}

const texts = (v: Visit) =>
  v.room.thread.messages.filter((m) => m.kind === 'message').map((m) => m.text);

describe('the room chat record', () => {
  const alice = browser();
  const bob = browser();
  const online = new Set<Address>();

  beforeAll(async () => {
    await relay.start();
    node = await startXmtpNode({ port: 0 });
    for (const who of [alice, bob]) {
      allowlist.add(who.address);
      access.allow(who.address);
    }
    admins.add(alice.address);
  });

  afterAll(async () => {
    for (const { scope, graph } of open) {
      scope.end();
      graph.close();
    }
    await node?.close();
    await relay.stop();
  });

  it('brings back the same group and its history after everyone left', async () => {
    // One after the other: each browser's database folder is chosen as its client starts.
    const a1 = await visit(alice, online);
    const b1 = await visit(bob, online);
    const first = [a1, b1];
    await until(
      'both in the group',
      () => first.every((v) => v.room.status.kind === 'ready'),
      60_000,
    );
    const groupId = a1.room.groupId;
    b1.room.thread.send('before everyone left');
    await until('alice to read it', () => texts(a1).includes('before everyone left'));
    // Bob, not an admin, signs a record of a group of his own: nobody follows it.
    await b1.directory.publish({ groupId: 'ab'.repeat(16), version: Date.now() + 1_000 });
    await until('alice to drop it', () => a1.counters.counts()['not-moderator'] === 1);
    expect(a1.directory.current()?.groupId).toBe(groupId);
    leave(a1, online);
    leave(b1, online);

    // Bob comes back first, to an empty room, with no copy of the record in his browser.
    const b2 = await visit(bob, online);
    await until('bob back in the same group', () => b2.room.status.kind === 'ready', 60_000);
    expect(b2.room.groupId).toBe(groupId);
    expect(texts(b2)).toContain('before everyone left');
    const a2 = await visit(alice, online);
    await until('alice back in the same group', () => a2.room.status.kind === 'ready', 60_000);
    expect(a2.room.groupId).toBe(groupId);
    expect(texts(a2)).toContain('before everyone left');
    a2.room.thread.send('back again');
    await until('bob to read it', () => texts(b2).includes('back again'));
  }, 180_000);
});
