import type { Address } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { Scope } from '../core/scope.ts';
import { ChatThread } from './chat-thread.ts';
import { MemoryOutboxStorage, Outbox } from './outbox.ts';
import { RoomChat, type RoomChatStatus } from './room-chat.ts';
import { FakeAttention, FakeChatNetwork, FakeClock, FakeDirectory } from './testing.ts';

const [a, b, c] = ['a1', 'b2', 'c3'].map((tail) => `0x${tail.padStart(40, '0')}` as Address) as [
  Address,
  Address,
  Address,
];
const settle = async () => {
  for (let i = 0; i < 8; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function world() {
  const network = new FakeChatNetwork();
  const directory = new FakeDirectory();
  const clock = new FakeClock();
  const online = new Set<Address>();
  const allowlist = new Set<Address>([a, b, c]);
  const state = { rpcDown: false };
  const join = (self: Address, view?: () => Address[]) => {
    const scope = new Scope();
    scopes.push(scope);
    online.add(self);
    const client = network.client(self);
    const thread = new ChatThread({
      key: 'room:lobby',
      title: 'lobby',
      self,
      outbox: new Outbox(new MemoryOutboxStorage(), () => crypto.randomUUID()),
      attention: new FakeAttention(),
      clock,
      scope,
    });
    const room = new RoomChat({
      client,
      directory,
      thread,
      roomName: 'lobby',
      online: view ?? (() => [...online]),
      allowed: async (addresses: readonly Address[]) => {
        if (state.rpcDown) throw new Error('rpc down');
        return new Set(addresses.filter((x) => allowlist.has(x)));
      },
      clock,
      scope,
      reconcileMs: 60_000,
      graceMs: 1_000,
      settleMs: 0,
    });
    const statuses: RoomChatStatus['kind'][] = [];
    room.events.on('status', (s) => statuses.push(s.kind), scope);
    void client.streamMessages((m) => room.handleMessage(m), scope);
    return { room, client, statuses, scope };
  };
  return { network, directory, clock, online, allowlist, state, join };
}

describe('RoomChat', () => {
  it('waits for start before acting on roster changes', async () => {
    const w = world();
    const alice = w.join(a);
    alice.room.handleRosterChanged();
    await settle();
    expect(alice.statuses).toEqual([]);
    expect(w.network.log).toEqual([]);
    await alice.room.start();
    expect(alice.room.status.kind).not.toBe('error');
    expect(w.network.log).toContain(`create:${a}`);
  });

  it('lets the lowest online member create and publish the group; the other is added', async () => {
    const w = world();
    const bob = w.join(b);
    const alice = w.join(a);
    await Promise.all([bob.room.start(), alice.room.start()]);
    await settle();
    expect(w.network.log.filter((l) => l.startsWith('create'))).toEqual([`create:${a}`]);
    expect(w.directory.groupId).toBe(alice.room.groupId);
    await bob.room.tick();
    expect(bob.room.status).toEqual({ kind: 'ready', joinedLate: true });
    expect(alice.room.status).toEqual({ kind: 'ready', joinedLate: false });

    alice.room.thread.send('hi room');
    await settle();
    expect(bob.room.thread.messages.map((m) => m.text)).toEqual(['hi room']);
  });

  it('has one member add a newcomer; a backup acts only after its grace period', async () => {
    const w = world();
    const alice = w.join(a);
    await alice.room.start();
    const bob = w.join(b);
    await bob.room.start();
    await alice.room.tick();
    await bob.room.tick();
    expect(w.network.log).toEqual([`create:${a}`, `add:${a}:${b}`]);

    // Carol arrives while Alice (the elected adder) is silent: Bob waits one grace, then adds.
    const carol = w.join(c);
    await carol.room.start();
    expect(carol.room.status.kind).toBe('waiting');
    await bob.room.tick();
    expect(w.network.log).not.toContain(`add:${b}:${c}`);
    w.clock.time += 1_000;
    await bob.room.tick();
    expect(w.network.log).toContain(`add:${b}:${c}`);
    await carol.room.tick();
    expect(carol.room.status).toEqual({ kind: 'ready', joinedLate: true });
  });

  it('removes a member taken off the allowlist, who then loses the room chat', async () => {
    const w = world();
    const alice = w.join(a);
    const bob = w.join(b);
    await alice.room.start();
    await bob.room.start();
    await alice.room.tick();
    await bob.room.tick();
    expect(bob.room.status.kind).toBe('ready');

    w.allowlist.delete(b);
    w.online.delete(b);
    await alice.room.tick();
    expect(w.network.log).toContain(`remove:${a}:${b}`);
    await bob.room.tick();
    expect(bob.room.status).toEqual({ kind: 'removed' });
    expect(bob.statuses.at(-1)).toBe('removed');
    alice.room.thread.send('after bob left');
    await settle();
    expect(bob.room.thread.messages.map((m) => m.text)).not.toContain('after bob left');
  });

  it('follows the published group when two members created one at once', async () => {
    const w = world();
    // Each sees only itself online (presence not yet converged): both create a group.
    const alice = w.join(a, () => [a]);
    const bob = w.join(b, () => [b]);
    await Promise.all([alice.room.start(), bob.room.start()]);
    await settle();
    expect(w.network.log.filter((l) => l.startsWith('create'))).toHaveLength(2);
    expect(alice.room.groupId).toBe(w.directory.groupId);
    expect(bob.room.groupId).toBe(w.directory.groupId);
  });

  it('removes nobody while the allowlist cannot be read', async () => {
    const w = world();
    const alice = w.join(a);
    await alice.room.start();
    w.join(b);
    await alice.room.tick();
    w.online.delete(b);
    w.allowlist.delete(b);
    w.state.rpcDown = true;
    await alice.room.tick();
    expect(w.network.log).not.toContain(`remove:${a}:${b}`);
    w.state.rpcDown = false;
    await alice.room.tick();
    expect(w.network.log).toContain(`remove:${a}:${b}`);
  });
});
