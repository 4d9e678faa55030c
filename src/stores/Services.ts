import type { Client } from 'viem';
import type { AppConfig } from '../core/config.ts';
import type { Scope } from '../core/Scope.ts';
import type { NameService } from '../names/NameService.ts';
import type { WalletSession } from '../wallet/WalletSession.ts';
import type { CommunitiesStore } from './communities.svelte.ts';
import type { NamesStore } from './names.svelte.ts';
import type { RoomKit } from './RoomKit.ts';
import type { RouteStore } from './route.svelte.ts';
import type { WalletStore } from './wallet.svelte.ts';

/** Everything the views use, built once per page by `createServices`. */
export interface Services {
  config: AppConfig;
  scope: Scope;
  /** Reads from the app's chain (the wallet is only asked to sign). */
  chainClient: Client;
  wallet: WalletSession;
  walletStore: WalletStore;
  route: RouteStore;
  communities: CommunitiesStore;
  /** ENS names and avatars for every address shown (reactive). */
  names: NamesStore;
  /** ENS lookups, incl. resolving a typed name to an address. */
  nameService: NameService;
  /** Sessions, access checks and the graph for rooms; loaded on first entry. */
  roomKit(): Promise<RoomKit>;
}
