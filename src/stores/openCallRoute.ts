import { systemClock } from '../core/clock.ts';
import { type AppConfig, type CommunityNetwork, communityNetwork } from '../core/config.ts';
import type { Scope } from '../core/Scope.ts';
import type { Session } from '../identity/SessionManager.ts';
import { CallRoute } from '../turn/CallRoute.ts';
import { PrivacyPreference } from '../turn/PrivacyPreference.ts';
import { requestTurnGrant } from '../turn/requestTurnGrant.ts';
import { TurnCredentials } from '../turn/TurnCredentials.ts';

/** The longest a room waits for the gate before its first peer; later peers get TURN anyway. */
const TURN_WAIT_MS = 3_000;

/** What {@link openCallRoute} needs. */
export interface OpenCallRouteParameters {
  config: AppConfig;
  communityId: bigint;
  /** The community's servers merged with the site's; default: the site's config alone. */
  network?: CommunityNetwork;
  session: Session;
  /** The page: fetch for the gate, localStorage for privacy mode. */
  window: Window;
  /** Credentials are renewed until it ends. */
  scope: Scope;
}

/**
 * The call route of one room: TURN credentials from the community's gate (asked now, renewed
 * before they expire) and the member's privacy mode (the community's default until the member
 * chooses). `ready` settles once the gate answered, or after 3 s, whichever comes first.
 *
 * @example
 * const { route, ready } = openCallRoute({ config, communityId, session, window, scope });
 * await ready;
 * const createPeer = route.peerFactory(createSimplePeer);
 */
export function openCallRoute(parameters: OpenCallRouteParameters): {
  route: CallRoute;
  ready: Promise<void>;
} {
  const { config, communityId, session, window, scope } = parameters;
  const network = parameters.network ?? communityNetwork(config, communityId);
  const { gate, privacyMode, turnUrls } = network;
  const turn = new TurnCredentials({
    request:
      gate === undefined
        ? undefined
        : async () => {
            const grant = await requestTurnGrant({
              gateUrl: gate,
              communityId,
              session,
              fetch: (input, init) => window.fetch(input, init),
              clock: systemClock,
            });
            // The community's own TURN servers take its own gate's credentials (turnUrls is
            // empty unless that gate is the community's).
            return { ...grant, urls: [...new Set([...grant.urls, ...turnUrls])] };
          },
    clock: systemClock,
    scope,
  });
  const privacy = new PrivacyPreference(
    window.localStorage,
    `${config.appName}:privacy-mode`,
    privacyMode,
  );
  const route = new CallRoute({ staticServers: network.iceServers, turn, privacy });
  const ready = Promise.race([
    turn.start(),
    new Promise<void>((resolve) => scope.setTimeout(resolve, TURN_WAIT_MS)),
  ]);
  return { route, ready };
}
