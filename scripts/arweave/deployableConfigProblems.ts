import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppConfig, LOCAL_CHAIN_ID } from '../../src/core/config.ts';

/** Hosts that only ever stand for "fill this in" or for this machine (RFC 2606, 6761). */
const PLACEHOLDER_HOST =
  /(^|\.)(example\.(com|org|net)|example|invalid|test|localhost)$|^127\.|^0\.0\.0\.0$|^\[::1?\]$/;

/**
 * What keeps `config` from being deployed, one line per entry, naming it: a host that is a
 * placeholder or this machine (example.com/.org, localhost, 127.x), no TURN at all (neither a
 * gate nor a turn: server in iceServers: members behind strict NATs could never connect), or a
 * chain with no deployments file under `root` (or one naming another contract). A config for
 * the local chain (tests, ArLocal) is not checked. Empty when nothing does.
 *
 * @example
 * const problems = await deployableConfigProblems(config, process.cwd());
 * // ['gun.relays.0: gun-relay-1.example.org is a placeholder host', ...]
 */
export async function deployableConfigProblems(config: AppConfig, root: string): Promise<string[]> {
  if (config.chain.id === LOCAL_CHAIN_ID) return [];
  const problems = urlsOf(config).flatMap(([where, url]) => {
    const host = hostOf(url);
    if (host === undefined) return [`${where}: ${url} has no host`];
    return PLACEHOLDER_HOST.test(host) ? [`${where}: ${host} is a placeholder host`] : [];
  });
  const staticTurn = config.iceServers.some(
    (server) => urlList(server.urls).some((url) => /^turns?:/.test(url)) && server.credential,
  );
  if (config.gate === undefined && !staticTurn) {
    problems.push(
      'gate: no TURN for calls. Run `npm run gate` beside a coturn and name it here, or put a ' +
        'turn: server with credentials in iceServers (anyone can read those from the site)',
    );
  }
  problems.push(...(await deploymentProblems(config, root)));
  return problems;
}

async function deploymentProblems(config: AppConfig, root: string): Promise<string[]> {
  const file = join('deployments', `${config.chain.id}.json`);
  let deployment: { address?: unknown };
  try {
    deployment = JSON.parse(await readFile(join(root, file), 'utf8')) as { address?: unknown };
  } catch {
    return [`chain.id: no ${file} for chain ${config.chain.id}: deploy the contracts to it first`];
  }
  const address = String(deployment.address ?? '').toLowerCase();
  return address === config.chain.communityAccess.toLowerCase()
    ? []
    : [`chain.communityAccess: ${config.chain.communityAccess} is not the contract in ${file}`];
}

/** Every URL of the config with the path of its entry, e.g. `gun.relays.1`. */
function urlsOf(config: AppConfig): Array<[string, string]> {
  const urls: Array<[string, string | undefined]> = [
    ['chain.rpcUrl', config.chain.rpcUrl],
    ['chain.blockExplorer', config.chain.blockExplorer],
    ['ens.rpcUrl', config.ens.rpcUrl],
    ...config.gun.relays.map((url, i): [string, string] => [`gun.relays.${i}`, url]),
    ['xmtp.apiUrl', config.xmtp.apiUrl],
    ...config.iceServers.flatMap((server, i) =>
      urlList(server.urls).map((url, j): [string, string] => [`iceServers.${i}.urls.${j}`, url]),
    ),
    ['gate', config.gate],
    ...Object.entries(config.communities ?? {}).map(
      ([id, community]): [string, string | undefined] => [`communities.${id}.gate`, community.gate],
    ),
    ['avatars.proxy', config.avatars.proxy?.replace('{url}', '')],
    ['avatars.ipfsGateway', config.avatars.ipfsGateway],
    ['avatars.arweaveGateway', config.avatars.arweaveGateway],
  ];
  return urls.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

function urlList(urls: string | string[]): string[] {
  return typeof urls === 'string' ? [urls] : urls;
}

/** The host of an http(s)/ws(s) URL, or of a stun:/turn: URI (`turn:host:port?transport=udp`). */
function hostOf(url: string): string | undefined {
  const ice = /^(stuns?|turns?):(\[[^\]]+\]|[^:?]+)/.exec(url);
  if (ice) return ice[2]?.toLowerCase();
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
