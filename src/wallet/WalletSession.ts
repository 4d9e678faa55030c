import {
  type Config,
  type Connector,
  type CreateConnectorFn,
  connect,
  createConfig,
  disconnect,
  getConnection,
  getConnectorClient,
  getConnectors,
  injected,
  reconnect,
  signMessage,
  switchChain,
  watchConnection,
  watchConnectors,
} from '@wagmi/core';
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  http,
  type Transport,
} from 'viem';
import type { AppConfig } from '../core/config.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';
import { BURNER_CONNECTOR_ID } from './burnerConnector.ts';
import { appChains } from './chains.ts';
import { switchChainError } from './switchChainError.ts';
import { isUserRejection } from './walletErrors.ts';

/** How long a reload waits for the wallet it reconnects to announce itself. */
const ANNOUNCE_WAIT_MS = 1_000;

/** A wallet the user can pick: EIP-6963 announced wallets by name and icon, or the burner. */
export interface WalletOption {
  id: string;
  name: string;
  icon: string | undefined;
}

export type WalletState =
  | { status: 'disconnected' }
  | { status: 'connecting'; walletName: string }
  | { status: 'connected'; address: Address; chainId: number; walletName: string };

export interface WalletEvents {
  /** Account, chain or connection changed. */
  changed: WalletState;
  /** The list of discovered wallets changed (EIP-6963 announcements arrive over time). */
  options: readonly WalletOption[];
}

/**
 * The user's wallet connection over @wagmi/core: injected and EIP-6963 wallets, and on the
 * local chain a burner. Follows account and chain changes made in the wallet.
 *
 * @example
 * const wallet = new WalletSession(config, scope);
 * await wallet.connect(wallet.options()[0].id);
 */
export class WalletSession {
  readonly events = new Emitter<WalletEvents>();
  readonly targetChain: Chain;
  readonly #wagmi: Config;
  #state: WalletState = { status: 'disconnected' };
  /** While `restore` runs, wagmi's own "disconnected" (before it reconnects) is not news. */
  #restoring = false;

  constructor(config: AppConfig, scope: Scope) {
    const chains = appChains(config);
    this.targetChain = chains.target;
    this.#wagmi = createConfig({
      chains: chains.all,
      connectors: [injected()],
      multiInjectedProviderDiscovery: true,
      transports: Object.fromEntries(chains.all.map((chain) => [chain.id, http()])),
    });
    scope.add(
      watchConnection(this.#wagmi, {
        onChange: () => this.#sync(),
      }),
    );
    scope.add(
      watchConnectors(this.#wagmi, {
        onChange: () => this.events.emit('options', this.options()),
      }),
    );
  }

  get state(): WalletState {
    return this.#state;
  }

  /** True when the wallet is connected on a chain other than the app's. */
  get onWrongChain(): boolean {
    return this.#state.status === 'connected' && this.#state.chainId !== this.targetChain.id;
  }

  options(): WalletOption[] {
    return getConnectors(this.#wagmi)
      .filter((connector) => connector.id !== 'injected' || this.#hasInjectedProvider())
      .map((connector) => ({ id: connector.id, name: connector.name, icon: connector.icon }));
  }

  /**
   * Reconnects, without a prompt, the wallet this browser connected last (a reload, a new tab
   * such as the admin console's): wagmi keeps its id in localStorage, and the wallet answers
   * `eth_accounts` for a site it authorized. `burner` is the connector to use when that wallet
   * was the burner (its dev account is the app's to remember). Nothing happens after a
   * disconnect, or when the wallet is not here any more.
   *
   * @example
   * await wallet.restore(burnerConnector(rememberedIndex, wallet.targetChain));
   */
  async restore(burner: CreateConnectorFn | null): Promise<void> {
    if (this.#state.status !== 'disconnected') return;
    // Said at once (before the page first draws), so nobody picks a wallet meanwhile.
    this.#set({ status: 'connecting', walletName: 'your wallet' });
    this.#restoring = true;
    try {
      const recent = await this.#wagmi.storage?.getItem('recentConnectorId');
      const connector = !recent
        ? undefined
        : recent === BURNER_CONNECTOR_ID
          ? (burner ?? undefined)
          : await this.#announced(recent);
      if (connector) await reconnect(this.#wagmi, { connectors: [connector] });
    } finally {
      this.#restoring = false;
    }
    this.#sync();
    // Nothing to reconnect, or the wallet no longer authorizes this site: wagmi stays
    // disconnected without telling.
    if (this.state.status === 'connecting') this.#set({ status: 'disconnected' });
  }

  /** Connects the wallet with this id (from `options()`), or a given connector (the burner). */
  async connect(wallet: string | Parameters<typeof connect>[1]['connector']): Promise<void> {
    const connector =
      typeof wallet === 'string'
        ? getConnectors(this.#wagmi).find((candidate: Connector) => candidate.id === wallet)
        : wallet;
    if (!connector) throw new AppError('WALLET_NOT_FOUND', 'No such wallet', { category: 'user' });
    this.#set({
      status: 'connecting',
      walletName: 'name' in connector ? connector.name : 'wallet',
    });
    try {
      await connect(this.#wagmi, { connector });
    } catch (error) {
      this.#sync();
      throw toWalletError(error);
    }
    this.#sync();
  }

  async disconnect(): Promise<void> {
    await disconnect(this.#wagmi);
    this.#sync();
  }

  /** Asks the wallet to switch to (or add) the app's chain. */
  async switchToTarget(): Promise<void> {
    try {
      await switchChain(this.#wagmi, { chainId: this.targetChain.id });
    } catch (error) {
      throw switchChainError(error);
    }
    this.#sync();
  }

  /** Has the connected wallet sign a plain-text message (EIP-191). */
  async signMessage(message: string): Promise<Hex> {
    try {
      return await signMessage(this.#wagmi, { message });
    } catch (error) {
      throw toWalletError(error);
    }
  }

  /**
   * A viem client that sends transactions from the connected account on the app's chain
   * (the admin console's writes). Throws WRONG_CHAIN on another chain, WALLET_NOT_FOUND
   * when disconnected.
   */
  async senderClient(): Promise<Client<Transport, Chain, Account>> {
    const state = this.#state;
    if (state.status !== 'connected') {
      throw new AppError('WALLET_NOT_FOUND', 'No wallet is connected', { category: 'user' });
    }
    if (this.onWrongChain) throw AppError.wrongChain(this.targetChain.id, state.chainId);
    try {
      return await getConnectorClient(this.#wagmi, { chainId: this.targetChain.id });
    } catch (error) {
      throw toWalletError(error);
    }
  }

  /**
   * The EIP-6963 wallet with this id: wallets announce themselves in answer to the page's
   * request, most at once, some a moment later.
   */
  #announced(id: string): Promise<Connector | undefined> {
    const find = () => getConnectors(this.#wagmi).find((connector) => connector.id === id);
    const now = find();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (connector: Connector | undefined) => {
        clearTimeout(timer);
        unwatch();
        resolve(connector);
      };
      const timer = setTimeout(() => done(undefined), ANNOUNCE_WAIT_MS);
      const unwatch = watchConnectors(this.#wagmi, {
        onChange: () => {
          const connector = find();
          if (connector) done(connector);
        },
      });
    });
  }

  #hasInjectedProvider(): boolean {
    return typeof window !== 'undefined' && 'ethereum' in window;
  }

  #sync(): void {
    const connection = getConnection(this.#wagmi);
    if (connection.status === 'connected') {
      this.#set({
        status: 'connected',
        address: connection.address,
        chainId: connection.chainId,
        walletName: connection.connector.name,
      });
    } else if (connection.status === 'disconnected' && !this.#restoring) {
      this.#set({ status: 'disconnected' });
    }
  }

  #set(state: WalletState): void {
    const previous = this.#state;
    if (JSON.stringify(previous) === JSON.stringify(state)) return;
    this.#state = state;
    this.events.emit('changed', state);
  }
}

function toWalletError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return isUserRejection(error) ? AppError.walletRejected(error) : AppError.from(error);
}
