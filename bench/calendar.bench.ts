import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, createWalletClient, http, zeroHash } from 'viem';
import { hardhat } from 'viem/chains';
import { buildSite } from '../scripts/local-stack/appServer.ts';
import { compileContracts } from '../scripts/local-stack/compile.ts';
import { startLocalStack } from '../scripts/local-stack/stack.ts';
import { createMeeting } from '../src/chain/createMeeting.ts';
import type { MeetingRepeat } from '../src/chain/meetingTypes.ts';
import { waitForTransaction } from '../src/chain/waitForTransaction.ts';
import { devAccount } from '../src/wallet/createBurnerProvider.ts';
import { launchBrowser } from '../tests/e2e/harness/browser.ts';
import { runTsxInTestNetns } from '../tests/e2e/netns.ts';
import { type Figures, median } from './figures.ts';

// A community calendar with 100 meetings (plus the demo call), opened by a member in headless
// Chromium inside a network namespace made for the run: from the route change to every
// meeting on the screen, i.e. the chain reads (pages of 100, RSVPs in one multicall) and the
// render. This module is both the bench (host side) and, re-run inside the namespace, the driver.

const root = join(import.meta.dirname, '..');
const thisFile = fileURLToPath(import.meta.url);
const MEETINGS = 100;
const RUNS = 5;

async function drive(builtDir: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-calendar-bench-'));
  const stack = await startLocalStack({ app: { builtDir }, dataDir });
  const browser = await launchBrowser({ fullBrowser: true });
  try {
    const contract = stack.config.chain.meetingScheduler;
    if (!contract) throw new Error('the local stack has no meetings contract');
    const rpcUrl = stack.config.chain.rpcUrl;
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
    const owner = createWalletClient({ account: devAccount(0), chain, transport: http(rpcUrl) });
    const first = Math.floor(Date.now() / 1000) + 3_600;
    let last = null as `0x${string}` | null;
    for (let i = 0; i < MEETINGS; i++) {
      last = await createMeeting(owner, {
        contract,
        communityId: 0n,
        meeting: {
          title: `Working group ${i + 1}`,
          description: 'Notes and agenda in the room chat.',
          scheduledTime: BigInt(first + i * 3_600),
          duration: 45,
          repeat: (i % 4) as MeetingRepeat,
          occurrences: i % 4 === 0 ? 0 : 6,
          repeatUntil: 0n,
          streamCommitment: zeroHash,
        },
      });
    }
    if (last) await waitForTransaction(publicClient, { hash: last });

    const page = await (await browser.newContext()).newPage();
    await page.goto(stack.appUrl);
    await page.locator('[data-testid="connect-burner"]:enabled').waitFor({ timeout: 60_000 });
    await page.getByTestId('burner-account').selectOption('1');
    await page.getByTestId('connect-burner').click();
    await page.getByTestId('wallet-address').waitFor();
    const times: number[] = [];
    // The first opening also loads the calendar's code; it is not counted.
    for (let run = 0; run <= RUNS; run++) {
      await page.evaluate(() => {
        location.hash = '#/c/0';
      });
      await page.getByTestId('calendar-link').waitFor({ timeout: 60_000 });
      // A string, not a function: tsx's helpers (`__name`) do not exist in the page.
      const ms = (await page.evaluate(`new Promise((resolve) => {
        const started = performance.now();
        location.hash = '#/c/0/calendar';
        const check = () =>
          document.querySelectorAll('[data-testid="meeting"]').length >= ${MEETINGS + 1}
            ? resolve(performance.now() - started)
            : requestAnimationFrame(check);
        check();
      })`)) as number;
      if (run > 0) times.push(ms);
    }
    const figures: Figures = {
      'calendar: load 100 meetings': {
        value: median(times),
        unit: 'ms',
        note: `route change -> ${MEETINGS + 1} meetings rendered (chain reads + render), member, headless Chromium, local chain; median of ${RUNS} (${times.map(Math.round).join(', ')})`,
      },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The calendar's load time with 100 meetings, measured in Chromium in a namespace. */
export default async function calendarBench(): Promise<Figures> {
  compileContracts();
  const distDir = await buildSite(join(root, '.local', 'bench-calendar-dist'));
  const output = runTsxInTestNetns(`cc-calendar-${process.pid}`, thisFile, {
    env: { CC_CALENDAR_BENCH_DIST: distDir },
    timeoutMs: 10 * 60_000,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Figures;
}

if (process.env.CC_CALENDAR_BENCH_DIST && process.argv[1] === thisFile) {
  await drive(process.env.CC_CALENDAR_BENCH_DIST);
  // Gun clients of the stack keep timers of their own; the figures are written.
  process.exit(0);
}
