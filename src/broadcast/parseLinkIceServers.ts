import type { IceServer } from '../peers/types.ts';

/** Longest Link header read, and most servers taken from it: the endpoint is not ours. */
const MAX_HEADER_CHARS = 8_192;
const MAX_SERVERS = 8;

/** One `key="value"` or `key=value` parameter of a link. */
const PARAMETER = /^\s*([a-z-]+)\s*=\s*"?([^"]*)"?\s*$/i;

/**
 * The ICE servers a WHIP endpoint offers in its Link headers (RFC 9725 section 4.6):
 * `<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"`.
 * Links of other relations and malformed ones are skipped.
 *
 * @example
 * parseLinkIceServers('<stun:stun.example.net>; rel="ice-server"');
 * // [{ urls: 'stun:stun.example.net' }]
 */
export function parseLinkIceServers(header: string | null): IceServer[] {
  if (!header || header.length > MAX_HEADER_CHARS) return [];
  const servers: IceServer[] = [];
  // Links are comma-separated; a comma inside <...> would be part of a URL, so split before '<'.
  for (const link of header.split(/,\s*(?=<)/)) {
    const [target, ...parameters] = link.split(';');
    const url = /^\s*<([^>]+)>\s*$/.exec(target ?? '')?.[1];
    if (!url || !/^(stun|stuns|turn|turns):/.test(url)) continue;
    const values = new Map<string, string>();
    for (const parameter of parameters) {
      const match = PARAMETER.exec(parameter);
      if (match?.[1] && match[2] !== undefined) values.set(match[1].toLowerCase(), match[2]);
    }
    if (values.get('rel') !== 'ice-server') continue;
    servers.push({
      urls: url,
      username: values.get('username'),
      credential: values.get('credential'),
    });
    if (servers.length === MAX_SERVERS) break;
  }
  return servers;
}
