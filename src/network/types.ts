import type { AppError } from '../core/errors.ts';

/** Which kind of server a community names: its lists on chain (`ServerList` in the contract). */
export type ServerKind = 'relay' | 'gate' | 'ice' | 'media';

/** An entry the app will not use, and why (a SERVER_REFUSED AppError naming the reason). */
export interface RefusedServer {
  kind: ServerKind;
  url: string;
  error: AppError;
}

/** How strict the URL checks are for this site. */
export interface ServerUrlPolicy {
  /**
   * Whether hosts in private networks (loopback, 10/8, 192.168/16, link-local, `.local`…) are
   * taken: only for a local deployment, where everything runs on this machine.
   */
  allowPrivateHosts: boolean;
}
