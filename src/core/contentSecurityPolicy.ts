import type { AppConfig } from './config.ts';

/** How the policy reaches the browser: a `<meta>` cannot carry `frame-ancestors`. */
export type PolicyDelivery = 'meta' | 'header';

/**
 * The XMTP network API per env when `xmtp.apiUrl` is not set (`ApiUrls` of
 * @xmtp/browser-sdk 7.1.0). The app sets `historySyncUrl: null`, so no history server.
 */
const XMTP_API: Record<AppConfig['xmtp']['env'], string> = {
  local: 'http://localhost:5557',
  dev: 'https://api.dev.xmtp.network:5558',
  production: 'https://api.production.xmtp.network:5558',
};

/** The scheme a relay URL also speaks: Gun moves from http(s) to ws(s) on the same host. */
const TWIN: Record<string, string> = {
  'http:': 'ws:',
  'https:': 'wss:',
  'ws:': 'http:',
  'wss:': 'https:',
};

/**
 * The Content Security Policy of the site for one config: scripts only from the site itself
 * (plus WebAssembly compilation for XMTP and libsecp256k1), connections only to the
 * configured chain and ENS RPCs, Gun relays (http and ws forms), the XMTP API, avatar
 * gateways and broadcast ingest hosts (and any `wss:`/`https:` host where `communityServers`
 * lets communities name their own servers), images only from the site, `data:`/`blob:` and the
 * configured avatar hosts.
 * `npm run build:arweave` puts it in a `<meta>` of index.html; the local stack sends it as
 * a header, so the e2e tier runs under the same rules.
 *
 * @example
 * const policy = contentSecurityPolicy(config, 'meta');
 * // "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; ...; connect-src 'self' https://arb1.arbitrum.io ..."
 */
export function contentSecurityPolicy(config: AppConfig, delivery: PolicyDelivery): string {
  const { proxy, ipfsGateway, arweaveGateway } = config.avatars;
  const avatarHosts = [proxy, ipfsGateway, arweaveGateway].flatMap((url) =>
    url === undefined ? [] : [origin(url)],
  );
  const relays = config.gun.relays.flatMap((url) => {
    const parsed = new URL(url);
    const twin = TWIN[parsed.protocol];
    return twin === undefined ? [parsed.origin] : [parsed.origin, `${twin}//${parsed.host}`];
  });
  const connect = [
    origin(config.chain.rpcUrl),
    origin(config.ens.rpcUrl),
    ...relays,
    origin(config.xmtp.apiUrl ?? XMTP_API[config.xmtp.env]),
    // NFT avatars' metadata is fetched through the same hosts as the images.
    ...avatarHosts,
    // TURN gates, where members ask for TURN credentials.
    ...gates(config).map(origin),
    // Media servers (Janus WebSockets) and the gates that admit members to them.
    ...(config.media?.servers ?? []).flatMap((server) => [origin(server.url), origin(server.gate)]),
    // WHIP ingest (POST and DELETE) for a room's broadcast.
    ...(config.broadcast?.ingestOrigins ?? []),
    // Relays, gates and media servers a community's owner names on chain: hosts no static
    // site can list in advance, so any secure WebSocket and https host, only where the
    // deployer opted in (docs/decisions-network.md).
    ...(config.communityServers ? ['wss:', 'https:'] : []),
  ];
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'"],
    // Svelte sets style attributes, and its dev server injects component styles.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...avatarHosts],
    ['media-src', "'self'", 'blob:', 'mediastream:'],
    ['connect-src', "'self'", ...connect],
    ['worker-src', "'self'", 'blob:'],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
  ];
  if (delivery === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map(([name, ...sources]) => [name, ...unique(sources)].join(' ')).join('; ');
}

/** The site-wide gate and every community's own. */
function gates(config: AppConfig): string[] {
  const own = Object.values(config.communities ?? {}).map((community) => community.gate);
  return [config.gate, ...own].filter((gate) => gate !== undefined);
}

/** `scheme://host[:port]` of a URL (CSP host sources; paths would pin single resources). */
function origin(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

function unique(sources: string[]): string[] {
  return [...new Set(sources)];
}
