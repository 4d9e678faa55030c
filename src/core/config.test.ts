import { describe, expect, it } from 'vitest';
import {
  type AppConfig,
  communityNetwork,
  DEFAULT_ARWEAVE_GATEWAYS,
  parseAppConfig,
} from './config.ts';
import { AppError } from './errors.ts';

const valid: AppConfig = {
  appName: 'community-chats',
  chain: {
    id: 42161,
    name: 'Arbitrum One',
    rpcUrl: 'https://arb1.arbitrum.io/rpc',
    communityAccess: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    deploymentBlock: 1,
  },
  ens: { chainId: 1, rpcUrl: 'https://eth.example/rpc' },
  gun: { relays: ['https://relay.example/gun'] },
  xmtp: { env: 'production' },
  iceServers: [{ urls: 'stun:stun.example:3478' }],
  access: { graceMs: 60_000 },
  avatars: { mode: 'proxy', proxy: 'https://images.example/?url={url}' },
  arweaveGateways: ['arweave.net'],
  burner: false,
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.details}` : 'not an AppError';
  }
  return undefined;
}

describe('parseAppConfig', () => {
  it('accepts a production config', () => {
    expect(parseAppConfig(valid)).toEqual(valid);
  });

  it('names the field that is wrong', () => {
    const broken = { ...valid, chain: { ...valid.chain, communityAccess: '0x1234' } };
    expect(codeOf(() => parseAppConfig(broken))).toBe(
      'CONFIG_INVALID: chain.communityAccess: expected a 0x address',
    );
    expect(codeOf(() => parseAppConfig({ ...valid, gun: { relays: [] } }))).toMatch(
      /^CONFIG_INVALID: gun.relays/,
    );
    expect(codeOf(() => parseAppConfig('nonsense'))).toMatch(/^CONFIG_INVALID: \(root\)/);
  });

  it('keeps a config written before avatars and gateways valid: remote avatars off, known gateways', () => {
    const { avatars: _a, arweaveGateways: _g, ...older } = valid;
    const config = parseAppConfig(older);
    expect(config.avatars).toEqual({ mode: 'proxy' });
    expect(config.arweaveGateways).toEqual([...DEFAULT_ARWEAVE_GATEWAYS]);
    expect(config.arweaveGateways).toContain('arweave.net');
  });

  it('refuses an avatar proxy without {url} and a gateway given as a URL', () => {
    const noSlot = { ...valid, avatars: { mode: 'proxy', proxy: 'https://images.example/' } };
    expect(codeOf(() => parseAppConfig(noSlot))).toMatch(/^CONFIG_INVALID: avatars.proxy/);
    const asUrl = { ...valid, arweaveGateways: ['https://arweave.net'] };
    expect(codeOf(() => parseAppConfig(asUrl))).toMatch(/^CONFIG_INVALID: arweaveGateways.0/);
    const mode = { ...valid, avatars: { mode: 'direct' } };
    expect(codeOf(() => parseAppConfig(mode))).toMatch(/^CONFIG_INVALID: avatars.mode/);
  });

  it('never offers the burner wallet outside the local chain', () => {
    expect(codeOf(() => parseAppConfig({ ...valid, burner: true }))).toMatch(
      /^CONFIG_INVALID: burner/,
    );
    const local = { ...valid, chain: { ...valid.chain, id: 31337 }, burner: true };
    expect(parseAppConfig(local).burner).toBe(true);
  });

  it('gives each community its own gate and privacy default, else the site-wide ones', () => {
    const config = parseAppConfig({
      ...valid,
      gate: 'https://gate.example/',
      communities: { '7': { gate: 'https://gate.seven.example', privacyMode: true } },
    });
    expect(communityNetwork(config, 0n)).toMatchObject({
      gate: 'https://gate.example/',
      privacyMode: false,
    });
    expect(communityNetwork(config, 7n)).toMatchObject({
      gate: 'https://gate.seven.example',
      privacyMode: true,
    });
    expect(communityNetwork(parseAppConfig(valid), 7n)).toMatchObject({
      gate: undefined,
      privacyMode: false,
    });
  });

  it("adds a community's relays to the site's and puts its gate, STUN and media over the site's", () => {
    const config = parseAppConfig({
      ...valid,
      gate: 'https://gate.example/',
      communities: { '7': { gate: 'https://gate.seven.example', privacyMode: true } },
    });
    const own = {
      relays: ['wss://relay.seven.example/gun', 'https://relay.example/gun'],
      gate: 'https://gate.own.example',
      stunUrls: ['stun:stun.seven.example'],
      turnUrls: ['turns:turn.seven.example'],
      mediaServers: ['wss://janus.seven.example'],
    };
    expect(communityNetwork(config, 7n, own)).toEqual({
      gate: 'https://gate.own.example',
      privacyMode: true,
      relays: ['https://relay.example/gun', 'wss://relay.seven.example/gun'],
      iceServers: [{ urls: ['stun:stun.seven.example'] }, { urls: 'stun:stun.example:3478' }],
      turnUrls: ['turns:turn.seven.example'],
      mediaServers: ['wss://janus.seven.example'],
    });
    // Naming nothing leaves the site's servers as they are.
    expect(communityNetwork(config, 0n)).toEqual({
      gate: 'https://gate.example/',
      privacyMode: false,
      relays: ['https://relay.example/gun'],
      iceServers: [{ urls: 'stun:stun.example:3478' }],
      turnUrls: [],
      mediaServers: [],
    });
  });

  it('refuses a gate that is not an http(s) URL and a community key that is not an id', () => {
    expect(codeOf(() => parseAppConfig({ ...valid, gate: 'turn:gate.example' }))).toMatch(
      /^CONFIG_INVALID: gate/,
    );
    const named = { ...valid, communities: { demo: { privacyMode: true } } };
    expect(codeOf(() => parseAppConfig(named))).toMatch(/^CONFIG_INVALID: communities/);
  });
});
