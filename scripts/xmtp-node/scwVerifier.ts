/**
 * Smart-contract wallet signatures for the local node's `VerifySmartContractWalletSignatures`:
 * ERC-1271 `isValidSignature` on deployed wallets and ERC-6492 for wallets not deployed yet,
 * both through viem's `verifyHash` against the chain named in the CAIP-10 account id.
 */
import {
  type Client,
  createPublicClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  toHex,
} from 'viem';
import { getBlockNumber, getChainId, verifyHash } from 'viem/actions';
import type { SmartContractWalletVerifier } from './identityMethods.ts';

const CAIP10_EIP155 = /^eip155:(\d{1,18}):(0x[0-9a-fA-F]{40})$/;
const HASH_BYTES = 32;
/** Far above any real wallet's signature (an ERC-6492 wrapper carries factory calldata). */
const MAX_SIGNATURE_BYTES = 16_384;

/** An EVM account named by a CAIP-10 id such as `eip155:31337:0xabc…`. */
export interface Caip10Account {
  chainId: number;
  address: Hex;
}

/** Reads `eip155:<chain id>:<address>`; undefined for anything else. */
export function parseCaip10(accountId: string): Caip10Account | undefined {
  const match = CAIP10_EIP155.exec(accountId);
  if (!match?.[1] || !match[2] || !isAddress(match[2], { strict: false })) return undefined;
  const chainId = Number(match[1]);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) return undefined;
  return { chainId, address: getAddress(match[2]) };
}

/**
 * A verifier over viem clients, one per chain id. A chain without a client, a client whose
 * RPC serves another chain, a malformed account id, hash or signature, or an RPC failure
 * answers "not valid" with the reason; the answer names the block the check ran at (the
 * latest one unless the request named one), so clients replaying the identity log later ask
 * about the same block.
 *
 * @example
 * const node = await startXmtpNode({
 *   verifySmartContractWalletSignature: chainSignatureVerifier(new Map([[31337, publicClient]])),
 * });
 */
export function chainSignatureVerifier(
  clients: ReadonlyMap<number, Client>,
): SmartContractWalletVerifier {
  const servedChain = new Map<number, Promise<number>>();
  /** Throws when the RPC configured for `chainId` serves another chain (asked once). */
  const checkChain = async (chainId: number, client: Client): Promise<void> => {
    let served = servedChain.get(chainId);
    if (served === undefined) {
      served = getChainId(client);
      servedChain.set(chainId, served);
      served.catch(() => servedChain.delete(chainId));
    }
    const actual = await served;
    if (actual !== chainId) throw new Error(`its RPC serves chain ${actual}`);
  };
  return async ({ accountId, hash, signature, blockNumber }) => {
    const account = parseCaip10(accountId);
    if (account === undefined) {
      return {
        isValid: false,
        error: `account id ${JSON.stringify(accountId)} is not eip155 CAIP-10`,
      };
    }
    const client = clients.get(account.chainId);
    if (client === undefined) {
      const served = [...clients.keys()].join(', ') || 'none';
      return {
        isValid: false,
        error: `this node has no RPC for chain ${account.chainId} (serves: ${served})`,
      };
    }
    if (hash.length !== HASH_BYTES) {
      return { isValid: false, error: `hash is ${hash.length} bytes, expected ${HASH_BYTES}` };
    }
    if (signature.length === 0 || signature.length > MAX_SIGNATURE_BYTES) {
      return {
        isValid: false,
        error: `signature is ${signature.length} bytes (1 to ${MAX_SIGNATURE_BYTES} accepted)`,
      };
    }
    try {
      await checkChain(account.chainId, client);
      const atBlock = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
      const isValid = await verifyHash(client, {
        address: account.address,
        hash: toHex(hash),
        signature,
        blockNumber: atBlock,
      });
      return { isValid, blockNumber: atBlock };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { isValid: false, error: `cannot verify on chain ${account.chainId}: ${reason}` };
    }
  };
}

/**
 * A verifier over JSON-RPC URLs, one per chain id (what `npm run xmtp-node -- --rpc` and the
 * local stack use).
 *
 * @example
 * const verify = rpcSignatureVerifier(new Map([[31337, 'http://127.0.0.1:8545']]));
 */
export function rpcSignatureVerifier(
  rpcUrls: ReadonlyMap<number, string>,
): SmartContractWalletVerifier {
  const clients = new Map<number, Client>();
  for (const [chainId, url] of rpcUrls) {
    clients.set(chainId, createPublicClient({ transport: http(url, { timeout: 10_000 }) }));
  }
  return chainSignatureVerifier(clients);
}

/**
 * Parses `--rpc` values of the form `<chain id>=<http(s) URL>`; throws naming the bad one.
 *
 * @example
 * parseRpcOptions(['31337=http://127.0.0.1:8545']); // Map { 31337 => 'http://127.0.0.1:8545' }
 */
export function parseRpcOptions(values: readonly string[]): Map<number, string> {
  const urls = new Map<number, string>();
  for (const value of values) {
    const match = /^(\d{1,18})=(https?:\/\/\S+)$/.exec(value);
    const chainId = Number(match?.[1]);
    if (!match?.[2] || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new Error(
        `--rpc ${value}: expected <chain id>=<http(s) URL>, e.g. 31337=http://127.0.0.1:8545`,
      );
    }
    if (urls.has(chainId)) throw new Error(`--rpc: chain ${chainId} given twice`);
    urls.set(chainId, match[2]);
  }
  return urls;
}
