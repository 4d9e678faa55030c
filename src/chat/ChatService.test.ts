import type { Address } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { ChatService, type ChatStatus } from './ChatService.ts';
import { MemoryOutboxStorage, Outbox } from './Outbox.ts';
import {
  FakeAttention,
  FakeChatClientFactory,
  FakeChatNetwork,
  FakeClock,
  FakeLock,
} from './testing.ts';

const alice = '0x00000000000000000000000000000000000000a1' as Address;
const bob = '0x00000000000000000000000000000000000000b0' as Address;
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

/** One tab's chat; `browser` shares the factory (its database) and memory with an earlier one. */
function service(
  network: FakeChatNetwork,
  address: Address,
  lock = new FakeLock(),
  browser = { factory: new FakeChatClientFactory(network), memory: new Map<string, string>() },
) {
  const scope = new Scope();
  scopes.push(scope);
  const { factory, memory } = browser;
  let loads = 0;
  const chat = new ChatService({
    address,
    sign: async () => '0x',
    loadFactory: async () => {
      loads += 1;
      return factory;
    },
    lock,
    outbox: new Outbox(new MemoryOutboxStorage(), () => crypto.randomUUID()),
    attention: new FakeAttention(),
    memory: {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
    },
    connectivity: new EventTarget(),
    resolveProfile: async (address) => ({ label: address, avatarUrl: null }),
    clock: new FakeClock(),
    scope,
  });
  const statuses: ChatStatus['kind'][] = [];
  chat.events.on('status', (s) => statuses.push(s.kind), scope);
  return { chat, factory, statuses, loads: () => loads, scope, browser };
}

describe('ChatService', () => {
  it('loads the chat code only when started, and remembers the start for next time', async () => {
    const network = new FakeChatNetwork();
    const { chat, loads, statuses } = service(network, alice);
    chat.autoStart();
    expect(loads()).toBe(0);
    expect(chat.startedBefore).toBe(false);
    await chat.start();
    expect(loads()).toBe(1);
    expect(statuses).toEqual(['starting', 'ready']);
    expect(chat.startedBefore).toBe(true);
  });

  it('opens the installation this browser made before without asking for a signature', async () => {
    const network = new FakeChatNetwork();
    const first = service(network, alice);
    await first.chat.start();
    expect(first.factory.created).toBe(1);
    first.scope.end();
    // A reload, or another tab once this one let go: the same browser, the same database.
    const again = service(network, alice, new FakeLock(), first.browser);
    again.chat.autoStart();
    await settle();
    expect(again.chat.status.kind).toBe('ready');
    expect(again.factory.created).toBe(1);
  });

  it('loads the chat code ahead of the start when asked, once', async () => {
    const { chat, loads } = service(new FakeChatNetwork(), alice);
    chat.prepare();
    await settle();
    expect(loads()).toBe(1);
    await chat.start();
    expect(loads()).toBe(1);
  });

  it('tells a second tab why it has no chat, and takes over when the first closes', async () => {
    const lock = new FakeLock();
    lock.heldElsewhere = true;
    const { chat, statuses } = service(new FakeChatNetwork(), alice, lock);
    const started = chat.start();
    await settle();
    expect(chat.status.kind).toBe('locked');
    lock.release();
    await started;
    expect(statuses).toEqual(['starting', 'locked', 'starting', 'ready']);
  });

  it('lists installations at the limit and starts after one is revoked', async () => {
    const { chat, factory } = service(new FakeChatNetwork(), alice);
    factory.failWith = new Error(
      'Cannot register a new installation because the InboxID x has already registered 10/10 installations',
    );
    await chat.start();
    expect(chat.status).toMatchObject({ kind: 'installation-limit' });
    const [oldest] = chat.status.kind === 'installation-limit' ? chat.status.installations : [];
    await chat.revokeInstallations([oldest?.id ?? '']);
    expect(factory.revoked).toEqual(['old']);
    expect(chat.status.kind).toBe('ready');
  });

  it('opens DMs both ways: a new DM from someone shows up with its unread count', async () => {
    const network = new FakeChatNetwork();
    const a = service(network, alice);
    const b = service(network, bob);
    await a.chat.start();
    await b.chat.start();
    const toBob = a.chat.dm(bob);
    await settle();
    toBob.send('psst');
    await settle();
    expect(b.chat.dms).toEqual([{ peer: alice, unread: 1 }]);
    const fromAlice = b.chat.dm(alice);
    expect(fromAlice.messages.map((m) => m.text)).toEqual(['psst']);
    fromAlice.setActive(true);
    expect(b.chat.dms).toEqual([{ peer: alice, unread: 0 }]);
  });

  it('keeps a DM typed before chat started and sends it once ready', async () => {
    const network = new FakeChatNetwork();
    const b = service(network, bob);
    await b.chat.start();
    const a = service(network, alice);
    a.chat.dm(bob).send('typed early');
    await a.chat.start();
    await settle();
    expect(b.chat.dm(alice).messages.map((m) => m.text)).toEqual(['typed early']);
  });
});
