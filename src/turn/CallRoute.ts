import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { IceServer, PeerFactory } from '../peers/types.ts';
import type { PrivacyPreference } from './PrivacyPreference.ts';
import type { TurnCredentials, TurnState } from './TurnCredentials.ts';

/** Events of {@link CallRoute}: something a member sees about the route changed. */
export type CallRouteEvents = { change: undefined };

/** What {@link CallRoute} combines. */
export interface CallRouteOptions {
  /** The site's `iceServers` (STUN, and TURN with static credentials, if any). */
  staticServers: readonly IceServer[];
  turn: TurnCredentials;
  privacy: PrivacyPreference;
}

/** TURN URLs are the only ones that relay; STUN only tells a member its own address. */
function relays(server: IceServer): boolean {
  const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
  return urls.some((url) => /^turns?:/.test(url)) && server.credential !== undefined;
}

/**
 * How this member's calls reach others: the site's ICE servers plus TURN credentials from the
 * gate, and privacy mode, which allows relayed candidates only (`iceTransportPolicy: 'relay'`),
 * so no other member learns this member's IP address. Privacy mode without any TURN server is
 * a {@link problem}: the call cannot connect privately, and nothing is sent directly instead.
 *
 * @example
 * const route = new CallRoute({ staticServers: config.iceServers, turn, privacy });
 * const createPeer = route.peerFactory(createSimplePeer);
 */
export class CallRoute {
  readonly events = new Emitter<CallRouteEvents>();
  readonly #options: CallRouteOptions;

  constructor(options: CallRouteOptions) {
    this.#options = options;
    options.turn.events.on('change', () => this.events.emit('change', undefined));
  }

  get privacyMode(): boolean {
    return this.#options.privacy.get();
  }

  /** Turns privacy mode on or off for connections made from now on (kept in this browser). */
  setPrivacyMode(on: boolean): void {
    this.#options.privacy.set(on);
    this.events.emit('change', undefined);
  }

  get turn(): TurnState {
    return this.#options.turn.state;
  }

  /** Whether any TURN server with credentials is at hand right now. */
  hasTurn(): boolean {
    return this.#options.staticServers.some(relays) || this.#options.turn.iceServers().length > 0;
  }

  /**
   * What keeps calls from connecting as the member chose: privacy mode with no TURN server
   * (PRIVATE_CALL_UNAVAILABLE), or the gate's refusal (TURN_UNAVAILABLE: direct connections
   * are tried); `undefined` when nothing does.
   */
  problem(): AppError | undefined {
    if (this.privacyMode && !this.hasTurn()) {
      const why = this.turn.status === 'failed' ? this.turn.error.details : 'no TURN server';
      return new AppError('PRIVATE_CALL_UNAVAILABLE', 'Privacy mode without a TURN server', {
        category: 'network',
        details: why ?? 'no TURN server',
      });
    }
    return this.turn.status === 'failed' ? this.turn.error : undefined;
  }

  /** A peer factory that adds the TURN credentials held now and privacy mode's policy. */
  peerFactory(createPeer: PeerFactory): PeerFactory {
    return (options) =>
      createPeer({
        ...options,
        iceServers: [...options.iceServers, ...this.#options.turn.iceServers()],
        iceTransportPolicy: this.privacyMode ? 'relay' : 'all',
      });
  }
}
