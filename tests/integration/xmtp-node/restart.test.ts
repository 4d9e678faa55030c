/**
 * The node restarts (same port, same data) while a member is streaming. Observed with the
 * pinned SDK: the open streams end with UNAVAILABLE, the SDK's stream wrapper reports
 * `onFail` and retries every `retryDelay` (each attempt first syncs, which fails after ~2 s of
 * libxmtp's own retries while the node is down), and once the node is back the stream
 * restarts (`onRestart`) without the app doing anything. A plain send while the node is
 * down fails only after ~13 s; an optimistic send is kept locally and goes out with
 * `publishMessages()` once the node is back, so nothing typed is lost.
 */
import { DeliveryStatus, type Group } from '@xmtp/browser-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../../scripts/xmtp-node/index.ts';
import { createUser, eventually, type TestUser, textOf } from './helpers.ts';

let node: XmtpNode | undefined;
const users: TestUser[] = [];

describe('node restart mid-stream', () => {
  afterAll(async () => {
    for (const user of users) user.client.close();
    await node?.close();
  });

  it('the stream recovers by itself and no message is lost', async () => {
    const first = await startXmtpNode({ port: 0 });
    node = first;
    const port = Number(new URL(first.url).port);
    const alice = await createUser(first.url);
    const bob = await createUser(first.url);
    users.push(alice, bob);
    const group = await alice.client.conversations.createGroup([bob.client.inboxId ?? '']);
    await bob.client.conversations.sync();

    const received: string[] = [];
    const events: string[] = [];
    const stream = await bob.client.conversations.streamAllMessages({
      // The defaults (10 s apart, 6 attempts) would also recover, after up to 10 s.
      retryDelay: 250,
      retryAttempts: 30,
      onValue: (message) => {
        const text = textOf(message);
        if (text !== undefined) received.push(text);
      },
      onFail: () => events.push('fail'),
      onRestart: () => events.push('restart'),
    });

    await group.sendText('before');
    await eventually(async () => (received.includes('before') ? true : undefined), '"before"');

    await first.close();
    await eventually(async () => (events.includes('fail') ? true : undefined), 'onFail');
    // Typed while the node is down: kept locally, not yet delivered.
    const duringId = await group.sendText('during', { optimistic: true });
    const pending = await group.messages();
    expect(pending.find((m) => m.id === duringId)?.deliveryStatus).toBe(DeliveryStatus.Unpublished);

    node = await startXmtpNode({ port, store: first.store });
    await eventually(async () => (events.includes('restart') ? true : undefined), 'onRestart');
    await group.publishMessages();
    await group.sendText('after');
    await eventually(
      async () => (received.includes('after') && received.includes('during') ? true : undefined),
      'the messages sent around the restart',
    );
    await stream.end();

    expect(received).toEqual(['before', 'during', 'after']);
    const sent = await group.messages();
    expect(sent.find((m) => m.id === duringId)?.deliveryStatus).toBe(DeliveryStatus.Published);
    const bobGroup = (await bob.client.conversations.getConversationById(
      group.id,
    )) as Group<unknown>;
    await bobGroup.sync();
    const listed = (await bobGroup.messages()).map(textOf).filter((t) => t !== undefined);
    expect(listed).toEqual(['before', 'during', 'after']);
  });
});
