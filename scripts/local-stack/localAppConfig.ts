import type { AppConfig } from '../../src/core/config.ts';
import type { LocalDeployment } from './deployLocal.ts';

/** The app config for the local stack: everything on this machine, burner wallet on. */
export function localAppConfig(params: {
  rpcUrl: string;
  deployment: LocalDeployment;
  relayUrls: string[];
  xmtpUrl: string;
}): AppConfig {
  const { rpcUrl, deployment, relayUrls, xmtpUrl } = params;
  return {
    appName: 'community-chats-local',
    chain: {
      id: 31337,
      name: 'Local chain',
      rpcUrl,
      communityAccess: deployment.communityAccess,
      meetingScheduler: deployment.meetingScheduler,
      deploymentBlock: deployment.deploymentBlock,
    },
    // The local chain also plays Ethereum mainnet for ENS, through the test resolver.
    ens: { chainId: 31337, rpcUrl, universalResolver: deployment.universalResolver },
    gun: { relays: relayUrls },
    xmtp: { env: 'local', apiUrl: xmtpUrl },
    // Host candidates are enough on one machine; no STUN server is reachable offline.
    iceServers: [],
    access: { graceMs: 30_000 },
    // ENS test records carry data: avatars; no proxy, so any remote avatar stays unloaded.
    avatars: { mode: 'proxy' },
    // Served from loopback, not from an Arweave gateway.
    arweaveGateways: [],
    // A room's host may broadcast to a WHIP endpoint on this machine (the e2e tier runs one).
    broadcast: { ingestOrigins: ['http://127.0.0.1:*', 'http://localhost:*'] },
    // Community owners may name their own relays and servers (the admin console's Servers).
    communityServers: true,
    burner: true,
  };
}
