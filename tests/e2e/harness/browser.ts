import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Flags for Debian's Chromium on these offline machines (shared notes): no background
 * networking, fake microphone and permission prompts, and real IPs in WebRTC candidates
 * instead of mDNS names (safe: the e2e tier runs inside its own network namespace).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** The browser a user runs: Debian's `chromium` on Linux, Google Chrome on macOS. */
const FULL_BROWSER =
  process.platform === 'darwin'
    ? '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    : '/usr/bin/chromium';
/**
 * Debian's `chromium-headless-shell`: the same engine (Blink, V8, WebRTC) without the full
 * browser around it. Each page opens with about a third less CPU, which is what the e2e tier's
 * time goes on.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/**
 * Where the tests' Chromium lives: `CHROMIUM_PATH`, else Debian's headless shell when installed,
 * else the full browser.
 */
export const defaultExecutable =
  process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_BROWSER);

/** How {@link launchBrowser} sets Chromium up. */
export interface LaunchBrowserOptions {
  /**
   * A WAV file the fake microphone plays instead of its periodic beep (Chromium loops it;
   * see `writeToneWav`), so audio is there from the first frame a track carries.
   */
  fakeAudioFile?: string;
  /**
   * The browser a user runs instead of the headless shell (`CHROMIUM_PATH` still wins): the
   * benches' figures are a user's, and the shell lacks a few things (notifications).
   */
  fullBrowser?: boolean;
}

/**
 * Launches headless Chromium; on Linux it refuses to run outside the e2e network namespace
 * (macOS has none: there the tests run on the developer's own network, see runInNetns.ts).
 *
 * @example
 * const browser = await launchBrowser({ fakeAudioFile: await writeToneWav(dir) });
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  if (!process.env.CC_E2E_NETNS && process.platform !== 'darwin') {
    throw new Error('e2e tests start Chromium only inside a network namespace: npm run test:e2e');
  }
  return chromium.launch({
    executablePath: options.fullBrowser
      ? (process.env.CHROMIUM_PATH ?? FULL_BROWSER)
      : defaultExecutable,
    headless: true,
    args:
      options.fakeAudioFile === undefined
        ? CHROMIUM_ARGS
        : [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${options.fakeAudioFile}`],
  });
}
