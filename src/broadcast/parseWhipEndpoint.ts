import { broadcastErrors } from './errors.ts';
import type { WhipEndpoint } from './types.ts';

const MAX_URL_CHARS = 2_048;
const MAX_TOKEN_CHARS = 4_096;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether `url` is on one of `allowed`, written as CSP host sources (`https://host`,
 * `https://*.host`, `http://127.0.0.1:*`): the same list the site's Content Security Policy
 * lets the page connect to, so a refusal here is said in words instead of a blocked fetch.
 *
 * @example
 * originAllowed(new URL('https://lax.lp-playback.studio/webrtc/k'), ['https://*.lp-playback.studio']); // true
 */
export function originAllowed(url: URL, allowed: readonly string[]): boolean {
  return allowed.some((source) => {
    const match = /^(https?):\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?$/.exec(source);
    if (!match) return false;
    const [, scheme, wildcard, host, port] = match;
    if (url.protocol !== `${scheme}:`) return false;
    const hostMatches = wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
    const portMatches = port === '*' || (port ?? '') === url.port;
    return hostMatches && portMatches;
  });
}

/**
 * Checks what the host typed before anything is sent: an https URL (http only to this
 * machine, for a local test endpoint) on a host the site allows, and a token fit for a
 * header. Throws BROADCAST_URL_INVALID or BROADCAST_HOST_NOT_ALLOWED.
 *
 * @example
 * const endpoint = parseWhipEndpoint({ url: 'https://livepeer.studio/webrtc/abcd-1234', token: '' },
 *   config.broadcast.ingestOrigins);
 */
export function parseWhipEndpoint(
  input: { url: string; token: string },
  allowedOrigins: readonly string[],
): WhipEndpoint {
  const text = input.url.trim();
  if (text.length > MAX_URL_CHARS) throw broadcastErrors.urlInvalid('the URL is too long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw broadcastErrors.urlInvalid('not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw broadcastErrors.urlInvalid('it must start with https://');
  }
  if (url.username || url.password) {
    throw broadcastErrors.urlInvalid('put the key in the path or the token field, not before @');
  }
  if (!originAllowed(url, allowedOrigins)) throw broadcastErrors.hostNotAllowed(url.origin);
  const token = input.token.trim();
  if (token.length > MAX_TOKEN_CHARS || /[^\x21-\x7e]/.test(token)) {
    throw broadcastErrors.urlInvalid('the token may hold only printable characters, no spaces');
  }
  return token === '' ? { url: url.href } : { url: url.href, token };
}
