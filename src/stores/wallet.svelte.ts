import type { Scope } from '../core/Scope.ts';
import type { WalletOption, WalletSession, WalletState } from '../wallet/WalletSession.ts';

/** Read-only runes view of the wallet connection for components. */
export class WalletStore {
  state = $state.raw<WalletState>({ status: 'disconnected' });
  options = $state.raw<readonly WalletOption[]>([]);
  readonly #targetChainId: number;

  /** True while the wallet is connected to a chain other than the app's. */
  get wrongChain(): boolean {
    return this.state.status === 'connected' && this.state.chainId !== this.#targetChainId;
  }

  constructor(session: WalletSession, scope: Scope) {
    this.#targetChainId = session.targetChain.id;
    this.state = session.state;
    this.options = session.options();
    session.events.on('changed', (state) => (this.state = state), scope);
    session.events.on('options', (options) => (this.options = options), scope);
  }
}
