import type { Address } from 'viem';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import { ChatThread } from './ChatThread.ts';
import { MemoryOutboxStorage, Outbox } from './Outbox.ts';
import type { Verdict } from './planRoomGroup.ts';
import { RoomChat, type RoomChatStatus } from './RoomChat.ts';
import { FakeAttention, FakeChatNetwork, FakeClock, FakeDirectory } from './testing.ts';

const [a, b, c, d] = ['a1', 'b2', 'c3', 'd4'].map(
  (tail) => `0x${tail.padStart(40, '0')}` as Address,
) as [Address, Address, Address, Address];
const settle = async () => {
  for (let i = 0; i < 8; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

/** A room whose chain says: `allowlist` may enter, `admins` own or run the community. */
function world(options: { realTime?: boolean } = {}) {
  const network = new FakeChatNetwork();
  const directory = new FakeDirectory();
  const clock = new FakeClock();
  const time: Clock = options.realTime ? systemClock : clock;
  const online = new Set<Address>();
  const allowlist = new Set<Address>([a, b, c, d]);
  const admins = new Set<Address>([a]);
  const chain = { down: false };
  const verdicts = (set: Set<Address>) => async (addresses: readonly Address[]) =>
    new Map<Address, Verdict>(
      addresses.map((x) => [x, chain.down ? 'unknown' : set.has(x) ? 'yes' : 'no']),
    );
  const join = (self: Address, view?: () => Address[], settleMs = 0, watchedSince?: number) => {
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
      clock: time,
      scope,
    });
    const room = new RoomChat({
      client,
      directory,
      thread,
      roomName: 'lobby',
      online: view ?? (() => [...online]),
      access: verdicts(allowlist),
      moderators: verdicts(admins),
      clock: time,
      scope,
      reconcileMs: 60_000,
      graceMs: 1_000,
      settleMs,
      ...(watchedSince === undefined ? {} : { recordWatchedSince: watchedSince }),
    });
    const statuses: RoomChatStatus[] = [];
    room.events.on('status', (s) => statuses.push(s), scope);
    void client.streamMessages((m) => room.handleMessage(m), scope);
    return { room, client, statuses, scope };
  };
  const texts = (room: RoomChat) => room.thread.messages.map((m) => m.text);
  return { network, directory, clock, online, allowlist, admins, chain, join, texts };
}

describe('RoomChat', () => {
  it('opens the room chat as soon as the wait for a published record is over', async () => {
    // Real time; checks come only every 60 s here, so only that moment can make the group.
    const w = world({ realTime: true });
    const alice = w.join(a, undefined, 50);
    await alice.room.start();
    expect(w.directory.record).toBeNull();
    await vi.waitFor(() => expect(alice.room.status.kind).toBe('ready'), { timeout: 5_000 });
    expect(w.directory.record).not.toBeNull();
  });

  it('counts the wait for a record from when the room began listening for it', async () => {
    const w = world();
    // The room listened for 2 s while the chat client started: no record came, so the owner
    // creates the group in its first round.
    const alice = w.join(a, undefined, 1_500, w.clock.time - 2_000);
    await alice.room.start();
    expect(w.directory.record).not.toBeNull();
    expect(alice.room.status.kind).toBe('ready');
  });

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

  it('has a plain member wait for an admin, who creates the group, publishes it and adds them', async () => {
    const w = world();
    const bob = w.join(b);
    await bob.room.start();
    expect(bob.room.status).toEqual({ kind: 'waiting', for: 'no-admin' });
    expect(w.network.log).toEqual([]);

    const alice = w.join(a);
    await alice.room.start();
    expect(w.directory.groupId).toBe(alice.room.groupId);
    expect(w.network.log).toEqual([`create:${a}`]);
    await bob.room.tick();
    expect(bob.room.groupId).toBe(alice.room.groupId);
    expect(bob.room.status).toEqual({ kind: 'ready', joinedLate: true });
    alice.room.thread.send('hi room');
    await settle();
    expect(w.texts(bob.room)).toEqual(['hi room']);
  });

  it('leaves membership to admins: a plain member with a newcomer online does nothing', async () => {
    const w = world();
    const alice = w.join(a);
    await alice.room.start();
    const bob = w.join(b);
    await alice.room.tick();
    await bob.room.start();
    // Alice goes quiet; Carol arrives. Bob, a plain member, never acts, however long it waits.
    w.online.delete(a);
    const carol = w.join(c);
    await carol.room.start();
    w.clock.time += 60_000;
    await bob.room.tick();
    expect(w.network.log.filter((l) => l.includes(`:${b}:`) && !l.endsWith(b))).toEqual([]);
    expect(carol.room.status).toEqual({ kind: 'waiting', for: 'adding' });
    w.online.add(a);
    await alice.room.tick();
    await carol.room.tick();
    expect(carol.room.status).toEqual({ kind: 'ready', joinedLate: true });
  });

  it('makes a fellow community admin a group admin, who then adds newcomers as a backup', async () => {
    const w = world();
    w.admins.add(b);
    const alice = w.join(a);
    await alice.room.start();
    const bob = w.join(b);
    await alice.room.tick();
    await alice.room.tick();
    expect(w.network.log).toEqual([`create:${a}`, `add:${a}:${b}`, `admin:${a}:${b}`]);
    await bob.room.start();

    // Carol arrives while Alice (the super admin) is silent: Bob waits one grace, then adds.
    const carol = w.join(c);
    await carol.room.start();
    await bob.room.tick();
    expect(w.network.log).not.toContain(`add:${b}:${c}`);
    w.clock.time += 1_000;
    await bob.room.tick();
    expect(w.network.log).toContain(`add:${b}:${c}`);
  });

  it('removes a member taken off the allowlist, who then loses the room chat', async () => {
    const w = world();
    const alice = w.join(a);
    const bob = w.join(b);
    await alice.room.start();
    await bob.room.start();
    expect(bob.room.status.kind).toBe('ready');

    w.allowlist.delete(b);
    w.online.delete(b);
    await alice.room.tick();
    expect(w.network.log).toContain(`remove:${a}:${b}`);
    await bob.room.tick();
    expect(bob.room.status).toEqual({ kind: 'removed' });
    alice.room.thread.send('after bob left');
    await settle();
    expect(w.texts(bob.room)).not.toContain('after bob left');
  });

  it('removes nobody and replaces nothing while the chain does not answer', async () => {
    const w = world();
    const alice = w.join(a);
    w.join(b);
    await alice.room.start();
    w.online.delete(b);
    w.allowlist.delete(b);
    w.admins.delete(a);
    w.chain.down = true;
    w.clock.time += 60_000;
    await alice.room.tick();
    expect(w.network.log).toEqual([`create:${a}`]);
    expect(alice.room.status.kind).toBe('ready');
    w.chain.down = false;
    w.admins.add(a);
    await alice.room.tick();
    expect(w.network.log).toContain(`remove:${a}:${b}`);
  });

  it('replaces a group whose creator lost the admin role; everyone moves, the creator as a member', async () => {
    const w = world();
    w.admins.add(b);
    const alice = w.join(a);
    const bob = w.join(b);
    const carol = w.join(c);
    await alice.room.start();
    await Promise.all([bob.room.start(), carol.room.start()]);
    const first = w.directory.record;

    w.admins.delete(a);
    await carol.room.tick();
    expect(carol.room.status).toEqual({ kind: 'waiting', for: 'moving' });
    await bob.room.tick();
    expect(w.network.log).toContain(`create:${b}`);
    const second = w.directory.record;
    expect(second?.groupId).not.toBe(first?.groupId);
    expect(second?.version).toBeGreaterThan(first?.version ?? 0);
    await Promise.all([alice.room.tick(), carol.room.tick()]);
    for (const member of [alice, bob, carol]) {
      expect(member.room.groupId).toBe(second?.groupId);
      expect(member.room.status.kind).toBe('ready');
    }
    carol.room.thread.send('in the new group');
    await settle();
    expect(w.texts(alice.room)).toContain('in the new group');
  });

  it('replaces a group whose creator left the allowlist; the creator reads nothing new', async () => {
    const w = world();
    w.admins.add(b);
    const alice = w.join(a);
    const bob = w.join(b);
    await alice.room.start();
    await bob.room.start();
    w.allowlist.delete(a);
    w.online.delete(a);
    await bob.room.tick();
    expect(w.network.log).toContain(`create:${b}`);
    await alice.room.tick();
    expect(alice.room.status).toEqual({ kind: 'waiting', for: 'adding' });
    bob.room.thread.send('after alice left');
    await settle();
    expect(w.texts(alice.room)).not.toContain('after alice left');
  });

  it('follows the newest record when two admins created a group at once', async () => {
    const w = world();
    w.admins.add(b);
    // Each sees only itself online (presence not yet converged): both create a group.
    const alice = w.join(a, () => [a]);
    const bob = w.join(b, () => [b]);
    await Promise.all([alice.room.start(), bob.room.start()]);
    await settle();
    expect(w.network.log.filter((l) => l.startsWith('create'))).toHaveLength(2);
    expect(alice.room.groupId).toBe(w.directory.groupId);
    expect(bob.room.groupId).toBe(w.directory.groupId);
  });

  it('has an admin sign the record again when its signature is close to lapsing', async () => {
    const w = world();
    const alice = w.join(a);
    await alice.room.start();
    expect(w.directory.published).toHaveLength(1);
    const bob = w.join(b);
    w.directory.expiry = w.clock.now() + 60_000;
    await bob.room.start();
    await alice.room.tick();
    expect(w.directory.published).toHaveLength(1);
    // A new visit (a reload) by the admin signs it again; a plain member never does.
    alice.scope.end();
    const again = w.join(a);
    await again.room.start();
    await bob.room.tick();
    expect(w.directory.published).toHaveLength(2);
    expect(w.directory.published[1]).toEqual(w.directory.published[0]);
  });
});
