import type { CommunityServerList } from '../core/config.ts';
import { checkServerUrl, MAX_SERVERS, serverRefused } from './serverUrls.ts';
import type { RefusedServer, ServerKind, ServerUrlPolicy } from './types.ts';

/** The lists as the contract stores them (`getCommunityServers`), not yet checked. */
export interface RawCommunityServers {
  relays: readonly string[];
  /** Empty for none. */
  gate: string;
  iceServers: readonly string[];
  mediaServers: readonly string[];
}

/** What {@link parseCommunityServers} keeps and what it refuses. */
export interface ParsedCommunityServers {
  servers: CommunityServerList;
  refused: readonly RefusedServer[];
}

/**
 * Checks each entry a community names and keeps the good ones: a bad entry is dropped and
 * reported with its reason, never thrown, so one typo costs that entry only. TURN URLs are kept
 * only beside a good gate of the community's own (their credentials come from it: the site's
 * gate must not hand its credentials to another operator's server). Past MAX_SERVERS entries a
 * list is cut (the contract refuses longer ones; this guards against another contract).
 *
 * @example
 * const { servers, refused } = parseCommunityServers(raw, { allowPrivateHosts: false });
 * refused[0]?.error.details; // 'a relay must start with wss:// or https://'
 */
export function parseCommunityServers(
  raw: RawCommunityServers,
  policy: ServerUrlPolicy,
): ParsedCommunityServers {
  const refused: RefusedServer[] = [];
  const keep = (kind: ServerKind, urls: readonly string[]): string[] =>
    urls.slice(0, MAX_SERVERS).flatMap((url) => {
      const checked = checkServerUrl(kind, url, policy);
      if (checked.ok) return [checked.url];
      refused.push({ kind, url, error: checked.error });
      return [];
    });
  const relays = keep('relay', raw.relays);
  const gate = raw.gate === '' ? undefined : keep('gate', [raw.gate])[0];
  const ice = keep('ice', raw.iceServers);
  const mediaServers = keep('media', raw.mediaServers);
  const isTurn = (url: string) => /^turns?:/i.test(url);
  const turnUrls = gate === undefined ? [] : ice.filter(isTurn);
  if (gate === undefined) {
    for (const url of ice.filter(isTurn)) {
      const why =
        'TURN takes its credentials from the community’s own gate, and it names none that works';
      refused.push({ kind: 'ice', url, error: serverRefused('ice', url, why) });
    }
  }
  return {
    servers: { relays, gate, stunUrls: ice.filter((url) => !isTurn(url)), turnUrls, mediaServers },
    refused,
  };
}
