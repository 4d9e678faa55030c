import type { Address } from 'viem';
import { Emitter } from '../core/emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/scope.ts';
import type { Role } from '../mesh/types.ts';
import type { ModerationChannel, ModeratorCheck } from '../signaling/GunModerationChannel.ts';
import {
  type ModerationAction,
  type ModerationOrder,
  moderationEffect,
} from '../signaling/moderation.ts';

/** The part of a meeting that moderator actions reach (MeetingStore and Meeting both fit). */
export interface ModeratedMeeting {
  readonly self: Address;
  setRole(role: Role): Promise<void>;
  setMuted(muted: boolean): void;
  drop(address: Address): void;
  end(reason: AppError): void;
}

/** Collaborators of a {@link StageModeration}. */
export interface StageModerationOptions {
  meeting: ModeratedMeeting;
  channel: ModerationChannel;
  moderators: ModeratorCheck;
  /** The room is a stage: members join listening. */
  stage: boolean;
  scope: Scope;
}

/** Events of a {@link StageModeration}. */
export interface StageModerationEvents {
  /** A moderator removed this member from the room. */
  removed: { by: Address };
}

/**
 * Applies verified moderator orders to this member's meeting: the target of invite, move or
 * mute acts on itself; a removed member leaves, every other peer drops it. Also lets this
 * member send orders (only peers that find it a moderator on the contract obey them).
 *
 * @example
 * const moderation = new StageModeration({ meeting, channel, moderators, stage: true, scope });
 * moderation.on('removed', () => showRemoved(), scope);
 * await moderation.send('invite', listener);
 */
export class StageModeration {
  readonly stage: boolean;
  readonly #options: StageModerationOptions;
  readonly #events = new Emitter<StageModerationEvents>();
  #removed = false;

  constructor(options: StageModerationOptions) {
    this.#options = options;
    this.stage = options.stage;
    options.channel.onOrder((order) => void this.#apply(order), options.scope);
  }

  /** Whether this member was removed by a moderator. */
  get removed(): boolean {
    return this.#removed;
  }

  /** Whether the contract names this member a moderator (owner or admin); false on failure. */
  async isModerator(): Promise<boolean> {
    try {
      return await this.#options.moderators.isModerator(this.#options.meeting.self);
    } catch {
      return false;
    }
  }

  /** Signs and publishes an action on `target`. */
  send(action: ModerationAction, target: Address): Promise<void> {
    return this.#options.channel.send({ action, target });
  }

  on<K extends keyof StageModerationEvents>(
    event: K,
    listener: (payload: StageModerationEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }

  async #apply(order: ModerationOrder): Promise<void> {
    const { meeting } = this.#options;
    const effect = moderationEffect(order, meeting.self);
    switch (effect.kind) {
      case 'set-role':
        // The meeting turns its own errors (speaker cap, microphone) into notices.
        await meeting.setRole(effect.role);
        return;
      case 'mute':
        meeting.setMuted(true);
        return;
      case 'drop':
        meeting.drop(effect.address);
        return;
      case 'leave':
        if (this.#removed) return;
        this.#removed = true;
        meeting.end(
          new AppError('NOT_AUTHORIZED', 'Removed from the room by a moderator', {
            category: 'user',
            details: `removed by ${order.from}`,
          }),
        );
        this.#events.emit('removed', { by: order.from });
        return;
      case 'none':
        return;
    }
  }
}
