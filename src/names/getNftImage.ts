import type { Address, Client } from 'viem';
import { numberToHex } from 'viem';
import { readContract } from 'viem/actions';

export interface GetNftImageParameters {
  /** An ENSIP-12 NFT avatar record: `eip155:1/erc721:0x…/42` (or `did:nft:` form). */
  record: string;
  /**
   * Fetches an NFT's metadata JSON from its tokenURI (https:, ipfs:, ar:), through hosts the
   * site configured; null when no configured host can carry it. Never a member's host.
   */
  fetchMetadata(uri: string): Promise<unknown>;
}

/** The NFT's image reference (https:, ipfs:, data:, raw SVG), to pass through `avatarUrl`. */
export type GetNftImageReturnType = string | null;

const RECORD = /^eip155:(\d{1,12})\/(erc721|erc1155):(0x[0-9a-fA-F]{40})\/(\d{1,78})$/i;
/** A tokenURI longer than this is not read further (on-chain SVG art stays well under it). */
const MAX_TOKEN_URI_LENGTH = 200_000;

const tokenUriAbi = [
  {
    name: 'tokenURI',
    type: 'function',
    stateMutability: 'view',
    inputs: [{ name: 'tokenId', type: 'uint256' }],
    outputs: [{ name: '', type: 'string' }],
  },
  {
    name: 'uri',
    type: 'function',
    stateMutability: 'view',
    inputs: [{ name: 'id', type: 'uint256' }],
    outputs: [{ name: '', type: 'string' }],
  },
] as const;

/**
 * The image of an NFT avatar: its tokenURI read through the ENS client's RPC (only NFTs on
 * that chain), its metadata decoded when on chain or fetched through `fetchMetadata`. Unlike
 * viem's getEnsAvatar, it never asks the host a member chose (no HEAD, no metadata request).
 * Null when the record, the token or its metadata is not usable; rejects when the RPC fails.
 *
 * @example
 * const image = await getNftImage(ensClient, {
 *   record: 'eip155:1/erc721:0xb47e3cd837dDF8e4c57F05d70Ab865de6e193BBB/1',
 *   fetchMetadata: (uri) => fetchViaGateway(uri),
 * });
 */
export async function getNftImage(
  client: Client,
  { record, fetchMetadata }: GetNftImageParameters,
): Promise<GetNftImageReturnType> {
  const match = RECORD.exec(
    record
      .trim()
      .replace(/^did:nft:/i, '')
      .replaceAll('_', '/'),
  );
  if (!match) return null;
  if (client.chain?.id !== Number(match[1])) return null;
  const erc1155 = match[2]?.toLowerCase() === 'erc1155';
  const contract = match[3] as Address;
  const tokenId = match[4] as string;
  const uri = await readContract(client, {
    address: contract,
    abi: tokenUriAbi,
    functionName: erc1155 ? 'uri' : 'tokenURI',
    args: [BigInt(tokenId)],
  });
  if (uri.length > MAX_TOKEN_URI_LENGTH) return null;
  const onChain = decodeJsonUri(uri);
  const metadata =
    onChain !== undefined
      ? onChain
      : await fetchMetadata(
          // ERC-1155: `{id}` is the token id as 64 lowercase hex digits.
          uri.replace(
            /(0x)?\{id\}/,
            erc1155 ? numberToHex(BigInt(tokenId), { size: 32 }).slice(2) : tokenId,
          ),
        );
  return imageOf(metadata);
}

/** The JSON of an on-chain tokenURI (`data:application/json…` or a bare object), else undefined. */
function decodeJsonUri(uri: string): unknown {
  try {
    const base64 = /^data:application\/json;base64,(.*)$/s.exec(uri);
    if (base64) {
      const bytes = Uint8Array.from(atob((base64[1] as string).replace(/\s/g, '')), (c) =>
        c.charCodeAt(0),
      );
      return JSON.parse(new TextDecoder().decode(bytes));
    }
    const plain = /^data:application\/json(;[^,]*)?,(.*)$/s.exec(uri);
    if (plain) return JSON.parse(decodeURIComponent(plain[2] as string));
    if (uri.trimStart().startsWith('{')) return JSON.parse(uri);
  } catch {
    // Malformed on-chain JSON: no image (null below), like a token without one.
    return null;
  }
  return undefined;
}

function imageOf(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const { image, image_url: imageUrl, image_data: imageData } = metadata as Record<string, unknown>;
  const found = [image, imageUrl, imageData].find((value) => typeof value === 'string' && value);
  return typeof found === 'string' ? found : null;
}
