import type { Address } from 'viem';
import * as z from 'zod/mini';
import { AppError } from './errors.ts';

const address = z.custom<Address>(
  (value) => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value),
  'expected a 0x address',
);
const url = z
  .string()
  .check(z.regex(/^(https?|wss?):\/\/\S+$/, 'expected an http(s) or ws(s) URL'));

const httpUrl = z.string().check(z.regex(/^https?:\/\/[^\s/]+\S*$/, 'expected an http(s) URL'));
const wsUrl = z.string().check(z.regex(/^wss?:\/\/[^\s/]+\S*$/, 'expected a ws(s) URL'));
/** An image proxy: an http(s) URL with `{url}` where the encoded remote URL goes. */
const proxyTemplate = httpUrl.check(
  z.regex(
    /^https?:\/\/[^\s/{}]+\/\S*\{url\}/,
    'expected an http(s) URL with {url} in its path or query',
  ),
);
/** A gateway host as `location.host` spells it: lowercase name, optional port. */
const host = z
  .string()
  .check(z.regex(/^[a-z0-9.-]+(:\d{1,5})?$/, 'expected a host such as arweave.net'));

/**
 * ar.io gateways that serve each manifest on its own subdomain
 * (`<base32 of the id>.<gateway>`); the site moves there when opened at `<gateway>/<id>/`.
 */
export const DEFAULT_ARWEAVE_GATEWAYS: readonly string[] = [
  'arweave.net',
  'ar-io.net',
  'ar-io.dev',
  'g8way.io',
  'permagate.io',
];

/**
 * A host the page may broadcast to, written as a CSP host source: `https://host`,
 * `https://*.host` for its subdomains, an optional port or `:*` (e.g. `http://127.0.0.1:*`).
 */
const ingestOrigin = z
  .string()
  .check(
    z.regex(
      /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/,
      'expected an origin such as https://livepeer.studio or https://*.example.net',
    ),
  );

/** Hardhat's local chain; the only chain on which the burner wallet is offered. */
export const LOCAL_CHAIN_ID = 31337;

const appConfigSchema = z.object({
  /** Prefix of every graph path, so deployments never read each other's rooms. */
  appName: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  chain: z.object({
    id: z.number().check(z.int(), z.positive()),
    name: z.string(),
    rpcUrl: url,
    /** Most requests per second sent to `rpcUrl` (public RPCs answer 429 past theirs). Default 10. */
    maxReadsPerSecond: z.optional(z.number().check(z.positive())),
    communityAccess: address,
    /** The meetings contract beside CommunityAccess; without it the calendar is not offered. */
    meetingScheduler: z.optional(address),
    deploymentBlock: z.number().check(z.int(), z.nonnegative()),
    blockExplorer: z.optional(url),
  }),
  ens: z.object({
    chainId: z.number().check(z.int(), z.positive()),
    rpcUrl: url,
    /** Set for a local chain with test resolvers; production uses viem's default. */
    universalResolver: z.optional(address),
  }),
  gun: z.object({ relays: z.array(url).check(z.minLength(1)) }),
  xmtp: z.object({
    env: z.enum(['local', 'dev', 'production']),
    apiUrl: z.optional(url),
  }),
  /**
   * STUN/TURN servers every call uses. TURN credentials written here are static: anyone can
   * read them from the site and relay through that TURN server (prefer a `gate`).
   */
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.optional(z.string()),
      credential: z.optional(z.string()),
    }),
  ),
  /**
   * The TURN gate (`npm run gate`) that hands members short-lived TURN credentials, for every
   * community that does not name its own in `communities`.
   */
  gate: z.optional(httpUrl),
  /**
   * Media servers (Janus AudioBridge) rooms move to when they outgrow the mesh: each its Janus
   * WebSocket URL and the gate that admits members to it (`POST <gate>/media`). None: rooms
   * stay on the mesh.
   */
  media: z.optional(
    z.object({
      servers: z
        .array(z.object({ url: wsUrl, gate: httpUrl }))
        .check(z.minLength(1), z.maxLength(16)),
      /**
       * Members (the roster, this one included) at which a room leaves the mesh for a media
       * server. Default: the mesh's speaker cap (docs/decisions-media.md).
       */
      moveAt: z.optional(z.number().check(z.int(), z.gte(2))),
    }),
  ),
  /** Default of each member's privacy mode (relay-only calls, no IP address shown to peers). */
  privacyMode: z.optional(z.boolean()),
  /** Per community (by id): its own gate and privacy default, over the site-wide ones. */
  communities: z.optional(
    z.record(
      z.string().check(z.regex(/^\d{1,30}$/, 'expected a community id')),
      z.object({ gate: z.optional(httpUrl), privacyMode: z.optional(z.boolean()) }),
    ),
  ),
  access: z.object({
    /** How long a positive hasAccess answer may be reused while the RPC is down. */
    graceMs: z.number().check(z.int(), z.nonnegative()),
  }),
  /**
   * Where ENS avatars may come from. Remote avatars load only through these hosts, so no
   * member learns another's IP address from an avatar host they chose; without `proxy`,
   * https avatars are not shown at all (fail closed). `data:` avatars always show.
   */
  avatars: z._default(
    z.object({
      /** Default of each member's own setting: `off` shows only generated and data: avatars. */
      mode: z._default(z.enum(['proxy', 'off']), 'proxy'),
      /** e.g. `https://images.example/?url={url}`. */
      proxy: z.optional(proxyTemplate),
      /** ipfs:// avatars and NFT metadata, e.g. `https://ipfs.io`. */
      ipfsGateway: z.optional(httpUrl),
      /** ar:// avatars, e.g. `https://arweave.net`. */
      arweaveGateway: z.optional(httpUrl),
    }),
    { mode: 'proxy' },
  ),
  /** Hosts on which the site moves to its own subdomain (see DEFAULT_ARWEAVE_GATEWAYS). */
  arweaveGateways: z._default(z.array(host), () => [...DEFAULT_ARWEAVE_GATEWAYS]),
  /**
   * Broadcasting a room's audio over WHIP: the ingest hosts a room's host may send to. The
   * page's CSP lets it connect to these only; without any, no broadcast is offered.
   */
  broadcast: z.optional(z.object({ ingestOrigins: z.array(ingestOrigin) })),
  /**
   * Let each community's owner name its own relays, gate and media servers on chain, which the
   * page then connects to: the CSP's connect-src takes any `wss:` and `https:` host (see
   * docs/decisions-network.md). Off, members see the entries in Diagnostics as not used.
   */
  communityServers: z.optional(z.boolean()),
  /** Offer the burner wallet (dev accounts); refused unless the chain is local. */
  burner: z.boolean(),
});

export type AppConfig = z.infer<typeof appConfigSchema>;
/** How avatars are loaded: through the configured hosts, or not at all. */
export type AvatarMode = AppConfig['avatars']['mode'];

/** One STUN/TURN entry of `iceServers`. */
export type IceServerConfig = AppConfig['iceServers'][number];

/** The servers a community's owner named on chain, each already checked (`src/network/`). */
export interface CommunityServerList {
  relays: readonly string[];
  gate: string | undefined;
  /** STUN URLs, used as they are. */
  stunUrls: readonly string[];
  /** TURN URLs, used only with credentials from the community's own gate. */
  turnUrls: readonly string[];
  mediaServers: readonly string[];
}

/** A community that names no servers. */
export const NO_COMMUNITY_SERVERS: CommunityServerList = {
  relays: [],
  gate: undefined,
  stunUrls: [],
  turnUrls: [],
  mediaServers: [],
};

/** How calls and rooms of one community reach others: relays, gate, ICE and media servers. */
export interface CommunityNetwork {
  gate: string | undefined;
  privacyMode: boolean;
  /** The site's relays, then the community's own that the site does not list. */
  relays: readonly string[];
  /** The community's STUN servers, then the site's `iceServers`. */
  iceServers: readonly IceServerConfig[];
  /** TURN URLs of the community, to be used with its gate's credentials. */
  turnUrls: readonly string[];
  /** The community's media servers (the site names none yet). */
  mediaServers: readonly string[];
}

/**
 * The servers of `communityId`'s rooms: the site's relays plus the community's own, and its
 * gate, STUN/TURN and media servers over the site's (the gate: the community's on chain, else
 * its entry in `communities`, else the site-wide `gate`). Privacy default: its entry in
 * `communities`, else the site-wide `privacyMode`.
 *
 * @example
 * const { gate, relays, privacyMode } = communityNetwork(config, 0n, checkedServers);
 */
export function communityNetwork(
  config: AppConfig,
  communityId: bigint,
  own: CommunityServerList = NO_COMMUNITY_SERVERS,
): CommunityNetwork {
  const site = config.communities?.[communityId.toString()];
  return {
    gate: own.gate ?? site?.gate ?? config.gate,
    privacyMode: site?.privacyMode ?? config.privacyMode ?? false,
    relays: [...new Set([...config.gun.relays, ...own.relays])],
    iceServers:
      own.stunUrls.length === 0
        ? config.iceServers
        : [{ urls: [...own.stunUrls] }, ...config.iceServers],
    turnUrls: own.turnUrls,
    mediaServers: own.mediaServers,
  };
}

/**
 * Validates raw JSON into an AppConfig, or throws a CONFIG_INVALID AppError naming the field.
 *
 * @example
 * const config = parseAppConfig(await (await fetch('./config.json')).json());
 */
export function parseAppConfig(raw: unknown): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw AppError.config(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  const config = result.data;
  if (config.burner && config.chain.id !== LOCAL_CHAIN_ID) {
    throw AppError.config(`burner: only allowed on the local chain ${LOCAL_CHAIN_ID}`);
  }
  return config;
}
