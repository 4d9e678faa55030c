const TX_PATH = /^\/([A-Za-z0-9_-]{43})(?=\/|$)/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Where the site should be when opened at `<gateway>/<43-char id>/…` on a gateway that
 * serves every site from one origin: the same path, query and hash route on the sandbox
 * subdomain ar.io gateways give each transaction (`<base32 of the id's 32 bytes, RFC 4648,
 * lowercase, no padding>.<gateway>`), so no other site on the gateway shares our origin
 * (storage, service worker). Null when already there, on another host, or not at an id path.
 *
 * @example
 * gatewaySandboxUrl('https://ar-io.net/LuoFs4Pfij9blD0QGqYttEGyNm5cEOSdYpGOdr96fKc/#/c/0', ['ar-io.net']);
 * // 'https://f3valm4d36fd6w4uhuibvjrnwra3entolqiojhlcsghhnp32pstq.ar-io.net/LuoFs4Pfij9blD0QGqYttEGyNm5cEOSdYpGOdr96fKc/#/c/0'
 */
export function gatewaySandboxUrl(href: string, gateways: readonly string[]): string | null {
  const url = new URL(href);
  if (!gateways.includes(url.host.toLowerCase())) return null;
  const id = TX_PATH.exec(url.pathname)?.[1];
  const bytes = id === undefined ? null : base64UrlBytes(id);
  if (bytes === null) return null;
  return `${url.protocol}//${base32(bytes)}.${url.host}${url.pathname}${url.search}${url.hash}`;
}

/** The 32 bytes of a 43-character id, or null if its last 2 bits are not zero (not an id). */
function base64UrlBytes(id: string): Uint8Array | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of id) {
    buffer = (buffer << 6) | BASE64URL.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  return buffer === 0 ? Uint8Array.from(bytes) : null;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
      buffer &= (1 << bits) - 1;
    }
  }
  return bits > 0 ? out + BASE32[(buffer << (5 - bits)) & 31] : out;
}
