import { describe, expect, it } from 'vitest';
import { parseAppConfig } from './config.ts';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';
import { AppError } from './errors.ts';

const base = {
  appName: 'community-chats',
  chain: {
    id: 42161,
    name: 'Arbitrum One',
    rpcUrl: 'https://arb1.arbitrum.io/rpc',
    communityAccess: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    deploymentBlock: 1,
  },
  ens: { chainId: 1, rpcUrl: 'https://ethereum-rpc.publicnode.com' },
  gun: { relays: ['https://relay-1.example/gun'] },
  xmtp: { env: 'production' },
  iceServers: [],
  access: { graceMs: 60_000 },
  burner: false,
};

function connectSources(config: unknown): string[] {
  const policy = contentSecurityPolicy(parseAppConfig(config), 'meta');
  const directive = policy.split('; ').find((d) => d.startsWith('connect-src '));
  return directive?.split(' ').slice(1) ?? [];
}

describe('broadcast ingest hosts in the config and the CSP', () => {
  it('lets the page connect to the configured WHIP ingest hosts, and to none by default', () => {
    const livepeer = ['https://livepeer.studio', 'https://*.lp-playback.studio'];
    expect(connectSources({ ...base, broadcast: { ingestOrigins: livepeer } })).toEqual(
      expect.arrayContaining(livepeer),
    );
    expect(connectSources(base).some((source) => source.includes('livepeer'))).toBe(false);
  });

  it('refuses an ingest host that is not an origin (a path would pin one resource)', () => {
    const config = { ...base, broadcast: { ingestOrigins: ['https://livepeer.studio/webrtc'] } };
    expect(() => parseAppConfig(config)).toThrow(AppError);
  });
});
