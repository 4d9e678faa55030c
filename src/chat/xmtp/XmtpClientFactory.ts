import {
  Client,
  type ClientOptions,
  createBackend,
  getInboxIdForIdentifier,
  LogLevel,
  type Signer,
} from '@xmtp/browser-sdk';
import { type Address, hexToBytes } from 'viem';
import type { ChatClient, ChatClientFactory, ChatInstallation, SignText } from '../types.ts';
import { chainWalletKind, type ReadCode } from '../walletKind.ts';
import { identifierOf } from './identities.ts';
import { registrationError } from './registrationError.ts';
import { walletSigner } from './walletSigner.ts';
import { XmtpChatClient } from './XmtpChatClient.ts';

/** Where the XMTP network is and how clients keep their data. */
export interface XmtpFactoryOptions {
  env: 'local' | 'dev' | 'production';
  apiUrl?: string | undefined;
  /** Sent as `x-app-version`. */
  appVersion: string;
  /** Keep each wallet's database (OPFS in the browser) so it stays one installation. */
  persist: boolean;
  /**
   * The configured chain: a wallet with code there signs as a smart-contract wallet (SCW),
   * checked by the network on this chain id; one without code as an EOA or, when its
   * signature is not its own key's (ERC-6492: not deployed here yet), as an SCW on this
   * chain. Without it (tests with key wallets only) every wallet signs as an EOA.
   */
  chain?: { id: number; readCode: ReadCode } | undefined;
}

/**
 * Creates browser-SDK clients. This module, and the SDK with its WASM, load only through
 * `loadXmtpFactory` (a dynamic import) when chat starts.
 */
export class XmtpClientFactory implements ChatClientFactory {
  readonly #options: XmtpFactoryOptions;

  constructor(options: XmtpFactoryOptions) {
    this.#options = options;
  }

  async open(address: Address, sign: SignText): Promise<ChatClient | null> {
    const lower = address.toLowerCase() as Address;
    // No signer: the installation in this browser's database speaks for itself.
    const client = await Client.build(identifierOf(lower), this.#clientOptions(lower));
    if (!(await client.isRegistered())) {
      client.close();
      return null;
    }
    return new XmtpChatClient(client, lower, (ids) => this.revokeInstallations(lower, sign, ids));
  }

  async create(address: Address, sign: SignText): Promise<ChatClient> {
    const lower = address.toLowerCase() as Address;
    const signer = await this.#signer(lower, sign);
    const client = await Client.create(signer, this.#clientOptions(lower));
    try {
      await client.register();
    } catch (error) {
      client.close();
      throw registrationError(error, signer.type);
    }
    return new XmtpChatClient(client, lower, (ids) => this.revokeInstallations(lower, sign, ids));
  }

  async installations(address: Address): Promise<ChatInstallation[]> {
    const backend = await this.#backend();
    const inboxId = await getInboxIdForIdentifier(backend, identifierOf(address));
    if (inboxId === undefined) return [];
    const [state] = await Client.fetchInboxStates([inboxId], backend);
    return (state?.installations ?? []).map((installation) => ({
      id: installation.id,
      createdAt:
        installation.clientTimestampNs === undefined
          ? null
          : Number(installation.clientTimestampNs / 1_000_000n),
      current: false,
    }));
  }

  async revokeInstallations(
    address: Address,
    sign: SignText,
    ids: readonly string[],
  ): Promise<void> {
    const backend = await this.#backend();
    const inboxId = await getInboxIdForIdentifier(backend, identifierOf(address));
    if (inboxId === undefined) return;
    await Client.revokeInstallations(
      await this.#signer(address, sign),
      inboxId,
      ids.map((id) => hexToBytes(`0x${id}`)),
      backend,
    );
  }

  /** SCW if `address` has code on the chain, else decided by its signature; each time. */
  async #signer(address: Address, sign: SignText): Promise<Signer> {
    const { chain } = this.#options;
    if (chain === undefined) return walletSigner({ address, kind: 'EOA', sign });
    const kind = await chainWalletKind(address, chain.readCode);
    return walletSigner({ address, kind, chainId: chain.id, sign });
  }

  #clientOptions(address: Address) {
    const { env, apiUrl, appVersion, persist } = this.#options;
    // Built as a variable: an inline object loses `env`/`apiUrl` in the SDK's types (7.1.0).
    const options = {
      env,
      ...(apiUrl === undefined ? {} : { apiUrl }),
      appVersion,
      dbPath: persist ? `community-chats-${env}-${address}.db3` : null,
      loggingLevel: LogLevel.Off,
      // No history-sync server is used: each browser keeps its own history.
      historySyncUrl: null,
      // Registered by hand (`create`): a refused signature then closes the client (its worker
      // and its hold on the database) instead of leaving it open; the node has recorded nothing.
      disableAutoRegister: true,
    } satisfies ClientOptions;
    return options;
  }

  #backend() {
    const { env, apiUrl } = this.#options;
    return createBackend(apiUrl === undefined ? { env } : { env, apiUrl });
  }
}
