import { type Address, getAddress } from 'viem';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../core/errors.ts';
import { Scope } from '../core/scope.ts';
import type { Role } from '../mesh/types.ts';
import type { ModerationChannel, ModeratorCheck } from '../signaling/GunModerationChannel.ts';
import type { ModerationCommand, ModerationOrder } from '../signaling/moderation.ts';
import { type ModeratedMeeting, StageModeration } from './StageModeration.ts';

const ME = getAddress('0x00000000000000000000000000000000000A11CE');
const PEER = getAddress('0x0000000000000000000000000000000000000B0B');
const MOD = getAddress('0x000000000000000000000000000000000000D00D');

/** A fake of our ModerationChannel: orders are delivered by hand, sends are recorded. */
class FakeChannel implements ModerationChannel {
  readonly sent: ModerationCommand[] = [];
  #listener: ((order: ModerationOrder) => void) | undefined;
  async send(command: ModerationCommand): Promise<void> {
    this.sent.push(command);
  }
  onOrder(listener: (order: ModerationOrder) => void): void {
    this.#listener = listener;
  }
  deliver(order: ModerationOrder): void {
    this.#listener?.(order);
  }
}

/** A fake of the meeting surface moderation reaches. */
class FakeMeeting implements ModeratedMeeting {
  readonly self = ME;
  readonly calls: string[] = [];
  ended: AppError | undefined;
  async setRole(role: Role): Promise<void> {
    this.calls.push(`role:${role}`);
  }
  setMuted(muted: boolean): void {
    this.calls.push(`muted:${muted}`);
  }
  drop(address: Address): void {
    this.calls.push(`drop:${address}`);
  }
  end(reason: AppError): void {
    this.calls.push('end');
    this.ended = reason;
  }
}

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function setup(moderators: ModeratorCheck = { isModerator: async () => false }) {
  const scope = new Scope();
  scopes.push(scope);
  const channel = new FakeChannel();
  const meeting = new FakeMeeting();
  const moderation = new StageModeration({ meeting, channel, moderators, stage: true, scope });
  const removed: Address[] = [];
  moderation.on('removed', ({ by }) => removed.push(by), scope);
  return { channel, meeting, moderation, removed };
}

describe('StageModeration', () => {
  test('the target of invite, move and mute acts on its own meeting', async () => {
    const { channel, meeting } = setup();
    channel.deliver({ action: 'invite', target: ME, from: MOD });
    channel.deliver({ action: 'mute', target: ME, from: MOD });
    channel.deliver({ action: 'move-to-listener', target: ME, from: MOD });
    await Promise.resolve();
    expect(meeting.calls).toEqual(['role:speaker', 'muted:true', 'role:listener']);
  });

  test('actions on someone else leave this meeting alone, except remove', () => {
    const { channel, meeting } = setup();
    for (const action of ['invite', 'move-to-listener', 'mute'] as const) {
      channel.deliver({ action, target: PEER, from: MOD });
    }
    expect(meeting.calls).toEqual([]);
    channel.deliver({ action: 'remove', target: PEER, from: MOD });
    expect(meeting.calls).toEqual([`drop:${PEER}`]);
  });

  test('a removed member leaves once, with a reason, and hears why', () => {
    const { channel, meeting, moderation, removed } = setup();
    channel.deliver({ action: 'remove', target: ME, from: MOD });
    channel.deliver({ action: 'remove', target: ME, from: MOD });
    expect(meeting.calls).toEqual(['end']);
    expect(meeting.ended?.code).toBe('NOT_AUTHORIZED');
    expect(moderation.removed).toBe(true);
    expect(removed).toEqual([MOD]);
  });

  test('sends commands through the channel', async () => {
    const { channel, moderation } = setup();
    await moderation.send('invite', PEER);
    expect(channel.sent).toEqual([{ action: 'invite', target: PEER }]);
  });

  test('asks the contract whether this member moderates; failure means no', async () => {
    const yes = setup({ isModerator: async (address) => address === ME });
    expect(await yes.moderation.isModerator()).toBe(true);
    const broken = setup({ isModerator: () => Promise.reject(new Error('rpc down')) });
    expect(await broken.moderation.isModerator()).toBe(false);
  });
});
