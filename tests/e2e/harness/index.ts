import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, inject, onTestFailed } from 'vitest';
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../../scripts/local-stack/stack.ts';
import { type LaunchBrowserOptions, launchBrowser } from './browser.ts';
import { Participant } from './participant.ts';

export { Participant } from './participant.ts';

/** The e2e world of one test file: a fresh local stack, one browser, N participants. */
export interface E2eWorld {
  stack: LocalStack;
  browser: Browser;
  /**
   * Opens the app for a new participant (own context, own storage); `prepare` sets its context
   * up before the app first loads (routes, init scripts).
   */
  join(label: string, prepare?: (context: BrowserContext) => Promise<void>): Promise<Participant>;
  /** Opens a participant and connects the burner wallet with dev account `index`. */
  joinAs(label: string, index: number): Promise<Participant>;
}

/**
 * Call at the top of an e2e test file. Starts the stack before the tests and stops it after;
 * on a failed test, saves a screenshot of every open participant to test-results/ and prints
 * their console logs.
 *
 * `browser` sets Chromium up (the full browser for what the headless shell lacks); `stack` adds
 * to the local stack (more media servers).
 *
 * @example
 * const world = useE2eWorld();
 * it('shows the demo community', async () => {
 *   const alice = await world.joinAs('alice', 0);
 *   await alice.byTestId('community-0').waitFor();
 * });
 */
export function useE2eWorld(
  options: { browser?: LaunchBrowserOptions; stack?: Pick<LocalStackOptions, 'mediaServers'> } = {},
): E2eWorld {
  const participants: Participant[] = [];
  let dataDir = '';
  const world = {} as E2eWorld;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cc-e2e-'));
    world.stack = await startLocalStack({
      ...options.stack,
      app: { builtDir: inject('builtDir') },
      dataDir,
    });
    world.browser = await launchBrowser(options.browser);
  });

  afterAll(async () => {
    await Promise.all(participants.map((p) => p.close().catch(() => {})));
    await world.browser?.close();
    await world.stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  world.join = async (label, prepare) => {
    const participant = await Participant.open(world.browser, world.stack.appUrl, label, prepare);
    participants.push(participant);
    onTestFailed(async ({ task }) => {
      const path = await participant.screenshot(task.name).catch(() => 'no screenshot');
      console.error(`--- ${label}: ${path}\n${participant.logs.slice(-40).join('\n')}`);
    });
    return participant;
  };
  world.joinAs = async (label: string, index: number) => {
    const participant = await world.join(label);
    await participant.connectBurner(index);
    return participant;
  };
  return world;
}
