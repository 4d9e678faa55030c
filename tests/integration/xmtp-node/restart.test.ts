/**
 * The node restarts (same port, same data) while a member is streaming. Observed with the
 * pinned SDK: the open streams end with UNAVAILABLE, the SDK's stream wrapper reports
 * `onFail` and retries every `retryDelay` (each attempt first syncs, which fails after ~2 s of
 * libxmtp's own retries while the node is down), and once the node is back the stream
 * restarts (`onRestart`) without the app doing anything. A plain send while the node is
 * down fails only after ~13 s; an optimistic send is kept locally and goes out with
 * `publishMessages()` once the node is back, so nothing typed is lost.
 *
 * The stream must come back with one subscription and then carry messages. A node that ended
 * a stream whose backlog outgrew its buffer made the SDK re-subscribe from the same cursor, over
 * and over (the app's 15 s catch-up sync hid it); the second test sends such a backlog.
 */
import { DeliveryStatus, type Group } from '@xmtp/browser-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startXmtpNode,
  type XmtpNode,
  type XmtpNodeLimits,
} from '../../../scripts/xmtp-node/index.ts';
import { createUser, eventually, type TestUser, textOf } from './helpers.ts';

const SUBSCRIBE_GROUPS = 'xmtp.mls.api.v1.MlsApi/SubscribeGroupMessages';
const SUBSCRIBE_WELCOMES = 'xmtp.mls.api.v1.MlsApi/SubscribeWelcomeMessages';

let nodes: XmtpNode[] = [];
let users: TestUser[] = [];

/** Alice and Bob in a group on a fresh node; Bob streams everything he receives. */
async function streamingPair(retryDelay: number, limits: Partial<XmtpNodeLimits> = {}) {
  const node = await startXmtpNode({ port: 0, limits });
  nodes.push(node);
  const alice = await createUser(node.url);
  const bob = await createUser(node.url);
  users.push(alice, bob);
  const group = await alice.client.conversations.createGroup([bob.client.inboxId ?? '']);
  await bob.client.conversations.sync();
  const received: string[] = [];
  const events: string[] = [];
  const stream = await bob.client.conversations.streamAllMessages({
    // The defaults (10 s apart, 6 attempts) would also recover, after up to 10 s.
    retryDelay,
    retryAttempts: 30,
    onValue: (message) => {
      const text = textOf(message);
      if (text !== undefined) received.push(text);
    },
    onFail: () => events.push('fail'),
    onRestart: () => events.push('restart'),
  });
  return { node, bob, group, received, events, stream };
}

/** Stops `node` and starts it again on the same port with its data. */
async function restart(node: XmtpNode, whileDown: () => Promise<void>): Promise<XmtpNode> {
  const port = Number(new URL(node.url).port);
  await node.close();
  await whileDown();
  const again = await startXmtpNode({ port, store: node.store });
  nodes.push(again);
  return again;
}

/** Subscriptions the node served: group messages and welcomes. */
function subscriptions(node: XmtpNode): [number, number] {
  const { calls } = node.stats();
  return [calls[SUBSCRIBE_GROUPS] ?? 0, calls[SUBSCRIBE_WELCOMES] ?? 0];
}

describe('node restart mid-stream', () => {
  afterEach(async () => {
    for (const user of users) user.client.close();
    for (const node of nodes) await node.close();
    users = [];
    nodes = [];
  });

  it('the stream recovers by itself with one subscription and no message is lost', async () => {
    const { node, bob, group, received, events, stream } = await streamingPair(250);
    await group.sendText('before');
    await eventually(async () => (received.includes('before') ? true : undefined), '"before"');

    let duringId = '';
    const restarted = await restart(node, async () => {
      await eventually(async () => (events.includes('fail') ? true : undefined), 'onFail');
      // Typed while the node is down: kept locally, not yet delivered.
      duringId = await group.sendText('during', { optimistic: true });
      const pending = await group.messages();
      expect(pending.find((m) => m.id === duringId)?.deliveryStatus).toBe(
        DeliveryStatus.Unpublished,
      );
    });
    await eventually(async () => (events.includes('restart') ? true : undefined), 'onRestart');
    await group.publishMessages();
    await group.sendText('after');
    // `received` is filled by the stream only: nothing here syncs Bob's conversation.
    await eventually(
      async () => (received.includes('after') && received.includes('during') ? true : undefined),
      'the messages sent around the restart, through the stream',
    );
    await group.sendText('later');
    await eventually(async () => (received.includes('later') ? true : undefined), '"later"');
    await stream.end();

    expect(received).toEqual(['before', 'during', 'after', 'later']);
    expect(subscriptions(restarted)).toEqual([1, 1]);
    expect(events.filter((e) => e === 'restart')).toHaveLength(1);
    const sent = await group.messages();
    expect(sent.find((m) => m.id === duringId)?.deliveryStatus).toBe(DeliveryStatus.Published);
    const bobGroup = (await bob.client.conversations.getConversationById(
      group.id,
    )) as Group<unknown>;
    await bobGroup.sync();
    const listed = (await bobGroup.messages()).map(textOf).filter((t) => t !== undefined);
    expect(listed).toEqual(['before', 'during', 'after', 'later']);
  });

  it('a backlog bigger than the stream buffer arrives through one re-subscribed stream', async () => {
    // Bob retries 2 s apart, as the app does; Alice's outbox goes out as soon as the node is
    // back, so a backlog waits for Bob's stream: about 100 KB, where the node buffers 16 KiB.
    const { node, group, received, events, stream } = await streamingPair(2_000, {
      maxStreamBufferBytes: 16 * 1024,
    });
    const texts = Array.from({ length: 30 }, (_, i) => `typed offline ${i} ${'x'.repeat(3_000)}`);
    const restarted = await restart(node, async () => {
      await eventually(async () => (events.includes('fail') ? true : undefined), 'onFail');
      for (const text of texts) await group.sendText(text, { optimistic: true });
    });
    await group.publishMessages();
    expect(subscriptions(restarted)).toEqual([0, 0]);
    await eventually(async () => (events.includes('restart') ? true : undefined), 'onRestart');
    await group.sendText('after the backlog');
    await eventually(
      async () => (received.includes('after the backlog') ? true : undefined),
      'the backlog and the message after it, through the stream',
    );
    await stream.end();

    expect(received).toEqual([...texts, 'after the backlog']);
    expect(subscriptions(restarted)).toEqual([1, 1]);
    expect(events.filter((e) => e === 'restart')).toHaveLength(1);
  });
});
