import type { Address } from 'viem';
import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';
import type { ModerationChannel, ModeratorCheck } from '../signaling/GunModerationChannel.ts';
import type { StageDecision } from '../signaling/moderation.ts';
import type { SpeakerPolicy } from './types.ts';

/** Collaborators of a {@link StagePolicy}. */
export interface StagePolicyOptions {
  /** The effective moderator decisions of the room. */
  channel: Pick<ModerationChannel, 'decisions' | 'onChange'>;
  moderators: ModeratorCheck;
  /** The room is a stage: only moderators and invited members may speak. */
  stage: boolean;
  scope: Scope;
  /**
   * How often known moderator answers are asked again (ms). Default 30 s: a moderator who
   * loses the role is demoted after two answers, within a minute.
   */
  recheckMs?: number;
}

/**
 * The speaker policy of a room from the contract and the moderators' decisions. On a stage
 * a member may speak when the contract names it owner or admin, or when the effective
 * decision about it is 'speaker'; elsewhere everyone may. A 'removed' decision keeps a
 * member out of any room. Moderator answers are asked on first use and fail closed until
 * they come back (a change notification follows).
 *
 * @example
 * const policy = new StagePolicy({ channel, moderators, stage: true, scope });
 * new Meeting({ ...options, policy });
 */
export class StagePolicy implements SpeakerPolicy {
  readonly #options: StagePolicyOptions;
  readonly #events = new Emitter<{ change: undefined }>();
  readonly #answers = new Map<string, boolean>();
  readonly #asking = new Set<string>();
  /** Known moderators whose last answer was "no" (one more "no" demotes them). */
  readonly #doubted = new Set<string>();
  /** Every address asked about, by lower-case key, as first spelled. */
  readonly #known = new Map<string, Address>();

  constructor(options: StagePolicyOptions) {
    this.#options = options;
    options.channel.onChange(() => this.#events.emit('change', undefined), options.scope);
    options.scope.setInterval(() => {
      for (const address of this.#known.values()) this.#ask(address);
    }, options.recheckMs ?? 30_000);
  }

  maySpeak(address: Address): boolean {
    if (!this.#options.stage) return true;
    return this.isModerator(address) || this.decision(address)?.role === 'speaker';
  }

  isRemoved(address: Address): boolean {
    return this.decision(address)?.role === 'removed';
  }

  /** Whether the contract names `address` a moderator; false until the answer is known. */
  isModerator(address: Address): boolean {
    const key = address.toLowerCase();
    const known = this.#answers.get(key);
    if (known === undefined) this.#ask(address);
    return known === true;
  }

  /** The effective decision about `address`, if any. */
  decision(address: Address): StageDecision | undefined {
    return this.#options.channel.decisions().get(address.toLowerCase());
  }

  onChange(listener: () => void, scope: Scope): void {
    this.#events.on('change', listener, scope);
  }

  #ask(address: Address): void {
    const key = address.toLowerCase();
    if (this.#asking.has(key) || this.#options.scope.ended) return;
    this.#asking.add(key);
    if (!this.#known.has(key)) this.#known.set(key, address);
    this.#options.moderators
      .isModerator(address)
      .catch(() => false)
      .then((moderator) => {
        this.#asking.delete(key);
        const before = this.#answers.get(key) ?? false;
        // A known moderator is demoted on the second "no" in a row: the check fails closed,
        // and one failed read must not silence a moderator mid-sentence.
        if (before && !moderator && !this.#doubted.has(key)) {
          this.#doubted.add(key);
          return;
        }
        this.#doubted.delete(key);
        this.#answers.set(key, moderator);
        if (moderator !== before && !this.#options.scope.ended) {
          this.#events.emit('change', undefined);
        }
      });
  }
}
