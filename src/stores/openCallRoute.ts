import { systemClock } from '../core/clock.ts';
import { type AppConfig, communityNetwork } from '../core/config.ts';
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
  const { gate, privacyMode } = communityNetwork(config, communityId);
  const turn = new TurnCredentials({
    request:
      gate === undefined
        ? undefined
        : () =>
            requestTurnGrant({
              gateUrl: gate,
              communityId,
              session,
              fetch: (input, init) => window.fetch(input, init),
              clock: systemClock,
            }),
    clock: systemClock,
    scope,
  });
  const privacy = new PrivacyPreference(
    window.localStorage,
    `${config.appName}:privacy-mode`,
    privacyMode,
  );
  const route = new CallRoute({ staticServers: config.iceServers, turn, privacy });
  const ready = Promise.race([
    turn.start(),
    new Promise<void>((resolve) => scope.setTimeout(resolve, TURN_WAIT_MS)),
  ]);
  return { route, ready };
}
