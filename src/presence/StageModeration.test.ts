import { type Address, getAddress } from 'viem';
import { afterEach, describe, expect, test } from 'vitest';
import { Emitter } from '../core/Emitter.ts';
import type { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import type { Role } from '../mesh/types.ts';
import type {
  ModerationChannel,
  ModeratorCheck,
  MuteOrder,
} from '../signaling/GunModerationChannel.ts';
import {
  type DecisionMap,
  mergeDecisions,
  type StageDecision,
  type StageView,
} from '../signaling/moderation.ts';
import { StageDecisionStore } from './StageDecisionStore.ts';
import {
  type ModeratedMeeting,
  type SpeakerInvitation,
  StageModeration,
} from './StageModeration.ts';
import { StagePolicy } from './StagePolicy.ts';

const ME = getAddress('0x00000000000000000000000000000000000A11CE');
const PEER = getAddress('0x0000000000000000000000000000000000000B0B');
const MOD = getAddress('0x000000000000000000000000000000000000D00D');

/** A fake of our ModerationChannel: views are delivered by hand, publishes are recorded. */
class FakeChannel implements ModerationChannel {
  readonly published: StageView[] = [];
  #decisions: DecisionMap = new Map();
  readonly #events = new Emitter<{ change: undefined; mute: MuteOrder }>();
  async publish(view: StageView): Promise<void> {
    this.published.push(view);
  }
  decisions(): DecisionMap {
    return this.#decisions;
  }
  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }
  onMute(listener: (mute: MuteOrder) => void, scope: Scope): void {
    this.#events.on('mute', listener, scope);
  }
  /** The effective decisions become `decisions`. */
  deliver(...decisions: StageDecision[]): void {
    this.#decisions = mergeDecisions(decisions);
    this.#events.emit('change', undefined);
  }
  mute(target: Address): void {
    this.#events.emit('mute', { target, at: 0, from: MOD });
  }
  author(target: Address): Address | undefined {
    return this.#decisions.has(target.toLowerCase()) ? MOD : undefined;
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
  end(reason: AppError): void {
    this.calls.push('end');
    this.ended = reason;
  }
  offerToSpeak(invitation: SpeakerInvitation): void {
    this.calls.push(`offer:${invitation.at}:${invitation.by}`);
  }
}

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(
  options: {
    moderators?: readonly Address[];
    storage?: Map<string, string>;
    now?: number;
    beforePublish?: (action: string, target: Address) => Promise<void>;
  } = {},
) {
  const scope = new Scope();
  scopes.push(scope);
  const clock = { now: () => options.now ?? 1_000 };
  const list = options.moderators ?? [MOD];
  const moderators: ModeratorCheck = {
    isModerator: async (address) => list.some((m) => m === address),
  };
  const channel = new FakeChannel();
  const meeting = new FakeMeeting();
  const policy = new StagePolicy({ channel, moderators, stage: true, scope });
  const storage = options.storage ?? new Map<string, string>();
  const store = new StageDecisionStore({
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
    key: 'decisions',
    clock,
  });
  const moderation = new StageModeration({
    meeting,
    channel,
    policy,
    moderators,
    store,
    stage: true,
    clock,
    scope,
    refreshMs: 10,
    ...(options.beforePublish ? { beforePublish: options.beforePublish } : {}),
  });
  const removed: number[] = [];
  moderation.on('removed', ({ at }) => removed.push(at), scope);
  return { channel, meeting, moderation, removed, storage };
}

describe('StageModeration as a member', () => {
  test('a new invite asks it once, naming the moderator; a new listener decision moves it back', async () => {
    const { channel, meeting } = setup();
    channel.deliver({ target: ME, role: 'speaker', at: 2_000 });
    channel.deliver({ target: ME, role: 'speaker', at: 2_000 });
    channel.deliver({ target: ME, role: 'listener', at: 3_000 });
    expect(meeting.calls).toEqual([`offer:2000:${MOD}`, 'role:listener']);
  });

  test('a moderator who invites itself speaks without being asked', async () => {
    const { channel, meeting, moderation } = setup({ moderators: [ME] });
    await moderation.send('invite', ME);
    channel.deliver(...(channel.published.at(-1)?.decisions ?? []));
    expect(meeting.calls).toEqual(['role:speaker']);
  });

  test('a standing invite found on entry does not open the microphone by itself', () => {
    const { channel, meeting } = setup({ now: 5_000 });
    channel.deliver({ target: ME, role: 'speaker', at: 2_000 });
    expect(meeting.calls).toEqual([]);
  });

  test('decisions about others leave this meeting alone', () => {
    const { channel, meeting } = setup();
    channel.deliver({ target: PEER, role: 'removed', at: 2_000 });
    channel.deliver({ target: PEER, role: 'speaker', at: 3_000 });
    channel.mute(PEER);
    expect(meeting.calls).toEqual([]);
  });

  test('a fresh mute mutes it', () => {
    const { channel, meeting } = setup();
    channel.mute(ME);
    expect(meeting.calls).toEqual(['muted:true']);
  });

  test('removed, also by an old decision found on entry: it leaves once, with a reason', () => {
    const { channel, meeting, moderation, removed } = setup({ now: 50_000 });
    channel.deliver({ target: ME, role: 'removed', at: 2_000 });
    channel.deliver({ target: ME, role: 'removed', at: 2_000 });
    expect(meeting.calls).toEqual(['end']);
    expect(meeting.ended?.code).toBe('NOT_AUTHORIZED');
    expect(moderation.removed).toBe(true);
    expect(removed).toEqual([2_000]);
  });

  test('asks the contract whether this member moderates; failure means no', async () => {
    const yes = setup({ moderators: [ME] });
    expect(await yes.moderation.isModerator()).toBe(true);
    const no = setup();
    expect(await no.moderation.isModerator()).toBe(false);
  });
});

describe('StageModeration as a moderator', () => {
  test('an action the media server refuses is not published, and the refusal is its error', async () => {
    const carried: string[] = [];
    let gateAnswers = false;
    const { channel, moderation } = setup({
      moderators: [ME],
      beforePublish: async (action, target) => {
        if (!gateAnswers) throw new Error('the gate refused');
        carried.push(`${action}:${target}`);
        // The gate has it before anyone reads the decision.
        expect(channel.published.some((view) => view.decisions.length > 0)).toBe(false);
      },
    });
    await expect(moderation.send('invite', PEER)).rejects.toThrow('the gate refused');
    expect(channel.published.filter((view) => view.decisions.length > 0)).toEqual([]);
    gateAnswers = true;
    await moderation.send('invite', PEER);
    expect(carried).toEqual([`invite:${PEER}`]);
    expect(channel.published.at(-1)?.decisions).toEqual([
      { target: PEER, role: 'speaker', at: 1_000 },
    ]);
  });

  test('a click merges the views in force with its own change and publishes them all', async () => {
    const { channel, moderation } = setup({ moderators: [ME] });
    channel.deliver({ target: MOD, role: 'speaker', at: 500 });
    await moderation.send('remove', PEER);
    const view = channel.published.at(-1);
    expect(view?.decisions).toEqual(
      expect.arrayContaining([
        { target: PEER, role: 'removed', at: 1_000 },
        { target: MOD, role: 'speaker', at: 500 },
      ]),
    );
    await moderation.send('mute', PEER);
    expect(channel.published.at(-1)?.mute).toEqual({ target: PEER, at: 1_000 });
  });

  test('it republishes its merged view while in the room, without repeating a mute', async () => {
    const { channel, moderation } = setup({ moderators: [ME] });
    await moderation.send('mute', PEER);
    await moderation.send('invite', PEER);
    const count = channel.published.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(channel.published.length).toBeGreaterThan(count + 1);
    const last = channel.published.at(-1);
    expect(last?.decisions).toEqual([{ target: PEER, role: 'speaker', at: 1_000 }]);
    expect(last?.mute).toBeUndefined();
  });

  test('after a reload it republishes the decisions it stored', async () => {
    const storage = new Map<string, string>();
    const before = setup({ moderators: [ME], storage });
    await before.moderation.send('remove', PEER);
    const after = setup({ moderators: [ME], storage });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(after.channel.published.at(-1)?.decisions).toEqual([
      { target: PEER, role: 'removed', at: 1_000 },
    ]);
  });

  test('a member the contract does not name publishes nothing on its own', async () => {
    const { channel } = setup();
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(channel.published).toEqual([]);
  });
});
