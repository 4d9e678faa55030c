import type { BrowserContext, Page } from 'playwright-core';

/**
 * Notes, in every page of `context`, each request the app makes to an EIP-6963 wallet (read
 * with {@link walletRequests}). Call before `connectTestWallet`: the script must see the
 * wallet's announcement before the app does.
 *
 * @example
 * await recordWalletRequests(frank.context);
 * await connectTestWallet(world.stack, frank, { ... });
 * expect(await walletRequests(frank.page)).not.toContain('eth_requestAccounts');
 */
export async function recordWalletRequests(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const calls: string[] = [];
    Object.assign(window, { __walletRequests: calls });
    type Provider = { request: (args: { method: string }) => unknown };
    window.addEventListener('eip6963:announceProvider', (event) => {
      const { provider } = (event as CustomEvent<{ provider: Provider }>).detail;
      if (Reflect.get(provider, '__recorded')) return;
      const request = provider.request.bind(provider);
      Object.assign(provider, {
        __recorded: true,
        request: (args: { method: string }) => {
          calls.push(args.method);
          return request(args);
        },
      });
    });
  });
}

/** The wallet methods this page asked for since it loaded. */
export function walletRequests(page: Page): Promise<string[]> {
  return page.evaluate(() => Reflect.get(window, '__walletRequests') as string[]);
}
