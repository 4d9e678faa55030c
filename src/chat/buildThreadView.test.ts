import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildThreadView } from './buildThreadView.ts';
import type { OutboxEntry } from './Outbox.ts';
import type { ChatMessage } from './types.ts';

const alice = '0x00000000000000000000000000000000000000a1' as Address;
const bob = '0x00000000000000000000000000000000000000b0' as Address;

function fromBob(id: string, text: string, sentAt: number): ChatMessage {
  return {
    id,
    conversationId: 'c',
    sender: bob,
    senderInboxId: 'inbox-bob',
    sentAt,
    content: { kind: 'text', text },
  };
}

function typed(id: string, text: string, createdAt: number): OutboxEntry {
  return {
    id,
    thread: 'room:lobby',
    content: { kind: 'text', text },
    createdAt,
    state: 'sending',
    attempts: 1,
  };
}

describe('buildThreadView', () => {
  it("keeps one's own message where it was typed while it is still sending", () => {
    const lines = buildThreadView(
      [fromBob('m1', 'hello?', 1_000), fromBob('m2', 'quick answer', 2_500)],
      [typed('local-1', 'hi bob', 2_000), typed('local-2', 'and another', 3_000)],
      alice,
      'inbox-alice',
    );
    expect(lines.map((line) => [line.text, line.state])).toEqual([
      ['hello?', 'sent'],
      ['hi bob', 'sending'],
      ['quick answer', 'sent'],
      ['and another', 'sending'],
    ]);
  });
});
