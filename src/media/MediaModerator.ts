import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { isStageRoom, type StageDecision } from '../signaling/moderation.ts';
import type { MediaModerationAsk } from './mediaGrant.ts';
import { requestMediaModeration } from './requestMediaModeration.ts';

/** What a {@link MediaModerator} needs; the room's composition passes the real parts. */
export interface MediaModeratorOptions {
  communityId: bigint;
  roomId: string;
  /** This member: a moderator's action on itself needs no gate (owners and admins may speak). */
  self: Address;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  /** Whether the room's audio runs through the media server now. */
  onMedia: () => boolean;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** The room's decisions in force (invites made before the room reached this server). */
  standing: () => readonly StageDecision[];
  /** Whether this member is the community's owner or an admin. */
  isModerator: () => Promise<boolean>;
  /** A standing invite the gate did not take (the invited member stays a listener there). */
  onError: (error: AppError) => void;
}

/**
 * Most standing invites passed on to a new gate: the speaker cap (6 open microphones), which
 * also keeps a moderator within the gate's per-address limit.
 */
const MAX_STANDING_INVITES = 6;

/**
 * A moderator's actions on the media server the room runs through. The server, not each
 * member's client, decides who is heard there, so while the room is on it an invite, a move to
 * the listeners, a mute or a removal goes to the server's gate first; only once the gate has
 * carried it out does the moderator publish the decision to the room, so a member who then asks
 * the gate for its new place finds the decision recorded. On the mesh it does nothing.
 *
 * The gate knows only what reached it: when a moderator first gets a place on a server, it
 * passes on the invites standing in the room (made on the mesh, or on another server), so
 * invited members are seated with the speakers there too.
 *
 * @example
 * const moderator = new MediaModerator({ communityId, roomId, self, session,
 *   onMedia: () => media.onMedia, fetch, clock: systemClock, standing: () => moderation.decisions(),
 *   isModerator: () => moderation.isModerator(), onError: (error) => notice(error) });
 * moderator.useGate(gateUrl); // from each media grant
 * await moderator.moderate('invite', listener); // throws, in words, when the gate refuses
 */
export class MediaModerator {
  readonly #options: MediaModeratorOptions;
  #gate: string | undefined;

  constructor(options: MediaModeratorOptions) {
    this.#options = options;
  }

  /**
   * The gate that granted this member its place on the media server (the room's gate). A gate
   * new to this page is told the invites standing in the room, if this member moderates;
   * resolves once it has been (failures go to `onError`).
   */
  useGate(gateUrl: string): Promise<void> {
    if (gateUrl === this.#gate) return Promise.resolve();
    this.#gate = gateUrl;
    return this.#passOnInvites(gateUrl);
  }

  async #passOnInvites(gateUrl: string): Promise<void> {
    const { standing, isModerator, onError } = this.#options;
    const invited = standing()
      .filter((decision) => decision.role === 'speaker' && !this.#isSelf(decision.target))
      .slice(0, MAX_STANDING_INVITES);
    if (!isStageRoom(this.#options.roomId) || invited.length === 0) return;
    if (!(await isModerator())) return;
    for (const { target } of invited) {
      if (this.#gate !== gateUrl) return;
      await this.#request(gateUrl, 'invite', target).catch((error: unknown) =>
        onError(AppError.from(error)),
      );
    }
  }

  /**
   * Carries `ask` on `target` out on the media server; resolves at once on the mesh. Outside a
   * stage everyone may speak on the server, so only a mute or a removal concerns it there.
   */
  async moderate(ask: MediaModerationAsk, target: Address): Promise<void> {
    if (!this.#options.onMedia() || this.#isSelf(target)) return;
    const seating = ask === 'invite' || ask === 'move-to-listener';
    if (seating && !isStageRoom(this.#options.roomId)) return;
    const gateUrl = this.#gate;
    if (gateUrl === undefined) {
      throw new AppError(
        'MEDIA_MODERATION_REFUSED',
        `The media server did not ${ask}: this page has no place on it yet`,
        { category: 'network', details: `${ask}: not connected to the media server yet` },
      );
    }
    await this.#request(gateUrl, ask, target);
  }

  #isSelf(address: Address): boolean {
    return address.toLowerCase() === this.#options.self.toLowerCase();
  }

  async #request(gateUrl: string, ask: MediaModerationAsk, target: Address): Promise<void> {
    await requestMediaModeration({
      gateUrl,
      communityId: this.#options.communityId,
      roomId: this.#options.roomId,
      ask,
      target,
      session: this.#options.session,
      fetch: this.#options.fetch,
      clock: this.#options.clock,
    });
  }
}
