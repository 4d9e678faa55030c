import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { BrowserContext, Page } from 'playwright-core';
import { createPublicClient, createWalletClient, http, zeroHash } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { createMeeting } from '../../src/chain/createMeeting.ts';
import { meetingSchedulerAbi } from '../../src/chain/generated/meetingSchedulerAbi.ts';
import { devAccount } from '../../src/wallet/createBurnerProvider.ts';
import { useE2eWorld } from './harness/index.ts';

// The full browser: the headless shell reports notifications as denied even when granted.
const world = useE2eWorld({ browser: { fullBrowser: true } });
const contexts: BrowserContext[] = [];
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
});

/**
 * A person in their own time zone (en-GB), connected with dev account `index`. With
 * `notifications`, the browser allows them and every Notification shown is recorded.
 */
async function openPerson(
  label: string,
  index: number,
  timezoneId: string,
  notifications = false,
): Promise<Page> {
  const context = await world.browser.newContext({
    viewport: { width: 1100, height: 800 },
    timezoneId,
    locale: 'en-GB',
    permissions: notifications ? ['microphone', 'notifications'] : ['microphone'],
  });
  contexts.push(context);
  if (notifications) {
    await context.addInitScript(() => {
      const Real = window.Notification;
      const shown: { title: string; body: string | undefined }[] = [];
      Object.defineProperty(window, 'shownNotifications', { value: shown });
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body });
          super(title, options);
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recording, configurable: true });
    });
  }
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
  onTestFailed(async ({ task }) => {
    await page.screenshot({
      path: `test-results/${task.name}-${label}.png`.replace(/[^\w./-]+/g, '_'),
    });
    console.error(`--- ${label}\n${logs.slice(-40).join('\n')}`);
  });
  await page.goto(world.stack.appUrl);
  await page.locator('[data-testid="connect-burner"]:enabled').waitFor();
  await page.getByTestId('burner-account').selectOption(String(index));
  await page.getByTestId('connect-burner').click();
  await page.getByTestId('wallet-address').waitFor();
  return page;
}

async function openCalendar(page: Page): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/c/0';
  });
  await page.getByTestId('calendar-link').click();
  await page.getByTestId('calendar-title').waitFor();
}

/** Goes to a hash and enters the room there, signing the session when asked. */
async function enterRoom(page: Page, enter: () => Promise<void>): Promise<void> {
  await enter();
  const sign = page.getByTestId('sign-session');
  const screen = page.getByTestId('room-screen');
  await sign.or(screen).first().waitFor({ timeout: 30_000 });
  if (await sign.isVisible()) await sign.click();
  await screen.waitFor({ timeout: 30_000 });
}

/** `YYYY-MM-DDTHH:mm` of `ms` in `timeZone`, as a datetime-local input takes it. */
function localInput(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(ms)
    .replace(' ', 'T');
}

const hhmm = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(ms);

function chainClients(index: number) {
  const rpcUrl = world.stack.config.chain.rpcUrl;
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  return {
    publicClient: createPublicClient({ chain, transport: http(rpcUrl) }),
    wallet: createWalletClient({ account: devAccount(index), chain, transport: http(rpcUrl) }),
  };
}

describe('community calendar', () => {
  it('a non-admin member is not offered the form, and the contract refuses them', async () => {
    const carol = await openPerson('carol', 2, 'Europe/Berlin');
    await openCalendar(carol);
    // The demo weekly call is there for every member.
    await expect(carol.getByTestId('meeting').first().textContent()).resolves.toContain(
      'Weekly community call',
    );
    expect(await carol.getByTestId('calendar-new').count()).toBe(0);
    expect(await carol.getByTestId('meeting-edit').count()).toBe(0);

    const contract = world.stack.config.chain.meetingScheduler;
    if (!contract) throw new Error('the local stack has no meetings contract');
    const { publicClient, wallet } = chainClients(2);
    const meeting = {
      title: 'Not mine to call',
      description: '',
      scheduledTime: BigInt(Math.floor(Date.now() / 1000) + 3_600),
      duration: 30,
      repeat: 0,
      occurrences: 0,
      repeatUntil: 0n,
      streamCommitment: zeroHash,
    } as const;
    await expect(
      createMeeting(wallet, { contract, communityId: 0n, meeting }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    // Sent anyway, past any simulation and with its own gas: the chain refuses it too.
    const before = await publicClient.readContract({
      address: contract,
      abi: meetingSchedulerAbi,
      functionName: 'meetingCount',
    });
    await expect(
      wallet.writeContract({
        address: contract,
        abi: meetingSchedulerAbi,
        functionName: 'createMeeting',
        args: [0n, meeting],
        gas: 500_000n,
      }),
    ).rejects.toThrow(/NotCommunityManager/);
    await expect(
      publicClient.readContract({
        address: contract,
        abi: meetingSchedulerAbi,
        functionName: 'meetingCount',
      }),
    ).resolves.toBe(before);
  });

  it('an admin schedules a weekly call; a member in Tokyo sees it in their zone, RSVPs, downloads it, is reminded and joins when it is live', async () => {
    const alice = await openPerson('alice', 0, 'America/New_York');
    await openCalendar(alice);
    await alice.getByTestId('calendar-new').click();
    // Refused in words before anything is sent.
    await alice.getByTestId('meeting-submit').click();
    await expect(alice.getByTestId('meeting-problem').textContent()).resolves.toBe(
      'Give the meeting a title.',
    );
    await alice.getByTestId('meeting-title').fill('Design review');
    await alice
      .getByTestId('meeting-start')
      .fill(localInput(Date.now() - 3_600_000, 'America/New_York'));
    await alice.getByTestId('meeting-submit').click();
    await expect(alice.getByTestId('meeting-problem').textContent()).resolves.toBe(
      'Pick a start time in the future (at least a minute from now).',
    );

    const start = Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000;
    await alice.getByTestId('meeting-start').fill(localInput(start, 'America/New_York'));
    await alice.getByTestId('meeting-duration').fill('30');
    await alice.getByTestId('meeting-repeat').selectOption('weekly');
    await alice.getByTestId('meeting-count').fill('4');
    await alice.getByTestId('meeting-submit').click();
    await alice.getByTestId('calendar-done').waitFor({ timeout: 60_000 });
    const aliceCard = alice.getByTestId('meeting').filter({ hasText: 'Design review' });
    await expect(aliceCard.getByTestId('meeting-time').textContent()).resolves.toContain(
      `${hhmm(start, 'America/New_York')}–${hhmm(start + 30 * 60_000, 'America/New_York')} (America/New_York)`,
    );
    const meetingId = await aliceCard.getAttribute('data-meeting-id');

    const bob = await openPerson('bob', 1, 'Asia/Tokyo', true);
    await openCalendar(bob);
    await expect(bob.getByTestId('calendar-zone').textContent()).resolves.toContain('Asia/Tokyo');
    const card = bob.getByTestId('meeting').filter({ hasText: 'Design review' });
    await expect(card.getByTestId('meeting-time').textContent()).resolves.toContain(
      `${hhmm(start, 'Asia/Tokyo')}–${hhmm(start + 30 * 60_000, 'Asia/Tokyo')} (Asia/Tokyo)`,
    );
    await expect(card.getByTestId('meeting-repeat-text').textContent()).resolves.toBe(
      'Every week, 4 times',
    );

    // Reminders on (permission already granted in this browser), then the RSVP.
    await bob.getByTestId('calendar-reminders').check();
    await card.getByTestId('meeting-rsvp').click();
    await card.getByTestId('meeting-attending').waitFor({ timeout: 60_000 });
    await expect(card.getByTestId('meeting-participants').textContent()).resolves.toMatch(
      /alice\.eth[\s\S]*bob\.eth/,
    );
    await bob.waitForFunction(() =>
      (
        (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications ?? []
      ).some((n) => n.title === 'Design review'),
    );

    const [download] = await Promise.all([
      bob.waitForEvent('download'),
      card.getByTestId('meeting-ics').click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent');
    if (!vevent) throw new Error('no VEVENT in the download');
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe('Design review');
    expect(event.startDate.toJSDate().getTime()).toBe(start);
    const rule = event.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect([rule.freq, rule.count]).toEqual(['WEEKLY', 4]);

    // Live when the room has people: Alice opens it, Bob's calendar shows it and he joins.
    await enterRoom(alice, () =>
      alice.evaluate((id) => {
        location.hash = `#/c/0/r/meeting-${id}`;
      }, meetingId),
    );
    const live = bob
      .getByTestId('calendar-live')
      .getByTestId('meeting')
      .filter({ hasText: 'Design review' });
    await live.getByTestId('meeting-live').waitFor({ timeout: 60_000 });
    await enterRoom(bob, () => live.getByTestId('meeting-join').click());
    await expect(bob.evaluate(() => location.hash)).resolves.toBe(`#/c/0/r/meeting-${meetingId}`);
  });
});
