import { createHmac } from 'node:crypto';

/** Parameters of {@link turnCredentials}. */
export interface TurnCredentialsParameters {
  /** coturn's `static-auth-secret`. */
  secret: string;
  /** Who the credentials are for; ends up in the username (coturn logs it). */
  address: string;
  /** Seconds they are good for. */
  ttlSeconds: number;
  /** Now, in ms since the epoch. */
  now: number;
}

/** Credentials coturn accepts under `use-auth-secret` until `expiresAt`. */
export interface TurnCredentials {
  /** `<expiry unix seconds>:<address>`. */
  username: string;
  /** base64 HMAC-SHA1 of the username, keyed with the shared secret. */
  credential: string;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

/**
 * Short-lived TURN credentials in coturn's shared-secret REST scheme (`use-auth-secret`): the
 * username carries its own expiry, and the password is the HMAC of the username under the
 * secret coturn shares with the gate, so coturn checks both without asking anyone.
 *
 * @example
 * const { username, credential } = turnCredentials({ secret, address, ttlSeconds: 3600, now: Date.now() });
 */
export function turnCredentials(parameters: TurnCredentialsParameters): TurnCredentials {
  const expiry = Math.floor(parameters.now / 1000) + parameters.ttlSeconds;
  const username = `${expiry}:${parameters.address}`;
  const credential = createHmac('sha1', parameters.secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
