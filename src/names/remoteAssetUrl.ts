/** The hosts a remote avatar or NFT metadata may be loaded through (`config.avatars`). */
export interface AssetHosts {
  /** An image proxy, `{url}` standing for the encoded remote URL. */
  proxy?: string | undefined;
  /** An IPFS gateway origin, e.g. `https://ipfs.io`. */
  ipfsGateway?: string | undefined;
  /** An Arweave gateway origin, e.g. `https://arweave.net`. */
  arweaveGateway?: string | undefined;
}

/** Longer references are not avatars anyone needs; refusing them bounds what we forward. */
const MAX_URI_LENGTH = 2048;
const CID = /^(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{58,}|k[a-z0-9]{50,})$/;
const AR_ID = /^[A-Za-z0-9_-]{43}$/;
/** What may follow a CID or a transaction id: a path, no query, no spaces. */
const SUBPATH = /^(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

/**
 * The URL through which a remote asset (`https:`, `ipfs:`, `ipns:`, `ar:`, a bare CID) may be
 * fetched without contacting a host a member chose: IPFS and Arweave content through the
 * configured gateways, anything else on http(s) through the configured proxy. Null when no
 * configured host can carry it (fail closed) or the reference is malformed.
 *
 * @example
 * const hosts = { proxy: 'https://images.example/?url={url}', ipfsGateway: 'https://ipfs.io' };
 * remoteAssetUrl('https://me.example/a.png', hosts); // 'https://images.example/?url=https%3A%2F%2Fme.example%2Fa.png'
 * remoteAssetUrl('ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/1.png', hosts); // 'https://ipfs.io/ipfs/QmYw…/1.png'
 * remoteAssetUrl('ar://<43-char id>', hosts); // null: no Arweave gateway configured
 */
export function remoteAssetUrl(uri: string, hosts: AssetHosts): string | null {
  const text = uri.trim();
  if (text.length === 0 || text.length > MAX_URI_LENGTH) return null;
  if (CID.test(text)) return content(hosts.ipfsGateway, `ipfs/${text}`);
  const scheme = /^([a-z]+):\/\/(.*)$/i.exec(text);
  if (!scheme) return null;
  const protocol = (scheme[1] as string).toLowerCase();
  const rest = scheme[2] as string;
  if (protocol === 'ipfs' || protocol === 'ipns') {
    // `ipfs://ipfs/<cid>` is a common misspelling of `ipfs://<cid>`.
    const path = rest.replace(/^(ipfs|ipns)\//, '');
    return contentPath(hosts.ipfsGateway, protocol, path);
  }
  if (protocol === 'ar') return arweavePath(hosts.arweaveGateway, rest);
  if (protocol !== 'https' && protocol !== 'http') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  // A gateway link a member pasted (`https://<any host>/ipfs/<cid>`) goes to our gateway.
  const ipfs = /^\/(ipfs|ipns)\/(.+)$/.exec(url.pathname);
  if (ipfs && hosts.ipfsGateway !== undefined && url.search === '') {
    const viaGateway = contentPath(hosts.ipfsGateway, ipfs[1] as string, ipfs[2] as string);
    if (viaGateway !== null) return viaGateway;
  }
  for (const gateway of [hosts.ipfsGateway, hosts.arweaveGateway]) {
    if (gateway !== undefined && url.origin === new URL(gateway).origin) return url.href;
  }
  if (hosts.proxy === undefined || url.username !== '' || url.password !== '') return null;
  return hosts.proxy.replace('{url}', encodeURIComponent(url.href));
}

function contentPath(gateway: string | undefined, kind: string, path: string): string | null {
  const slash = path.indexOf('/');
  const id = slash === -1 ? path : path.slice(0, slash);
  const sub = slash === -1 ? '' : path.slice(slash);
  if (!SUBPATH.test(sub)) return null;
  // IPNS names may be DNS names (ipns://app.example), CIDs otherwise.
  const valid = kind === 'ipns' ? /^[A-Za-z0-9.-]{1,253}$/.test(id) : CID.test(id);
  return valid ? content(gateway, `${kind}/${id}${sub}`) : null;
}

function arweavePath(gateway: string | undefined, path: string): string | null {
  const slash = path.indexOf('/');
  const id = slash === -1 ? path : path.slice(0, slash);
  const sub = slash === -1 ? '' : path.slice(slash);
  return AR_ID.test(id) && SUBPATH.test(sub) ? content(gateway, `${id}${sub}`) : null;
}

function content(gateway: string | undefined, path: string): string | null {
  return gateway === undefined ? null : `${gateway.replace(/\/+$/, '')}/${path}`;
}
