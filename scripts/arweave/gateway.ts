import Arweave from 'arweave';
import { DeployError } from './errors.ts';

/** Default gateway; any ar.io gateway or ArLocal works the same. */
export const DEFAULT_GATEWAY = 'https://arweave.net';

/** Other gateways that serve the same transactions, named to users after a deploy. */
export const ALTERNATIVE_GATEWAYS = ['https://ar-io.dev', 'https://permagate.io'] as const;

/**
 * An arweave-js client for `gatewayUrl` (scheme, host and port; a path is ignored).
 *
 * @example
 * const arweave = createGatewayClient('http://127.0.0.1:1984');
 */
export function createGatewayClient(gatewayUrl: string): Arweave {
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch (cause) {
    throw new DeployError('GATEWAY_UNREACHABLE', `Not a URL: ${gatewayUrl}`, { cause });
  }
  const protocol = url.protocol.replace(':', '');
  const port = url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port);
  return Arweave.init({ host: url.hostname, port, protocol, timeout: 60_000 });
}

/**
 * The gateway's network name (`arweave.N.1` on mainnet, `arlocal.N.1` on ArLocal);
 * GATEWAY_UNREACHABLE if it does not answer.
 */
export async function getNetworkName(arweave: Arweave, gatewayUrl: string): Promise<string> {
  try {
    const info = await arweave.network.getInfo();
    if (typeof info.network !== 'string') throw new Error('no network in /info');
    return info.network;
  } catch (cause) {
    throw new DeployError(
      'GATEWAY_UNREACHABLE',
      `The gateway ${gatewayUrl} did not answer /info; try another with --gateway.`,
      { cause },
    );
  }
}

/**
 * Whether the gateway knows transaction `id`, confirmed or pending. arweave.net answers
 * 202 while pending; ArLocal answers 200 with the body "Pending".
 */
export async function transactionKnown(arweave: Arweave, id: string): Promise<boolean> {
  const { status } = await arweave.transactions.getStatus(id);
  return status === 200 || status === 202;
}

/**
 * The fee in winston for uploading files of `sizes` as separate transactions, from the
 * gateway's `/price/<bytes>` (each transaction is priced on its own).
 */
export async function quoteWinston(arweave: Arweave, sizes: readonly number[]): Promise<bigint> {
  const bySize = new Map<number, Promise<string>>();
  let total = 0n;
  for (const size of sizes) {
    let price = bySize.get(size);
    if (!price) {
      price = arweave.transactions.getPrice(size);
      bySize.set(size, price);
    }
    total += BigInt(await price);
  }
  return total;
}

/** Winston as AR with up to 12 decimals, for people. */
export function formatAr(winston: bigint): string {
  const whole = winston / 1_000_000_000_000n;
  const fraction = (winston % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} AR`;
}
