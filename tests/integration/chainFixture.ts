import { network } from 'hardhat';
import {
  type Address,
  type Client,
  createPublicClient,
  custom,
  type EIP1193RequestFn,
  type PublicClient,
  zeroAddress,
} from 'viem';
import { hardhat } from 'viem/chains';
import { deployCommunityAccess } from '../../scripts/chain/deployCommunityAccess.ts';

/**
 * A fresh in-process Hardhat chain (EDR, no port) for the identity, access, names and chain
 * integration tests and the access bench. Needs compiled artifacts (`npm run compile`).
 */
export async function startTestChain(options: { pollingInterval?: number } = {}) {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const wallet = (i: number) => {
    const client = wallets[i];
    if (!client) throw new Error(`no wallet client #${i}`);
    return client;
  };
  const provider = connection.provider;
  let reachable = true;
  const request: EIP1193RequestFn = (args) =>
    reachable
      ? (provider.request(args as Parameters<typeof provider.request>[0]) as never)
      : Promise.reject(new Error('RPC unreachable (test switch)'));
  /**
   * The client the app's services get: the same chain, with a switch that makes every request
   * fail as an unreachable RPC would, and the app's short polling interval.
   */
  const appClient: PublicClient = createPublicClient({
    chain: hardhat,
    transport: custom({ request }, { retryCount: 0 }),
    pollingInterval: options.pollingInterval ?? 100,
  });

  async function deployAccess(): Promise<Address> {
    const { address } = await deployCommunityAccess(wallet(0), publicClient, {
      livepeerRegistry: zeroAddress,
    });
    return address;
  }

  return {
    connection,
    publicClient: publicClient as Client & PublicClient,
    appClient,
    wallet,
    deployAccess,
    setReachable(value: boolean) {
      reachable = value;
    },
    close: () => connection.close(),
  };
}

export type TestChain = Awaited<ReturnType<typeof startTestChain>>;
