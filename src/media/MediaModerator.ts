import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
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
}

/**
 * A moderator's actions on the media server the room runs through. The server, not each
 * member's client, decides who is heard there, so while the room is on it an invite, a move to
 * the listeners, a mute or a removal goes to the server's gate first; only once the gate has
 * carried it out does the moderator publish the decision to the room, so a member who then asks
 * the gate for its new place finds the decision recorded. On the mesh it does nothing.
 *
 * @example
 * const moderator = new MediaModerator({ communityId, roomId, self, session,
 *   onMedia: () => media.onMedia, fetch, clock: systemClock });
 * moderator.useGate(gateUrl); // from each media grant
 * await moderator.moderate('invite', listener); // throws, in words, when the gate refuses
 */
export class MediaModerator {
  readonly #options: MediaModeratorOptions;
  #gate: string | undefined;

  constructor(options: MediaModeratorOptions) {
    this.#options = options;
  }

  /** The gate that granted this member its place on the media server (the room's gate). */
  useGate(gateUrl: string): void {
    this.#gate = gateUrl;
  }

  /** Carries `ask` on `target` out on the media server; resolves at once on the mesh. */
  async moderate(ask: MediaModerationAsk, target: Address): Promise<void> {
    const { self, onMedia } = this.#options;
    if (!onMedia() || target.toLowerCase() === self.toLowerCase()) return;
    const gateUrl = this.#gate;
    if (gateUrl === undefined) {
      throw new AppError(
        'MEDIA_MODERATION_REFUSED',
        `The media server did not ${ask}: this page has no place on it yet`,
        { category: 'network', details: `${ask}: not connected to the media server yet` },
      );
    }
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
