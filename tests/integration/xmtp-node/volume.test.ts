/** 1,000 messages from one member to another through the node: in order, none lost. */
import type { Group } from '@xmtp/browser-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startXmtpNode, type XmtpNode } from '../../../scripts/xmtp-node/index.ts';
import { collectTexts, createUser, type TestUser, textOf } from './helpers.ts';

const COUNT = 1_000;
let node: XmtpNode | undefined;
const users: TestUser[] = [];

describe('volume', () => {
  afterAll(async () => {
    for (const user of users) user.client.close();
    await node?.close();
  });

  it(`delivers ${COUNT} messages in order with none lost, streamed and listed`, async () => {
    node = await startXmtpNode({ port: 0 });
    const alice = await createUser(node.url);
    const bob = await createUser(node.url);
    users.push(alice, bob);
    const group = await alice.client.conversations.createGroup([bob.client.inboxId ?? '']);
    await bob.client.conversations.sync();
    const bobGroup = (await bob.client.conversations.getConversationById(
      group.id,
    )) as Group<unknown>;
    const stream = await bobGroup.stream();
    const expected = Array.from({ length: COUNT }, (_, i) => `message ${i}`);

    const streamed = collectTexts(stream, (texts) => texts.length >= COUNT, 150_000);
    for (const text of expected) await group.sendText(text);
    const live = await streamed;
    await stream.end();
    expect(live).toEqual(expected);

    await bobGroup.sync();
    const listed = (await bobGroup.messages()).map(textOf).filter((t) => t !== undefined);
    expect(listed).toEqual(expected);
  }, 180_000);
});
