import { type AssetHosts, remoteAssetUrl } from './remoteAssetUrl.ts';

/** NFT metadata is a few hundred bytes; anything this large is not read. */
const MAX_BYTES = 64_000;
const TIMEOUT_MS = 10_000;

/**
 * A JSON document (an NFT's metadata) fetched through the configured hosts only
 * ({@link remoteAssetUrl}): null when no configured host can carry `uri`, when the answer is
 * not JSON, is over 64 kB or takes over 10 s. No cookies, no referrer.
 *
 * @example
 * const metadata = await fetchAssetJson('ipfs://Qm…/1', { ipfsGateway: 'https://ipfs.io' });
 */
export async function fetchAssetJson(
  uri: string,
  hosts: AssetHosts,
  fetchFn: typeof fetch = fetch,
): Promise<unknown> {
  const url = remoteAssetUrl(uri, hosts);
  if (url === null) return null;
  try {
    const response = await fetchFn(url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok || Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) {
      return null;
    }
    const text = await readBounded(response);
    return text === null ? null : JSON.parse(text);
  } catch {
    // Unreachable, refused, slow or not JSON: the member keeps the generated avatar.
    return null;
  }
}

/** The body as text, or null past MAX_BYTES (a missing content-length is no guarantee). */
async function readBounded(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
