import type { AvatarMode } from '../core/config.ts';
import { type AssetHosts, remoteAssetUrl } from './remoteAssetUrl.ts';

/** Bounds what one member's record can make every other member keep (memory, storage). */
const MAX_DATA_URI_LENGTH = 100_000;

/**
 * What an `<img>` may load for an avatar source (an ENS avatar record, or an NFT's image):
 * a `data:image/` URI as it is in every mode (it fetches nothing); in `proxy` mode a remote
 * source through the configured gateways or proxy ({@link remoteAssetUrl}); otherwise null,
 * and the caller shows the generated avatar. No URL returned here is on a host a member chose.
 *
 * @example
 * const hosts = { proxy: 'https://images.example/?url={url}' };
 * avatarUrl('https://me.example/a.png', 'proxy', hosts); // 'https://images.example/?url=https%3A%2F%2Fme.example%2Fa.png'
 * avatarUrl('https://me.example/a.png', 'off', hosts);   // null
 * avatarUrl('data:image/png;base64,iVBO…', 'off', hosts); // as it is
 */
export function avatarUrl(source: string, mode: AvatarMode, hosts: AssetHosts): string | null {
  const text = source.trim();
  if (/^data:/i.test(text)) {
    return /^data:image\//i.test(text) && text.length <= MAX_DATA_URI_LENGTH ? text : null;
  }
  // ENSIP-12 lets a record hold the SVG itself; viem turned it into a data: URI too.
  if (text.startsWith('<svg') && text.length <= MAX_DATA_URI_LENGTH) {
    return `data:image/svg+xml,${encodeURIComponent(text)}`;
  }
  return mode === 'proxy' ? remoteAssetUrl(text, hosts) : null;
}
