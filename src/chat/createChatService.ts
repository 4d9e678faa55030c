import { type Address, createPublicClient, http } from 'viem';
import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import type { Scope } from '../core/Scope.ts';
import { WebChatLock } from './ChatLock.ts';
import { ChatService } from './ChatService.ts';
import { Outbox, WebOutboxStorage } from './Outbox.ts';
import type { ChatClientFactory, ResolveProfile, SignText } from './types.ts';
import { WebChatAttention } from './WebChatAttention.ts';
import { xmtpFactoryLoader } from './xmtpFactoryLoader.ts';

/** What the browser's chat service needs from the composition root. */
export interface CreateChatServiceParameters {
  config: AppConfig;
  /** The connected wallet's address. */
  address: Address;
  /** `(message) => wallet.signMessage(message)`. */
  sign: SignText;
  resolveProfile: ResolveProfile;
  /** Ends when the wallet disconnects or changes account. */
  scope: Scope;
  window: Window;
  /** Replaces the lazily loaded XMTP factory (tests). */
  loadFactory?: () => Promise<ChatClientFactory>;
}

/**
 * Builds the chat service for the connected wallet in this browser: the XMTP SDK loaded
 * lazily, the database kept in OPFS, one tab at a time (Web Locks), the outbox in
 * localStorage, notices through `Notification` when permitted.
 *
 * @example
 * const chat = createChatService({
 *   config, address, sign: (m) => wallet.signMessage(m), resolveProfile, scope, window,
 * });
 * chat.autoStart();
 */
export function createChatService(params: CreateChatServiceParameters): ChatService {
  const { config, address, window: target } = params;
  const lower = address.toLowerCase() as Address;
  const storage = new WebOutboxStorage(target.localStorage, `${config.appName}:outbox:${lower}`);
  // Asked once per client creation: code at the address makes it a smart-contract wallet.
  const chainClient = createPublicClient({ transport: http(config.chain.rpcUrl) });
  return new ChatService({
    address: lower,
    sign: params.sign,
    loadFactory:
      params.loadFactory ??
      xmtpFactoryLoader({
        env: config.xmtp.env,
        apiUrl: config.xmtp.apiUrl,
        appVersion: `${config.appName}/0.1`,
        persist: true,
        chain: {
          id: config.chain.id,
          readCode: (account) => chainClient.getCode({ address: account }),
        },
      }),
    // The XMTP database is locked per origin, whatever the wallet: one client per browser.
    lock: new WebChatLock(target.navigator.locks, `${config.appName}:xmtp-client`),
    outbox: new Outbox(storage, () => target.crypto.randomUUID()),
    attention: new WebChatAttention(target.document, notificationOf(target)),
    memory: target.localStorage,
    connectivity: target,
    resolveProfile: params.resolveProfile,
    clock: systemClock,
    scope: params.scope,
  });
}

/** The window's `Notification` constructor, where the browser has one. */
function notificationOf(target: Window): typeof Notification | undefined {
  return 'Notification' in target ? (target.Notification as typeof Notification) : undefined;
}
