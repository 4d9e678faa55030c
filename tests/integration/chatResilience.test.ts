/**
 * The chat under load and failure, on the real SDK against the local node: 1,000 messages
 * arrive in order with none lost, and a node restart mid-stream loses nothing typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../scripts/xmtp-node/index.ts';
import { type ChatMember, startMember, until } from './chatHelpers.ts';

let node: XmtpNode;
let alice: ChatMember;
let bob: ChatMember;

const textsFrom = (member: ChatMember, peer: ChatMember) =>
  member.chat
    .dm(peer.address)
    .messages.filter((m) => !m.mine)
    .map((m) => m.text);

describe('chat resilience over the real SDK', () => {
  beforeAll(async () => {
    node = await startXmtpNode({ port: 0 });
    [alice, bob] = await Promise.all([startMember(node.url), startMember(node.url)]);
  });

  afterAll(async () => {
    alice?.scope.end();
    bob?.scope.end();
    await node?.close();
  });

  it('delivers 1,000 messages in order, none lost', async () => {
    const thread = alice.chat.dm(bob.address);
    const expected = Array.from({ length: 1_000 }, (_, i) => `message ${i}`);
    for (const text of expected) thread.send(text);
    await until('bob to have all 1,000', () => textsFrom(bob, alice).length >= 1_000, 240_000);
    expect(textsFrom(bob, alice)).toEqual(expected);
    await until('alice to see all sent', () => thread.messages.every((m) => m.state === 'sent'));
  }, 300_000);

  it('keeps what is typed while the node is down and sends it after a restart', async () => {
    const thread = alice.chat.dm(bob.address);
    thread.send('before the restart');
    await until('the DM to work', () => textsFrom(bob, alice).includes('before the restart'));
    const port = Number(new URL(node.url).port);
    const store = node.store;
    await node.close();
    thread.send('typed while the node was down');
    await until('the message to fail', () => thread.messages.at(-1)?.state === 'failed', 60_000);

    node = await startXmtpNode({ port, store });
    alice.connectivity.dispatchEvent(new Event('online'));
    await until('the message to be sent', () => thread.messages.at(-1)?.state === 'sent', 60_000);
    // Bob's stream reconnects by itself and catches up.
    await until(
      'bob to read it',
      () => textsFrom(bob, alice).includes('typed while the node was down'),
      60_000,
    );
    const answer = bob.chat.dm(alice.address);
    answer.send('back again');
    await until('bob to send it', () => answer.messages.at(-1)?.state === 'sent', 60_000);
    await until('alice to read it', () => textsFrom(alice, bob).includes('back again'), 60_000);
  }, 200_000);
});
