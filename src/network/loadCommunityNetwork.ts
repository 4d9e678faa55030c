import type { Client } from 'viem';
import { getCommunityServers } from '../chain/getCommunityServers.ts';
import {
  type AppConfig,
  type CommunityNetwork,
  type CommunityServerList,
  communityNetwork,
  LOCAL_CHAIN_ID,
  NO_COMMUNITY_SERVERS,
} from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { parseCommunityServers } from './parseCommunityServers.ts';
import { serverRefused } from './serverUrls.ts';
import type { RefusedServer, ServerKind } from './types.ts';

/** Parameters of {@link loadCommunityNetwork}. */
export interface LoadCommunityNetworkParameters {
  client: Client;
  config: AppConfig;
  communityId: bigint;
  /** Past this, the room goes on with the site's servers. Default 2 s. */
  timeoutMs?: number;
}

/** A community's network and where each part of it came from, for the room and Diagnostics. */
export interface CommunityNetworkReport {
  network: CommunityNetwork;
  /** What the community named that the page uses. */
  fromCommunity: CommunityServerList;
  /** What it named that the page does not use, each with its reason. */
  refused: readonly RefusedServer[];
  /** Why its servers could not be read at all (the site's are used). */
  unreadable: AppError | undefined;
}

/**
 * Reads the servers a community's owner named on chain, checks each entry, and merges the good
 * ones with the site's config (see `communityNetwork`). Never throws: a chain that does not
 * answer in time, or a site that does not take community servers, leaves the site's servers.
 * Hosts in private networks are taken only on the local chain.
 *
 * @example
 * const { network, refused } = await loadCommunityNetwork({ client, config, communityId: 0n });
 * const graph = await createBrowserGraph({ relays: network.relays });
 */
export async function loadCommunityNetwork(
  parameters: LoadCommunityNetworkParameters,
): Promise<CommunityNetworkReport> {
  const { client, config, communityId } = parameters;
  const siteOnly = (refused: RefusedServer[], unreadable?: AppError): CommunityNetworkReport => ({
    network: communityNetwork(config, communityId),
    fromCommunity: NO_COMMUNITY_SERVERS,
    refused,
    unreadable,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const raw = await Promise.race([
      getCommunityServers(client, { contract: config.chain.communityAccess, communityId }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(AppError.rpcUnavailable()), parameters.timeoutMs ?? 2_000);
      }),
    ]);
    const { servers, refused } = parseCommunityServers(raw, {
      allowPrivateHosts: config.chain.id === LOCAL_CHAIN_ID,
    });
    if (!config.communityServers) {
      const why = 'this site does not let communities name their own servers';
      const named: [ServerKind, readonly string[]][] = [
        ['relay', servers.relays],
        ['gate', servers.gate === undefined ? [] : [servers.gate]],
        ['ice', [...servers.stunUrls, ...servers.turnUrls]],
        ['media', servers.mediaServers],
      ];
      const off = named.flatMap(([kind, urls]) =>
        urls.map((url) => ({ kind, url, error: serverRefused(kind, url, why) })),
      );
      return siteOnly([...refused, ...off]);
    }
    return {
      network: communityNetwork(config, communityId, servers),
      fromCommunity: servers,
      refused,
      unreadable: undefined,
    };
  } catch (error) {
    return siteOnly([], AppError.from(error));
  } finally {
    clearTimeout(timer);
  }
}
