import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import type { ModerationChannel, ModeratorCheck } from '../signaling/GunModerationChannel.ts';
import {
  boundDecisions,
  decide,
  type ModerationAction,
  mergeDecisions,
  type StageDecision,
} from '../signaling/moderation.ts';
import type { StageDecisionStore } from './StageDecisionStore.ts';
import type { StagePolicy } from './StagePolicy.ts';
import type { Role } from './types.ts';

/** A moderator's invite to speak, waiting for this member's answer. */
export interface SpeakerInvitation {
  /** When the moderator decided it (ms): the decision it answers. */
  at: number;
  /** The moderator who invited, when known. */
  by: Address | undefined;
}

/** The part of a meeting that moderator decisions reach (MeetingStore fits). */
export interface ModeratedMeeting {
  readonly self: Address;
  setRole(role: Role): Promise<void>;
  setMuted(muted: boolean): void;
  end(reason: AppError): void;
  /** Asks this member whether to speak: its microphone opens only when it says yes. */
  offerToSpeak(invitation: SpeakerInvitation): void;
}

/** Collaborators of a {@link StageModeration}. */
export interface StageModerationOptions {
  meeting: ModeratedMeeting;
  channel: ModerationChannel;
  /** The room's policy over the same channel (decisions about this member). */
  policy: Pick<StagePolicy, 'decision' | 'onChange'>;
  moderators: ModeratorCheck;
  /** This member's own decisions, kept across reloads (used when it moderates). */
  store: StageDecisionStore;
  /** The room is a stage: members join listening. */
  stage: boolean;
  clock: Clock;
  scope: Scope;
  /** How often a moderator re-signs and republishes its view (ms). Default 10 s. */
  refreshMs?: number;
  /**
   * Carries an action out elsewhere before it is published (the media server, while the room
   * runs through one); when it throws, nothing is published and `send` throws its error.
   */
  beforePublish?: (action: ModerationAction, target: Address) => Promise<void>;
}

/** Events of a {@link StageModeration}. */
export interface StageModerationEvents {
  /** A moderator removed this member from the room. */
  removed: { at: number };
  /** The decisions in force may have changed (see {@link StageModeration.decisions}). */
  decisions: undefined;
}

/** A moderator re-signs its view this often: well inside the verifier's 30 s max age. */
export const DEFAULT_REFRESH_MS = 10_000;

/**
 * Moderation from this member's side. As a member it follows the effective decisions about
 * itself: an invite asks it to speak (its own invite makes it a speaker), 'listener' moves it
 * back, 'removed' ends its meeting
 * (also one it joins later), a fresh mute mutes it. As a moderator it merges every valid
 * view with its own stored decisions, adds its change, and republishes the merged view every
 * `refreshMs` while in the room, so decisions outlive the envelope max age.
 *
 * @example
 * const moderation = new StageModeration({ meeting, channel, policy, moderators, store,
 *   stage: true, clock: systemClock, scope });
 * moderation.on('removed', () => showRemoved(), scope);
 * await moderation.send('invite', listener);
 */
export class StageModeration {
  readonly stage: boolean;
  readonly #options: StageModerationOptions;
  readonly #events = new Emitter<StageModerationEvents>();
  readonly #since: number;
  #applied: StageDecision | undefined;
  #removed = false;
  /** When this member last invited itself (a moderator joining the speakers): no question. */
  #ownInvite: number | undefined;

  constructor(options: StageModerationOptions) {
    this.#options = options;
    this.stage = options.stage;
    this.#since = options.clock.now();
    const { channel, policy, scope, meeting } = options;
    policy.onChange(() => {
      this.#applySelf();
      this.#events.emit('decisions', undefined);
    }, scope);
    channel.onMute((mute) => {
      if (mute.target.toLowerCase() === meeting.self.toLowerCase()) meeting.setMuted(true);
    }, scope);
    scope.setInterval(() => void this.#refresh(), options.refreshMs ?? DEFAULT_REFRESH_MS);
    void this.#refresh();
    this.#applySelf();
  }

  /** Whether this member was removed by a moderator. */
  get removed(): boolean {
    return this.#removed;
  }

  /** The decisions in force now (invited speakers, removed members), newest first. */
  decisions(): StageDecision[] {
    return [...this.#options.channel.decisions().values()].sort((a, b) => b.at - a.at);
  }

  /** Whether the contract names this member a moderator (owner or admin); false on failure. */
  async isModerator(): Promise<boolean> {
    try {
      return await this.#options.moderators.isModerator(this.#options.meeting.self);
    } catch {
      return false;
    }
  }

  /**
   * Decides `action` on `target` and publishes the merged view (only peers that find this
   * member a moderator on the contract follow it).
   */
  async send(action: ModerationAction, target: Address): Promise<void> {
    await this.#options.beforePublish?.(action, target);
    const change = decide(action, target, this.#options.clock.now());
    if (action === 'invite' && same(target, this.#options.meeting.self)) {
      this.#ownInvite = change.decisions[0]?.at;
    }
    const decisions = this.#merged(change.decisions);
    await this.#options.channel.publish({ ...change, decisions });
  }

  on<K extends keyof StageModerationEvents>(
    event: K,
    listener: (payload: StageModerationEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }

  /** Own stored decisions + every valid view + `extra`, bounded and stored again. */
  #merged(extra: readonly StageDecision[] = []): StageDecision[] {
    const { store, channel } = this.#options;
    const merged = mergeDecisions(store.load(), channel.decisions().values(), extra);
    const decisions = boundDecisions(merged.values());
    store.save(decisions);
    return decisions;
  }

  async #refresh(): Promise<void> {
    if (this.#options.scope.ended || !(await this.isModerator())) return;
    if (this.#options.scope.ended) return;
    const decisions = this.#merged();
    if (decisions.length === 0) return;
    await this.#options.channel.publish({ decisions }).catch(() => {});
  }

  #applySelf(): void {
    const { meeting, policy } = this.#options;
    const decision = policy.decision(meeting.self);
    if (decision?.role === 'removed') {
      this.#leave(decision.at);
      return;
    }
    const known = this.#applied;
    if (!decision || (known && known.at === decision.at && known.role === decision.role)) return;
    this.#applied = decision;
    // A standing invite found on entry allows speaking; only a new decision acts on it.
    if (decision.at < this.#since) return;
    if (decision.role === 'speaker' && decision.at !== this.#ownInvite) {
      // Nobody's microphone opens on someone else's word: the member is asked first.
      meeting.offerToSpeak({ at: decision.at, by: this.#options.channel.author(meeting.self) });
      return;
    }
    // The meeting turns its own errors (speaker cap, microphone) into notices.
    void meeting.setRole(decision.role === 'speaker' ? 'speaker' : 'listener');
  }

  #leave(at: number): void {
    if (this.#removed) return;
    this.#removed = true;
    this.#options.meeting.end(
      new AppError('NOT_AUTHORIZED', 'Removed from the room by a moderator', {
        category: 'user',
        details: `removed at ${new Date(at).toISOString()}`,
      }),
    );
    this.#events.emit('removed', { at });
  }
}

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
