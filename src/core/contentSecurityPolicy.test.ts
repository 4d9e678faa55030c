import { describe, expect, it } from 'vitest';
import { parseAppConfig } from './config.ts';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';

const production = parseAppConfig({
  appName: 'community-chats',
  chain: {
    id: 42161,
    name: 'Arbitrum One',
    rpcUrl: 'https://arb1.arbitrum.io/rpc',
    communityAccess: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    deploymentBlock: 1,
  },
  ens: { chainId: 1, rpcUrl: 'https://ethereum-rpc.publicnode.com' },
  gun: { relays: ['https://relay-1.example/gun', 'wss://relay-2.example:8443/gun'] },
  xmtp: { env: 'production' },
  iceServers: [],
  access: { graceMs: 60_000 },
  avatars: {
    mode: 'proxy',
    proxy: 'https://images.example/?url={url}',
    ipfsGateway: 'https://ipfs.io',
  },
  burner: false,
});

/** The policy as a map from directive to its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name as string, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('lets the app connect only to the configured chain, ENS, relays, XMTP and avatar hosts', () => {
    const policy = directives(contentSecurityPolicy(production, 'meta'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https://arb1.arbitrum.io',
      'https://ethereum-rpc.publicnode.com',
      'https://relay-1.example',
      'wss://relay-1.example',
      'wss://relay-2.example:8443',
      'https://relay-2.example:8443',
      'https://api.production.xmtp.network:5558',
      'https://images.example',
      'https://ipfs.io',
    ]);
  });

  it('opens connect-src to any wss: and https: host only where communities may name servers', () => {
    const open = directives(
      contentSecurityPolicy({ ...production, communityServers: true }, 'meta'),
    );
    expect(open.get('connect-src')?.slice(-2)).toEqual(['wss:', 'https:']);
    // Only connections: scripts, images and frames stay as strict.
    expect(open.get('script-src')).toEqual(
      directives(contentSecurityPolicy(production, 'meta')).get('script-src'),
    );
    expect(open.get('img-src')).not.toContain('https:');
    expect(directives(contentSecurityPolicy(production, 'meta')).get('connect-src')).not.toContain(
      'wss:',
    );
  });

  it('loads images only from the site, data:, blob: and the avatar proxy and gateways', () => {
    const policy = directives(contentSecurityPolicy(production, 'meta'));
    expect(policy.get('img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://images.example',
      'https://ipfs.io',
    ]);
    const noProxy = parseAppConfig({ ...production, avatars: { mode: 'proxy' } });
    expect(directives(contentSecurityPolicy(noProxy, 'meta')).get('img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
    ]);
  });

  it('runs only the site scripts (WebAssembly allowed), no plugins, and no framing by header', () => {
    const meta = directives(contentSecurityPolicy(production, 'meta'));
    expect(meta.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(meta.get('object-src')).toEqual(["'none'"]);
    expect(meta.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    // Browsers ignore frame-ancestors in a <meta>; only the header carries it.
    expect(meta.has('frame-ancestors')).toBe(false);
    const header = directives(contentSecurityPolicy(production, 'header'));
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('names a configured XMTP node instead of the network default', () => {
    const local = parseAppConfig({
      ...production,
      xmtp: { env: 'local', apiUrl: 'http://127.0.0.1:5556' },
    });
    const connect = directives(contentSecurityPolicy(local, 'header')).get('connect-src');
    expect(connect).toContain('http://127.0.0.1:5556');
    expect(connect).not.toContain('https://api.production.xmtp.network:5558');
  });

  it('lets the app reach configured media servers and their gates, and no other', () => {
    const withMedia = parseAppConfig({
      ...production,
      media: { servers: [{ url: 'wss://media.example/janus', gate: 'https://gate.example' }] },
    });
    const connect = directives(contentSecurityPolicy(withMedia, 'meta')).get('connect-src');
    expect(connect).toEqual(
      expect.arrayContaining(['wss://media.example', 'https://gate.example']),
    );
    expect(directives(contentSecurityPolicy(production, 'meta')).get('connect-src')).not.toContain(
      'wss://media.example',
    );
    expect(() =>
      parseAppConfig({
        ...production,
        media: { servers: [{ url: 'https://x', gate: 'https://g' }] },
      }),
    ).toThrow(/media\.servers\.0\.url/);
  });
});
