import { createPublicClient, http } from 'viem';
import {
  DEFAULT_CHAIN_READS_PER_SECOND,
  rateLimitedTransport,
} from '../chain/rateLimitedTransport.ts';
import type { AppConfig } from '../core/config.ts';
import { Scope } from '../core/Scope.ts';
import { dropLegacySessions } from '../identity/dropLegacySessions.ts';
import { createNameService } from '../names/createNameService.ts';
import { CommunitiesStore } from '../stores/communities.svelte.ts';
import { NamesStore } from '../stores/names.svelte.ts';
import type { RoomKit } from '../stores/RoomKit.ts';
import { RouteStore } from '../stores/route.svelte.ts';
import type { Services } from '../stores/Services.ts';
import { WalletStore } from '../stores/wallet.svelte.ts';
import { rememberedBurner } from '../wallet/burnerChoice.ts';
import { burnerConnector } from '../wallet/burnerConnector.ts';
import { WalletSession } from '../wallet/WalletSession.ts';

/**
 * The composition root: builds each service once, wires them, and ties their lifetimes
 * to one scope that ends with the page.
 */
export function createServices(config: AppConfig, target: Window): Services {
  const scope = new Scope();
  const wallet = new WalletSession(config, scope);
  // A reload or a new tab (the admin console opens in one) comes back connected to the wallet
  // chosen before, without asking; the burner as the dev account this tab, or else this
  // browser, used last.
  const burnerIndex = config.burner
    ? rememberedBurner(target.sessionStorage, target.localStorage)
    : null;
  void wallet.restore(
    burnerIndex === null ? null : burnerConnector(burnerIndex, wallet.targetChain),
  );
  const chainClient = createPublicClient({
    chain: wallet.targetChain,
    // The public RPC is never asked faster than it allows; a 429 would cost members access.
    transport: rateLimitedTransport(http(config.chain.rpcUrl), {
      requestsPerSecond: config.chain.maxReadsPerSecond ?? DEFAULT_CHAIN_READS_PER_SECOND,
    }),
  });
  // Versions before IndexedDB kept session private keys as text in localStorage, readable by
  // any site sharing the origin (a gateway's arweave.net/<txid>/): removed on every load.
  dropLegacySessions(target.localStorage);
  const nameService = createNameService(config, target.localStorage);
  let roomKit: Promise<RoomKit> | undefined;
  // Signing out (disconnect or another account) revokes the session certificate of the
  // address that was connected, so the next entry asks the wallet again.
  let connected = wallet.state.status === 'connected' ? wallet.state.address : null;
  wallet.events.on(
    'changed',
    (state) => {
      const next = state.status === 'connected' ? state.address : null;
      const previous = connected;
      if (state.status !== 'connecting') connected = next;
      if (previous && state.status !== 'connecting' && previous !== next) {
        void roomKit?.then((kit) => kit.sessions.signOut(previous));
      }
    },
    scope,
  );
  return {
    config,
    scope,
    chainClient,
    wallet,
    walletStore: new WalletStore(wallet, scope),
    route: new RouteStore(target, scope.signal),
    communities: new CommunitiesStore(chainClient, config.chain.communityAccess),
    names: new NamesStore(nameService, scope),
    nameService,
    roomKit: () => {
      roomKit ??= import('../stores/RoomKit.ts').then(
        ({ RoomKit }) =>
          new RoomKit({
            config,
            chainClient,
            scope,
            window: target,
            resolveProfile: (address) => nameService.lookup(address),
          }),
      );
      return roomKit;
    },
  };
}
