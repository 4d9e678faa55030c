import type { GetCommunityServersReturnType } from '../chain/getCommunityServers.ts';
import { checkServerUrl, MAX_SERVERS, serverKindWords } from '../network/serverUrls.ts';
import type { ServerKind, ServerUrlPolicy } from '../network/types.ts';

/** The Servers form as typed: one URL a line in each list, the gate on its own. */
export interface CommunityServersInput {
  relays: string;
  gate: string;
  iceServers: string;
  mediaServers: string;
}

/** Servers ready to send, or every reason they are not, in words. */
export type CommunityServersInputResult =
  | { ok: true; servers: GetCommunityServersReturnType }
  | { ok: false; reasons: string[] };

/**
 * Checks the Servers form as members' browsers will check what it puts on chain (and as the
 * contract does: at most 8 a list, 200 bytes, the list's scheme), so nothing that would be
 * refused is sent. Blank lines are skipped; a URL listed twice is refused.
 *
 * @example
 * communityServersFromInput({ relays: 'wss://relay.example.org/gun', gate: '', iceServers: '', mediaServers: '' }, policy);
 * // { ok: true, servers: { relays: ['wss://relay.example.org/gun'], gate: '', iceServers: [], mediaServers: [] } }
 */
export function communityServersFromInput(
  input: CommunityServersInput,
  policy: ServerUrlPolicy,
): CommunityServersInputResult {
  const reasons: string[] = [];
  const list = (kind: ServerKind, text: string): string[] => {
    const urls = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (urls.length > MAX_SERVERS) {
      reasons.push(`List at most ${MAX_SERVERS} ${serverKindWords[kind]}s (${urls.length} now).`);
    }
    urls.forEach((url, index) => {
      const checked = checkServerUrl(kind, url, policy);
      if (!checked.ok) reasons.push(`${url}: ${checked.error.details ?? 'not valid'}.`);
      else if (urls.indexOf(url) !== index) reasons.push(`${url} is listed twice.`);
    });
    return urls;
  };
  const servers = {
    relays: list('relay', input.relays),
    gate: list('gate', input.gate)[0] ?? '',
    iceServers: list('ice', input.iceServers),
    mediaServers: list('media', input.mediaServers),
  };
  const turn = servers.iceServers.some((url) => /^turns?:/i.test(url));
  if (turn && servers.gate === '') {
    reasons.push('TURN servers take their credentials from your gate: name the gate too.');
  }
  return reasons.length === 0 ? { ok: true, servers } : { ok: false, reasons };
}

/**
 * The stored servers as the form shows them, one URL a line.
 *
 * @example
 * communityServersToInput(await getCommunityServers(client, { contract, communityId })).relays;
 * // 'wss://relay.example.org/gun\nhttps://relay2.example.org/gun'
 */
export function communityServersToInput(
  servers: GetCommunityServersReturnType,
): CommunityServersInput {
  return {
    relays: servers.relays.join('\n'),
    gate: servers.gate,
    iceServers: servers.iceServers.join('\n'),
    mediaServers: servers.mediaServers.join('\n'),
  };
}
