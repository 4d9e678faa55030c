import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { devAccount } from '../../../src/wallet/createBurnerProvider.ts';

const resultsDir = join(import.meta.dirname, '..', '..', '..', 'test-results');

/**
 * One person in a test: their own browser context (own storage, own wallet) on the app.
 * Read what they see through `data-testid`s, as a person would.
 */
export class Participant {
  readonly logs: string[] = [];

  private constructor(
    readonly label: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (message) => {
      if (this.logs.length < 500) this.logs.push(`[${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => this.logs.push(`[pageerror] ${error.message}`));
  }

  /**
   * Opens the app in a fresh context; `prepare` sets the context up before the app first loads
   * (routes, init scripts), so that it need not be reloaded.
   */
  static async open(
    browser: Browser,
    appUrl: string,
    label: string,
    prepare?: (context: BrowserContext) => Promise<void>,
  ): Promise<Participant> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    await context.grantPermissions(['microphone']);
    await prepare?.(context);
    const page = await context.newPage();
    await page.goto(appUrl);
    return new Participant(label, context, page);
  }

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /**
   * Connects the burner wallet with dev account `index` (local chain only). After a reload
   * the app reconnects the account this tab used by itself; then there is nothing to click.
   */
  async connectBurner(index: number): Promise<void> {
    const badge = this.byTestId('wallet-address');
    await badge.or(this.page.locator('[data-testid="connect-burner"]:enabled')).first().waitFor();
    if (await badge.isVisible()) {
      const connected = await badge.getAttribute('data-address');
      if (connected === devAccount(index).address) return;
      throw new Error(`${this.label} is connected as ${connected}, not dev account #${index}`);
    }
    await this.byTestId('burner-account').selectOption(String(index));
    await this.byTestId('connect-burner').click();
    await this.byTestId('wallet-address').waitFor();
  }

  /**
   * Goes to a room and enters it: signs the session certificate when asked (once per
   * session), then waits for the room screen. `chat: false` unticks "Set up chat now".
   */
  async enterRoom(
    communityId: number,
    roomId: string,
    options: { chat?: boolean } = {},
  ): Promise<void> {
    await this.page.evaluate((hash) => {
      location.hash = hash;
    }, `#/c/${communityId}/r/${roomId}`);
    const sign = this.byTestId('sign-session');
    const screen = this.byTestId('room-screen');
    await sign.or(screen).first().waitFor({ timeout: 30_000 });
    if (await sign.isVisible()) {
      // A call test leaves chat for later: setting it up costs each page seconds of CPU.
      const withChat = this.byTestId('sign-with-chat');
      if (options.chat === false && (await withChat.isVisible())) await withChat.uncheck();
      await sign.click();
    }
    await screen.waitFor({ timeout: 30_000 });
  }

  /**
   * Waits for the room's chat composer. Entering a room starts chat by itself where the member
   * signed for it or set it up before; otherwise the panel asks first, and this presses
   * "Enable chat".
   */
  async startChat(): Promise<void> {
    const panel = this.byTestId('chat-panel');
    const enable = panel.getByTestId('chat-start');
    const input = panel.getByTestId('chat-input');
    await enable.or(input).first().waitFor({ timeout: 60_000 });
    if (await enable.isVisible()) await enable.click();
    await input.waitFor({ timeout: 60_000 });
  }

  async screenshot(name: string): Promise<string> {
    await mkdir(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}-${this.label}.png`.replace(/[^\w.-]+/g, '_'));
    // A page that stopped answering should not hold a failed run for the default 30 s.
    await this.page.screenshot({ path, fullPage: true, timeout: 5_000 });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
