import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { Scope } from '../core/scope.ts';
import { FakeRoster } from '../mesh/testing.ts';
import { LocalStateParts } from './LocalStateParts.ts';
import { RosterChatDirectory } from './RosterChatDirectory.ts';

const SELF: Address = '0x5555555555555555555555555555555555555555';
const LOWER: Address = '0x1111111111111111111111111111111111111111';
const HIGHER: Address = '0x9999999999999999999999999999999999999999';
const G1 = 'a1'.repeat(16);
const G2 = 'b2'.repeat(16);

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
    roster.join(HIGHER, { chatGroup: G2 });
    roster.join(LOWER, { chatGroup: G1 });
    expect(seen).toEqual([null, G2, G1]);
    expect(roster.published.at(-1)).toEqual({ chatGroup: G1 });
    roster.leave(LOWER);
    await expect(directory.read()).resolves.toBe(G1);
  });

  it('ignores values that are not group ids', async () => {
    const { roster, directory } = setup();
    roster.join(LOWER, { chatGroup: '<script>' });
    roster.join(HIGHER, { chatGroup: 42 });
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
