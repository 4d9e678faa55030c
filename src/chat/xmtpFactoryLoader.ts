import type { ChatClientFactory } from './types.ts';
import type { XmtpFactoryOptions } from './xmtp/XmtpClientFactory.ts';

/**
 * A loader for the XMTP client factory. The SDK and its WASM (4.5 MB gzip) are fetched
 * only when it is first called (chat opened or a room entered), never on first paint.
 *
 * @example
 * const load = xmtpFactoryLoader({ env: 'local', apiUrl, appVersion: 'community-chats/0.1', persist: true });
 * const factory = await load();
 */
export function xmtpFactoryLoader(options: XmtpFactoryOptions): () => Promise<ChatClientFactory> {
  return async () => {
    const { XmtpClientFactory } = await import('./xmtp/XmtpClientFactory.ts');
    return new XmtpClientFactory(options);
  };
}
