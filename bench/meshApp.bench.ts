import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildSite } from '../scripts/local-stack/appServer.ts';
import { compileContracts } from '../scripts/local-stack/compile.ts';
import { HEARD, PROBE } from '../tests/e2e/harness/audioProbe.ts';
import { Participant } from '../tests/e2e/harness/participant.ts';
import { writeToneWav } from '../tests/e2e/harness/writeToneWav.ts';
import { runTsxInTestNetns } from '../tests/e2e/netns.ts';
import { type Figures, median, percentile } from './figures.ts';

// Join to first audio in the real app (local stack: chain, Gun relay, TURN gate; the built
// site), two members in real Chromium inside a network namespace made for this run. The fake
// microphones play a continuous tone (a WAV made here), so "first audio" is the first audible
// frame, not the next beep of Chromium's default fake microphone. Each sample: Alice is in a
// fresh room; Bob, in a fresh browser context (first visit: he signs), goes to the room and
// enters; the time runs from his click on Sign and enter (the page's own mark of it) until
// each hears the other. From the room's link is reported too. Where the time goes is read from the pages:
// the app's performance marks (`cc:*`) and a timeline script that sees getUserMedia, JSON-RPC
// and the peer connections. Then the way back after 10 s without network.
// This module is both the bench (host side) and, re-run inside the namespace, the driver.

const thisFile = fileURLToPath(import.meta.url);
const JOIN_RUNS = 15;
const OUTAGE_RUNS = 3;
const OUTAGE_MS = 10_000;

/** Page side: epoch timestamps of what the join goes through (first of each kind). */
const TIMELINE = `
(() => {
  const t = {};
  const at = (name) => { if (t[name] === undefined) t[name] = Date.now(); };
  const rpc = [];
  window.__joinTimeline = { t, rpc };
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    at('getUserMedia');
    const stream = await gum(constraints);
    at('getUserMedia done');
    return stream;
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const started = Date.now();
    let method = String(input instanceof Request ? input.url : input);
    try {
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      if (body) method = [body].flat().map((call) => call.method).join('+');
    } catch {}
    try {
      return await nativeFetch(input, init);
    } finally {
      rpc.push({ method, started, ended: Date.now() });
    }
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      at('peer connection');
      this.addEventListener('icecandidate', () => at('first candidate'));
      this.addEventListener('iceconnectionstatechange', () => at('ice ' + this.iceConnectionState));
      this.addEventListener('connectionstatechange', () => at('pc ' + this.connectionState));
      this.addEventListener('track', () => at('track'));
    }
    async setLocalDescription(description) {
      const result = await super.setLocalDescription(description);
      at('local ' + this.localDescription?.type);
      return result;
    }
    async setRemoteDescription(description) {
      at('remote ' + description?.type);
      return super.setRemoteDescription(description);
    }
  };
  setInterval(() => {
    if ((window.__meshProbe?.level() ?? 0) > ${HEARD}) at('heard');
  }, 5);
})();
`;

interface Timeline {
  t: Record<string, number>;
  rpc: { method: string; started: number; ended: number }[];
  marks: Record<string, number>;
}

declare global {
  interface Window {
    __joinTimeline: Omit<Timeline, 'marks'>;
  }
}

async function timeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => {
    const marks: Record<string, number> = {};
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('cc:') && marks[mark.name] === undefined) {
        marks[mark.name] = Math.round(performance.timeOrigin + mark.startTime);
      }
    }
    return { ...window.__joinTimeline, marks };
  });
}

/** Opens the app with the probe and the timeline, wallet connected as dev account `account`. */
async function open(browser: Browser, appUrl: string, label: string, account: number) {
  const person = await Participant.open(browser, appUrl, label);
  await person.context.addInitScript({ content: PROBE });
  await person.context.addInitScript({ content: TIMELINE });
  await person.page.reload();
  await person.connectBurner(account);
  return person;
}

async function heard(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(() => window.__joinTimeline.t.heard !== undefined, undefined, {
    timeout: timeoutMs,
    polling: 10,
  });
  return page.evaluate(() => window.__joinTimeline.t.heard as number);
}

/** One join: Bob enters Alice's room; timings relative to when he set off. */
async function sample(browser: Browser, appUrl: string, run: number) {
  const alice = await open(browser, appUrl, `alice-${run}`, 0);
  const bob = await open(browser, appUrl, `bob-${run}`, 1);
  try {
    const roomId = `join-${run}`;
    await alice.enterRoom(0, roomId, { chat: false });
    const started = Date.now();
    await bob.enterRoom(0, roomId, { chat: false });
    const [bobHeard, aliceHeard] = await Promise.all([
      heard(bob.page, 30_000),
      heard(alice.page, 30_000),
    ]);
    const [bobLine, aliceLine] = await Promise.all([timeline(bob.page), timeline(alice.page)]);
    const clicked = bobLine.marks['cc:sign'];
    if (clicked === undefined) throw new Error('Bob was not asked to sign');
    const heardBoth = Math.max(bobHeard, aliceHeard);
    return {
      clicked,
      total: heardBoth - clicked,
      fromLink: heardBoth - started,
      bob: bobLine,
      alice: aliceLine,
    };
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
}

type Sample = Awaited<ReturnType<typeof sample>>;

/** ms from Bob's click to a named point, or undefined when it was not seen. */
function since(sampleRun: Sample, side: 'bob' | 'alice', name: string): number | undefined {
  const line = sampleRun[side];
  const when = line.marks[name] ?? line.t[name];
  return when === undefined ? undefined : when - sampleRun.clicked;
}

/** Phases of the join, as medians over the samples, ms from Bob's click on Sign and enter. */
function breakdown(samples: Sample[]): Record<string, number> {
  const points: [string, 'bob' | 'alice', string][] = [
    ['Bob has his certificate', 'bob', 'cc:signed'],
    ['Bob: graph connected', 'bob', 'cc:graph'],
    ['Bob: call route ready', 'bob', 'cc:call-route'],
    ['Bob: room open', 'bob', 'cc:room-open'],
    ['Bob: microphone open', 'bob', 'getUserMedia done'],
    ['Bob shows Alice (verified)', 'bob', 'cc:member'],
    ['Alice shows Bob (verified)', 'alice', 'cc:member'],
    ['Bob: offer made', 'bob', 'local offer'],
    ['Alice: offer in', 'alice', 'remote offer'],
    ['Bob: answer in', 'bob', 'remote answer'],
    ['Bob: ICE connected', 'bob', 'ice connected'],
    ['Alice: ICE connected', 'alice', 'ice connected'],
    ['Bob hears Alice', 'bob', 'heard'],
    ['Alice hears Bob', 'alice', 'heard'],
  ];
  const result: Record<string, number> = {};
  for (const [label, side, name] of points) {
    const values = samples.flatMap((s) => {
      const value = since(s, side, name);
      return value === undefined ? [] : [value];
    });
    if (values.length > 0) result[label] = median(values);
  }
  return result;
}

/** Chain reads of Bob's page between setting off and hearing: count and time (medians). */
function chainReads(samples: Sample[]): string {
  const counts = samples.map((s) => s.bob.rpc.filter((r) => r.started >= s.clicked).length);
  const methods = new Map<string, number>();
  for (const s of samples) {
    for (const r of s.bob.rpc) {
      if (r.started >= s.clicked) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
    }
  }
  const list = [...methods].map(([m, n]) => `${m} x${(n / samples.length).toFixed(1)}`);
  return `${median(counts)} requests: ${list.join(', ')}`;
}

/** After 10 s with every loopback packet dropped: until both hear each other again. */
async function outage(browser: Browser, appUrl: string, run: number): Promise<number> {
  const carol = await open(browser, appUrl, `carol-${run}`, 2);
  const dave = await open(browser, appUrl, `dave-${run}`, 3);
  try {
    const roomId = `outage-${run}`;
    await carol.enterRoom(0, roomId, { chat: false });
    await dave.enterRoom(0, roomId, { chat: false });
    await Promise.all([heard(carol.page, 30_000), heard(dave.page, 30_000)]);
    execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'limit', '0']);
    try {
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    } finally {
      execFileSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
    }
    const back = Date.now();
    const pages = [carol.page, dave.page];
    // Heard again: a level above HEARD after the network returned.
    await Promise.all(
      pages.map((page) =>
        page.waitForFunction(
          ([from, level]) => {
            const probe = window.__meshProbe;
            return probe !== undefined && Date.now() >= from && probe.level() > level;
          },
          [back, HEARD] as const,
          { timeout: 30_000, polling: 10 },
        ),
      ),
    );
    return Date.now() - back;
  } finally {
    await Promise.all([carol.close(), dave.close()]);
  }
}

/** Driver: runs inside the namespace, prints one JSON line. */
async function drive(builtDir: string, wav: string): Promise<void> {
  const { launchBrowser } = await import('../tests/e2e/harness/browser.ts');
  const { startLocalStack } = await import('../scripts/local-stack/stack.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-mesh-app-'));
  const stack = await startLocalStack({ app: { builtDir }, dataDir });
  const browser = await launchBrowser({ fakeAudioFile: wav, fullBrowser: true });
  const samples: Sample[] = [];
  const backs: number[] = [];
  const load: number[] = [];
  try {
    // One join first, not counted: the stack's first answers (chain, relay) are cold.
    await sample(browser, stack.appUrl, -1);
    for (let run = 0; run < JOIN_RUNS; run++) {
      load.push(loadavg()[0] ?? 0);
      try {
        const measured = await sample(browser, stack.appUrl, run);
        samples.push(measured);
        process.stderr.write(
          `mesh app bench: join ${run}: ${measured.total} ms from the click, ${measured.fromLink} ms from the room link\n`,
        );
      } catch (error) {
        console.warn(`mesh app bench: join ${run} failed`, error);
      }
    }
    for (let run = 0; run < OUTAGE_RUNS; run++) {
      try {
        backs.push(await outage(browser, stack.appUrl, run));
      } catch (error) {
        console.warn(`mesh app bench: outage ${run} failed`, error);
      }
    }
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const result = {
    totals: samples.map((s) => s.total),
    fromLink: samples.map((s) => s.fromLink),
    backs,
    load: median(load),
    breakdown: breakdown(samples),
    reads: chainReads(samples),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Host side: build the site and the tone, run the driver in a namespace of its own. */
export default async function meshAppBench(): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-mesh-app-bench-'));
  try {
    compileContracts();
    const builtDir = await buildSite(join(dir, 'dist'));
    const wav = await writeToneWav(dir);
    const output = runTsxInTestNetns(`cc-mesh-app-${process.pid}`, thisFile, {
      env: { CC_MESH_APP_DIST: builtDir, CC_MESH_APP_WAV: wav },
      timeoutMs: 20 * 60_000,
    });
    const line = output.trim().split('\n').at(-1) ?? '{}';
    const result = JSON.parse(line) as {
      totals: number[];
      fromLink: number[];
      backs: number[];
      load: number;
      breakdown: Record<string, number>;
      reads: string;
    };
    console.info("mesh app bench: where the time goes (median ms from Bob's click)");
    console.table(result.breakdown);
    console.info(`mesh app bench: Bob's chain reads while joining: ${result.reads}`);
    const { totals, backs } = result;
    const load = `load average ${result.load.toFixed(1)} on 2 cores`;
    const figures: Figures = {
      'mesh: app join to first audio, 2 members': {
        value: median(totals),
        unit: 'ms',
        note: `median of ${totals.length}; Bob clicks Sign and enter (signature incl.) -> both hear, continuous tone, Gun relay, TURN gate; ${load}`,
      },
      'mesh: app join to first audio, 2 members, p95': {
        value: percentile(totals, 95),
        unit: 'ms',
        note: `p95 of ${totals.length}; ${load}`,
      },
    };
    for (const [phase, value] of Object.entries(result.breakdown)) {
      figures[`mesh: app join breakdown, ${phase}`] = {
        value,
        unit: 'ms',
        note: `median of ${totals.length}, ms after Bob's click`,
      };
    }
    figures['mesh: app room link to first audio, 2 members'] = {
      value: median(result.fromLink),
      unit: 'ms',
      note: `median of ${result.fromLink.length}; from opening the room's link (room code loaded, the test's clicks incl.) -> both hear; ${load}`,
    };
    if (backs.length > 0) {
      figures['mesh: app audio back after the network returns'] = {
        value: median(backs),
        unit: 'ms',
        note: `median of ${backs.length}; 10 s with all packets dropped (relay, chain, WebRTC), continuous tone`,
      };
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env.CC_MESH_APP_DIST && process.argv[1] === thisFile) {
  await drive(process.env.CC_MESH_APP_DIST, process.env.CC_MESH_APP_WAV ?? '');
  // Gun clients keep timers of their own after the stack stops; the line is printed.
  process.exit(0);
}
