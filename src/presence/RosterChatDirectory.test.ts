import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../core/emitter.ts';
import { Scope } from '../core/scope.ts';
import { LocalStateParts } from './LocalStateParts.ts';
import { RosterChatDirectory } from './RosterChatDirectory.ts';
import type { Roster, RosterEvents, RosterMember } from './types.ts';

const SELF: Address = '0x5555555555555555555555555555555555555555';
const LOWER: Address = '0x1111111111111111111111111111111111111111';
const HIGHER: Address = '0x9999999999999999999999999999999999999999';
const G1 = 'a1'.repeat(16);
const G2 = 'b2'.repeat(16);

/** A hand-written roster: members are set by the test; local state is recorded. */
class FakeRoster implements Roster {
  readonly published: Record<string, string | number | boolean>[] = [];
  readonly #events = new Emitter<RosterEvents>();
  #members = new Map<string, RosterMember>();

  members(): readonly RosterMember[] {
    return [...this.#members.values()];
  }

  on<K extends keyof RosterEvents>(
    event: K,
    listener: (payload: RosterEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }

  setLocalState(state: Readonly<Record<string, string | number | boolean>>): void {
    this.published.push({ ...state });
  }

  show(address: Address, state: RosterMember['state']): void {
    const member = { address, sessionPub: 'p', sessionEpub: 'e', state, lastSeen: 0 };
    const known = this.#members.has(address);
    this.#members.set(address, member);
    this.#events.emit(known ? 'updated' : 'joined', member);
  }

  hide(address: Address): void {
    this.#members.delete(address);
    this.#events.emit('left', { address });
  }
}

function setup() {
  const roster = new FakeRoster();
  const parts = new LocalStateParts(roster);
  const directory = new RosterChatDirectory(roster, SELF, (id) =>
    parts.set('chat', { chatGroup: id }),
  );
  return { roster, parts, directory };
}

describe('RosterChatDirectory', () => {
  it('reads nothing in an empty room, and advertises what it publishes', async () => {
    const { roster, directory } = setup();
    await expect(directory.read()).resolves.toBeNull();
    await directory.publish(G1);
    expect(roster.published.at(-1)).toEqual({ chatGroup: G1 });
    await expect(directory.read()).resolves.toBe(G1);
  });

  it('follows the lowest advertiser, re-advertises it, and keeps it when that member leaves', async () => {
    const { roster, directory } = setup();
    const seen: (string | null)[] = [];
    directory.watch((id) => seen.push(id), new Scope());
    await directory.publish(G2);
    roster.show(HIGHER, { chatGroup: G2 });
    roster.show(LOWER, { chatGroup: G1 });
    expect(seen).toEqual([null, G2, G1]);
    expect(roster.published.at(-1)).toEqual({ chatGroup: G1 });
    roster.hide(LOWER);
    await expect(directory.read()).resolves.toBe(G1);
  });

  it('ignores values that are not group ids', async () => {
    const { roster, directory } = setup();
    roster.show(LOWER, { chatGroup: '<script>' });
    roster.show(HIGHER, { chatGroup: 42 });
    await expect(directory.read()).resolves.toBeNull();
  });
});

describe('LocalStateParts', () => {
  it('publishes the union of the parts, each replacing only its own keys', () => {
    const { roster, parts } = setup();
    const mesh = parts.rosterFor('mesh');
    mesh.setLocalState({ muted: true });
    parts.set('chat', { chatGroup: G1 });
    mesh.setLocalState({ muted: false, hand: true });
    expect(roster.published.at(-1)).toEqual({ muted: false, hand: true, chatGroup: G1 });
  });
});
