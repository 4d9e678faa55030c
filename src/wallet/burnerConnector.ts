import { injected } from '@wagmi/core';
import type { Chain } from 'viem';
import { createBurnerProvider, devAccount } from './createBurnerProvider.ts';

/** How many dev accounts the burner offers (Hardhat funds 20; the demo community holds 5). */
export const BURNER_ACCOUNTS = 10;

/** The burner's connector id, as wagmi remembers the last wallet used. */
export const BURNER_CONNECTOR_ID = 'burner';

/**
 * A wagmi connector for dev account `index` on the local chain: a "wallet" whose key is
 * public, clearly labelled as such, for trying the app with several people on one machine.
 */
export function burnerConnector(index: number, chain: Chain) {
  const account = devAccount(index);
  return injected({
    target: {
      id: BURNER_CONNECTOR_ID,
      name: `Burner wallet (dev account #${index})`,
      provider: createBurnerProvider({ account, chain }),
    },
  });
}
