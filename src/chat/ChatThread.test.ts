import type { Address } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { ChatThread } from './ChatThread.ts';
import { MemoryOutboxStorage, Outbox } from './Outbox.ts';
import { FakeAttention, FakeChatNetwork, FakeClock } from './testing.ts';

const alice = '0x00000000000000000000000000000000000000a1' as Address;
const bob = '0x00000000000000000000000000000000000000b0' as Address;
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

async function pair(options: { storage?: MemoryOutboxStorage } = {}) {
  const network = new FakeChatNetwork();
  const attention = new FakeAttention();
  const make = async (self: Address, peer: Address, storage = new MemoryOutboxStorage()) => {
    const scope = new Scope();
    scopes.push(scope);
    let n = 0;
    const outbox = new Outbox(storage, () => `${self}-local-${++n}`);
    const thread = new ChatThread({
      key: `dm:${peer}`,
      title: peer,
      self,
      outbox,
      attention,
      clock: new FakeClock(),
      scope,
      sendTimeoutMs: 50,
    });
    const client = network.client(self);
    await client.streamMessages((m) => thread.handleMessage(m), scope);
    return { thread, client, outbox };
  };
  const a = await make(alice, bob, options.storage);
  const b = await make(bob, alice);
  await a.thread.attach(await a.client.dm(bob), a.client.inboxId);
  await b.thread.attach(await b.client.dm(alice), b.client.inboxId);
  return { network, attention, a, b };
}

describe('ChatThread', () => {
  it('shows a message sending, then sent on both sides', async () => {
    const { a, b } = await pair();
    const states: string[] = [];
    a.thread.events.on('messages', (lines) => states.push(lines.map((l) => l.state).join()));
    a.thread.send('  hello bob ');
    expect(states[0]).toBe('sending');
    await settle();
    expect(a.thread.messages.map((l) => [l.text, l.state, l.mine])).toEqual([
      ['hello bob', 'sent', true],
    ]);
    expect(b.thread.messages.map((l) => [l.text, l.mine])).toEqual([['hello bob', false]]);
    expect(a.outbox.entries(`dm:${bob}`)).toEqual([]);
  });

  it('keeps the lines already shown as they were when a message arrives', async () => {
    const { a, b } = await pair();
    a.thread.send('first');
    await settle();
    const [shown] = b.thread.messages;
    a.thread.send('second');
    await settle();
    expect(b.thread.messages.map((l) => l.text)).toEqual(['first', 'second']);
    expect(b.thread.messages[0]).toBe(shown);
  });

  it('keeps a message typed offline, marks it failed, and sends it once back online', async () => {
    const { network, a, b } = await pair();
    const failures: string[] = [];
    a.thread.events.on('failed', (error) => failures.push(error.code));
    network.offline = true;
    a.thread.send('are you there?');
    a.thread.send('second');
    await settle();
    expect(a.thread.messages.map((l) => l.state)).toEqual(['failed', 'sending']);
    expect(failures).toEqual(['CHAT_SEND_FAILED']);
    expect(b.thread.messages).toEqual([]);

    network.offline = false;
    a.thread.retryFailed();
    await settle();
    expect(b.thread.messages.map((l) => l.text)).toEqual(['are you there?', 'second']);
    expect(a.thread.messages.map((l) => l.state)).toEqual(['sent', 'sent']);
  });

  it('sends what an earlier visit left in the outbox, once', async () => {
    const storage = new MemoryOutboxStorage([
      {
        id: 'left-over',
        thread: `dm:${bob}`,
        content: { kind: 'text', text: 'typed before the reload' },
        createdAt: 1,
        state: 'failed',
        attempts: 1,
      },
    ]);
    const { b } = await pair({ storage });
    await settle();
    expect(b.thread.messages.map((l) => l.text)).toEqual(['typed before the reload']);
  });

  it('counts unread messages while away and notifies only when the tab is hidden', async () => {
    const { attention, a, b } = await pair();
    const unread: number[] = [];
    b.thread.events.on('unread', (count) => unread.push(count));
    a.thread.send('one');
    await settle();
    attention.isHidden = true;
    b.thread.setActive(true);
    a.thread.send('two');
    await settle();
    expect(unread).toEqual([1, 2]);
    expect(attention.notices).toEqual([{ title: alice, body: 'two' }]);
    attention.isHidden = false;
    b.thread.setActive(true);
    expect(b.thread.unread).toBe(0);
    a.thread.send('three');
    await settle();
    expect(b.thread.unread).toBe(0);
  });

  it('tells of messages from others as they come in, not of history or of its own', async () => {
    const { network, a } = await pair();
    a.thread.send('before bob opens the chat');
    await settle();
    const later = network.client(bob);
    const scope = new Scope();
    scopes.push(scope);
    const thread = new ChatThread({
      key: `dm:${alice}`,
      title: alice,
      self: bob,
      outbox: new Outbox(new MemoryOutboxStorage(), () => 'bob-local'),
      attention: new FakeAttention(),
      clock: new FakeClock(),
      scope,
    });
    await later.streamMessages((m) => thread.handleMessage(m), scope);
    const arrived: string[] = [];
    thread.events.on('arrived', (id) => arrived.push(id));
    await thread.attach(await later.dm(alice), later.inboxId);
    thread.send('from bob himself');
    a.thread.send('new from alice');
    await settle();
    const text = (id: string) => thread.messages.find((line) => line.id === id)?.text;
    expect(arrived.map(text)).toEqual(['new from alice']);
  });

  it('folds reactions onto messages and resolves replies', async () => {
    const { a, b } = await pair();
    a.thread.send('lunch?');
    await settle();
    const [question] = b.thread.messages;
    if (!question) throw new Error('no message');
    b.thread.react(question, '👍');
    b.thread.send('yes', question);
    await settle();
    const [first, reply] = a.thread.messages;
    expect(first?.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    expect(reply?.replyTo).toMatchObject({ id: question.id, text: 'lunch?', sender: alice });
    // Reacting again with the same emoji takes it back.
    const mine = b.thread.messages[0];
    if (!mine) throw new Error('no message');
    b.thread.react(mine, '👍');
    await settle();
    expect(a.thread.messages[0]?.reactions).toEqual([]);
  });
});
