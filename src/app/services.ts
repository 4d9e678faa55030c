import type { AppConfig } from '../core/config.ts';
import { Scope } from '../core/scope.ts';
import { RouteStore } from '../stores/route.svelte.ts';
import { WalletStore } from '../stores/wallet.svelte.ts';
import { WalletSession } from '../wallet/wallet-session.ts';

/** Everything the views use, built once per page by `createServices`. */
export interface Services {
  config: AppConfig;
  scope: Scope;
  wallet: WalletSession;
  walletStore: WalletStore;
  route: RouteStore;
}

/**
 * The composition root: builds each service once, wires them, and ties their lifetimes
 * to one scope that ends with the page.
 */
export function createServices(config: AppConfig, target: Window): Services {
  const scope = new Scope();
  const wallet = new WalletSession(config, scope);
  return {
    config,
    scope,
    wallet,
    walletStore: new WalletStore(wallet, scope),
    route: new RouteStore(target, scope.signal),
  };
}
