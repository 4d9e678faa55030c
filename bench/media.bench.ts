import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { AudioBridgeControl } from '../scripts/gate/AudioBridgeControl.ts';
import { startGate } from '../scripts/gate/startGate.ts';
import { freePort } from '../scripts/local-stack/ports.ts';
import { startJanus } from '../scripts/local-stack/startJanus.ts';
import { createSessionCertificateMessage } from '../src/identity/certificateMessage.ts';
import { startAccessChain } from '../tests/support/gunChain.ts';
import { TEST_APP_NAME } from '../tests/support/gunRoom.ts';
import { RpcProxy } from '../tests/support/RpcProxy.ts';
import { type Figures, median, percentile } from './figures.ts';
import { childCpuSeconds, LAB_DIST_ENV, LAB_WAV_ENV, runLab, serveLab } from './labPages.ts';
import type { MediaLabSetup } from './media/mediaLab.ts';

// Rooms on the media server (Janus AudioBridge through the gate), in real Chromium with fake
// microphones playing a continuous tone, inside a network namespace made for this run: the
// largest room where everyone hears the speakers, CPU per member beside the mesh's (both
// measured here, in one run), join to first audio, the silence while a room moves off the
// mesh, and removal on chain to kick. The page (bench/media/mediaLab.ts) is the app's Meeting
// and MediaMove wired as the room screen wires them; Janus, the gate and a Hardhat chain are
// real. This module is both the bench (host side) and, re-run inside the namespace, the driver.

const thisFile = fileURLToPath(import.meta.url);
/** RMS the tone clearly exceeds; silence (and comfort noise) stays far below. */
const HEARD = 0.01;
const JOIN_RUNS = 10;
const MOVE_RUNS = 3;
const KICK_RUNS = 10;
const CAPACITY_STEP = 6;
const CAPACITY_MAX = 48;
/** Members who speak in a capacity room; the others listen (no microphone), as in a town hall. */
const CAPACITY_SPEAKERS = 3;
const HEAR_WITHIN_MS = 30_000;
/** CPU (share of one core) under which the machine counts as quiet before a capacity room. */
const QUIET_CPU = 0.2;
const QUIET_WAIT_MS = 60_000;
const CPU_WINDOW_MS = 5_000;
/** Windows measured in a row; the figure is their median. */
const CPU_WINDOWS = 3;
/**
 * Time a call settles before its CPU window: the app stops its meters' AudioContext a second
 * after the last read, and on the media server nobody reads them.
 */
const CPU_SETTLE_MS = 2_000;
/** The mesh's cap: the room moves when its roster reaches it (outgrowsMesh). */
const MESH_CAP = 6;

/**
 * Runs in each page before the lab: every 20 ms, the loudest remote audio over the page's open
 * connections. It keeps the first loud sample after `mark()`, the longest silence between two
 * loud samples since then (only when a quiet sample was seen between them, so a page whose
 * timers stall under load shows no false gap), and how many connections were loud this second.
 */
const PROBE = `
(() => {
  const Native = window.RTCPeerConnection;
  const entries = [];
  let context;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      this.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        context ??= new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 512;
        context.createMediaStreamSource(event.streams[0] ?? new MediaStream([event.track])).connect(analyser);
        entries.push({ pc: this, analyser, lastLoud: -1 });
      });
    }
  };
  const samples = new Float32Array(512);
  const probe = { mark: 0, first: undefined, last: undefined, quiet: false, gap: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    let loud = false;
    for (const entry of entries) {
      if (entry.pc.connectionState === 'closed') continue;
      entry.analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const x of samples) sum += x * x;
      if (Math.sqrt(sum / samples.length) > ${HEARD}) {
        entry.lastLoud = now;
        loud = true;
      }
    }
    if (!loud) {
      probe.quiet = true;
      return;
    }
    if (probe.first === undefined && now >= probe.mark) probe.first = now;
    if (probe.last !== undefined && probe.quiet) probe.gap = Math.max(probe.gap, now - probe.last);
    probe.last = now;
    probe.quiet = false;
  }, 20);
  window.__mediaBench = {
    mark() {
      probe.mark = performance.now();
      probe.first = undefined;
      probe.last = undefined;
      probe.quiet = false;
      probe.gap = 0;
      return probe.mark;
    },
    /** Stops listening, so a CPU window counts the app's work and not the probe's. */
    async pause() {
      clearInterval(timer);
      await context?.suspend();
    },
    read() {
      const now = performance.now();
      const loudNow = entries.filter((e) => e.pc.connectionState !== 'closed' && now - e.lastLoud < 1000).length;
      const open = new Set(entries.filter((e) => e.pc.connectionState !== 'closed').map((e) => e.pc)).size;
      return { mark: probe.mark, first: probe.first, gap: probe.gap, loudNow, open };
    },
  };
})();
`;

interface ProbeReading {
  mark: number;
  first: number | undefined;
  gap: number;
  /** Connections loud within the last second. */
  loudNow: number;
  /** Open peer connections. */
  open: number;
}

declare global {
  interface Window {
    __mediaBench: { mark(): number; pause(): Promise<void>; read(): ProbeReading };
  }
}

/** Host side: build the page, make a namespace, run the driver in it, read its figures. */
export default function mediaBench(): Promise<Figures> {
  return runLab({
    name: 'media',
    main: `import '${join(import.meta.dirname, 'media', 'mediaLab.ts')}';\n`,
    driver: thisFile,
    timeoutMs: 40 * 60_000,
  });
}

/**
 * The parts to run (`CC_MEDIA_BENCH_PARTS=capacity,kick`; all by default): a part's figures are
 * then the only ones this run writes, and bench/run.ts keeps the others from the last run.
 */
const parts = process.env.CC_MEDIA_BENCH_PARTS?.split(',');
const wanted = (part: 'cpu' | 'join' | 'move' | 'kick' | 'capacity') =>
  parts === undefined || parts.includes(part);
const load = () => `load average ${loadavg()[0]?.toFixed(1)} on 2 cores`;
/** Progress on stderr (stdout carries the figures). */
const progress = (line: string) => process.stderr.write(`media bench: ${line} (${load()})\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Driver: runs inside the namespace, prints one JSON line of figures. */
async function drive(dist: string, wav: string): Promise<void> {
  const { launchBrowser } = await import('../tests/e2e/harness/browser.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-media-janus-'));
  const chain = await startAccessChain();
  const rpc = await RpcProxy.start(chain.chain.connection.provider);
  const site = await serveLab(dist);
  const origin = new URL(site.url).origin;
  const secrets = {
    apiSecret: randomBytes(24).toString('base64url'),
    adminSecret: randomBytes(24).toString('base64url'),
    audioBridgeAdminKey: randomBytes(24).toString('base64url'),
  };
  const janus = await startJanus({
    wsPort: await freePort(),
    adminWsPort: await freePort(),
    rtpPorts: { min: 41_000, max: 41_999 },
    secrets,
    dataDir,
  });
  const gate = await startGate({
    host: '127.0.0.1',
    port: 0,
    corsOrigins: [origin],
    rpcUrl: rpc.url('gate'),
    contract: chain.contract,
    appName: TEST_APP_NAME,
    media: { janusUrl: janus.url, janusAdminUrl: janus.adminUrl, ...secrets },
    // Every member here is 127.0.0.1 and joins many rooms a minute.
    limits: {
      perIpPerMinute: 60_000,
      perIpBurst: 60_000,
      perAddressPerMinute: 600,
      perAddressBurst: 600,
    },
  });
  const members = Array.from({ length: CAPACITY_MAX + 12 }, () =>
    privateKeyToAccount(generatePrivateKey()),
  );
  const leaving = Array.from({ length: KICK_RUNS }, () =>
    privateKeyToAccount(generatePrivateKey()),
  );
  await chain.allow([...members, ...leaving].map((account) => account.address));
  const browser = await launchBrowser({ fakeAudioFile: wav, fullBrowser: true });

  /** Opens the lab page for `account` and gives it a session certificate. */
  const open = async (
    context: BrowserContext,
    account: PrivateKeyAccount,
    room: Omit<MediaLabSetup, 'address' | 'certificate' | 'gateUrl' | 'janusUrl' | 'communityId'>,
  ): Promise<{ page: Page; setup: MediaLabSetup }> => {
    const page = await context.newPage();
    await page.goto(site.url);
    const { pub, epub } = await page.evaluate(() => window.lab.keys());
    const now = Date.now();
    const message = createSessionCertificateMessage({
      address: account.address,
      appName: TEST_APP_NAME,
      chainId: gate.chainId,
      domain: new URL(site.url).host,
      uri: origin,
      contract: chain.contract,
      sessionPub: pub,
      sessionEpub: epub,
      issuedAt: new Date(now - 60_000),
      expiresAt: new Date(now + 3_600_000),
    });
    const certificate = { message, signature: await account.signMessage({ message }) };
    const setup: MediaLabSetup = {
      ...room,
      address: account.address,
      certificate,
      gateUrl: gate.url,
      janusUrl: janus.url,
      communityId: chain.communityId.toString(),
    };
    return { page, setup };
  };
  const enter = ({ page, setup }: { page: Page; setup: MediaLabSetup }) =>
    page.evaluate((s) => {
      window.__mediaBench.mark();
      return window.lab.join(s);
    }, setup);
  const read = (page: Page) => page.evaluate(() => window.__mediaBench.read());
  /** Resolves once `probe` holds on the page, or rejects after `ms`. */
  const until = (page: Page, probe: string, ms: number) =>
    page.waitForFunction(probe, undefined, { timeout: ms, polling: 50 });
  const newContext = async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['microphone']);
    await context.addInitScript({ content: PROBE });
    return context;
  };

  /** A room of `size` on the mesh (cap out of reach) or on the media server (cap 1). */
  const callOf = async (size: number, on: 'mesh' | 'media', roomId: string) => {
    const context = await newContext();
    const pages = [];
    for (let i = 0; i < size; i++) {
      pages.push(
        await open(context, members[i] as PrivateKeyAccount, {
          roomId,
          cap: on === 'mesh' ? 1_000 : 1,
          mesh: on === 'mesh',
          muted: false,
        }),
      );
    }
    await Promise.all(pages.map(enter));
    const want = on === 'mesh' ? size - 1 : 1;
    await Promise.all(
      pages.map(({ page }) =>
        until(page, `window.__mediaBench.read().loudNow >= ${want}`, HEAR_WITHIN_MS),
      ),
    );
    return context;
  };
  /**
   * CPU of `call`'s pages (the probes paused) and of Janus: the median of {@link CPU_WINDOWS}
   * windows of {@link CPU_WINDOW_MS}, once settled.
   */
  const cpuOf = async (call: BrowserContext, size: number) => {
    await Promise.all(call.pages().map((page) => page.evaluate(() => window.__mediaBench.pause())));
    await sleep(CPU_SETTLE_MS);
    const windows = { browser: [] as number[], janus: [] as number[] };
    for (let i = 0; i < CPU_WINDOWS; i++) {
      const before = await childCpuSeconds('janus');
      const started = Date.now();
      await sleep(CPU_WINDOW_MS);
      const after = await childCpuSeconds('janus');
      const seconds = (Date.now() - started) / 1000;
      const browser = after.total - after.apart - (before.total - before.apart);
      windows.browser.push((browser / seconds / size) * 100);
      windows.janus.push(((after.apart - before.apart) / seconds) * 100);
    }
    return { browser: median(windows.browser), janus: median(windows.janus) };
  };

  /**
   * Waits (up to {@link QUIET_WAIT_MS}) until Chromium and Janus use under {@link QUIET_CPU} of
   * a core over a second: a room starts on a machine its predecessor has left, not on the
   * tail of its teardown (a room of 12 failed right after one of 36).
   */
  const quiet = async () => {
    const until = Date.now() + QUIET_WAIT_MS;
    while (Date.now() < until) {
      const before = await childCpuSeconds();
      await sleep(1_000);
      if ((await childCpuSeconds()).total - before.total < QUIET_CPU) return;
    }
  };
  /**
   * Whether every member of a room of `size` joining together hears the speakers within
   * {@link HEAR_WITHIN_MS}; the audience (past the speakers) listens without a microphone or,
   * with `listen` false, is muted with its microphone open.
   */
  const capacityRoom = async (size: number, listen: boolean): Promise<boolean> => {
    await quiet();
    const context = await newContext();
    const pages = [];
    for (let i = 0; i < size; i++) {
      pages.push(
        await open(context, members[i] as PrivateKeyAccount, {
          roomId: `capacity-${size}-${listen ? 'listen' : 'muted'}`,
          cap: 1,
          mesh: false,
          muted: !listen && i >= CAPACITY_SPEAKERS,
          listen: listen && i >= CAPACITY_SPEAKERS,
        }),
      );
    }
    await Promise.all(pages.map(enter));
    const ok = await Promise.all(
      pages.map(({ page }) =>
        until(page, 'window.__mediaBench.read().loudNow >= 1', HEAR_WITHIN_MS),
      ),
    ).then(
      () => true,
      () => false,
    );
    if (!ok) {
      // Says where it stopped: each member's state on the server, what it hears, and the
      // steps of its media room (grant, Janus requests, ICE) of those that do not hear.
      const states = await Promise.all(
        pages.map(({ page }) =>
          page.evaluate(() => ({ ...window.lab.state(), ...window.__mediaBench.read() })),
        ),
      );
      progress(
        `${size} members, status:loud per member ${states.map((s) => `${s.status}:${s.loudNow}`).join(' ')}`,
      );
      for (const [i, state] of states.entries()) {
        if (state.loudNow < 1) progress(`member ${i}: ${state.history.join(' | ')}`);
      }
    }
    await context.close();
    return ok;
  };

  const figures: Figures = {};
  try {
    if (wanted('cpu')) {
      // CPU per member, 6 members: the mesh (as bench/mesh.bench.ts measures it) and the media
      // server, one after the other in this run.
      const meshCall = await callOf(6, 'mesh', 'cpu-mesh');
      const meshCpu = await cpuOf(meshCall, 6);
      await meshCall.close();
      const mediaCall = await callOf(6, 'media', 'cpu-media');
      const mediaCpu = await cpuOf(mediaCall, 6);
      await mediaCall.close();
      progress(
        `CPU per member: mesh ${meshCpu.browser.toFixed(1)}, media ${mediaCpu.browser.toFixed(1)}`,
      );
      figures['mesh: CPU per member, 6 members'] = {
        value: meshCpu.browser,
        unit: 'cpu%',
        note: `one core = 100; all 6 pages in one headless Chromium, median of 3 windows of 5 s in a full call, the probes paused; measured by media.bench.ts beside the media figure; ${load()}`,
      };
      figures['media: CPU per member, 6 members'] = {
        value: mediaCpu.browser,
        unit: 'cpu%',
        note: `one core = 100; all 6 pages in one headless Chromium, median of 3 windows of 5 s on Janus AudioBridge, everyone unmuted, the probes paused; Janus itself used ${mediaCpu.janus.toFixed(1)} % of a core (not counted: it is the server's); mesh in the same run ${meshCpu.browser.toFixed(1)}; ${load()}`,
      };
    }

    // Join to first audio: two speakers on the server; a newcomer calls join() (gate grant,
    // Janus session, ICE) and the clock stops at the first loud sample of the mix.
    if (wanted('join')) {
      const context = await newContext();
      const room = { roomId: 'join', cap: 1, mesh: false, muted: false };
      const speakers = [
        await open(context, members[0] as PrivateKeyAccount, room),
        await open(context, members[1] as PrivateKeyAccount, room),
      ];
      await Promise.all(speakers.map(enter));
      await Promise.all(
        speakers.map(({ page }) =>
          until(page, 'window.__mediaBench.read().loudNow >= 1', HEAR_WITHIN_MS),
        ),
      );
      const joins: number[] = [];
      for (let run = 0; run < JOIN_RUNS; run++) {
        const newcomer = await open(context, members[2 + run] as PrivateKeyAccount, {
          ...room,
          muted: true,
        });
        await enter(newcomer);
        const ok = await until(
          newcomer.page,
          'window.__mediaBench.read().first !== undefined',
          20_000,
        ).then(
          () => true,
          () => false,
        );
        const reading = await read(newcomer.page);
        if (ok && reading.first !== undefined) joins.push(reading.first - reading.mark);
        progress(
          `join ${run}: ${ok ? Math.round((reading.first ?? 0) - reading.mark) : 'not heard'}`,
        );
        await newcomer.page.evaluate(() => window.lab.leave());
        await newcomer.page.close();
      }
      await context.close();
      figures['media: join to first audio'] = {
        value: median(joins),
        unit: 'ms',
        note: `median of ${joins.length}; join() (microphone, gate grant, Janus join, ICE) -> first loud sample of the mix, two speakers already in the room (continuous tone); ${load()}`,
      };
      figures['media: join to first audio, p95'] = {
        value: percentile(joins, 95),
        unit: 'ms',
        note: `p95 of ${joins.length}; ${load()}`,
      };
    }

    // The room moves: five on the mesh hear each other; a sixth arrives, the roster reaches the
    // cap and all six move onto the server. The longest silence any of the five hears.
    if (wanted('move')) {
      const gaps: number[] = [];
      for (let run = 0; run < MOVE_RUNS; run++) {
        const context = await newContext();
        const room = { roomId: `move-${run}`, cap: MESH_CAP, mesh: true, muted: false };
        const five = [];
        for (let i = 0; i < MESH_CAP - 1; i++) {
          five.push(await open(context, members[i] as PrivateKeyAccount, room));
        }
        await Promise.all(five.map(enter));
        await Promise.all(
          five.map(({ page }) =>
            until(page, `window.__mediaBench.read().loudNow >= ${MESH_CAP - 2}`, HEAR_WITHIN_MS),
          ),
        );
        await Promise.all(five.map(({ page }) => page.evaluate(() => window.__mediaBench.mark())));
        const sixth = await open(context, members[MESH_CAP - 1] as PrivateKeyAccount, room);
        await enter(sixth);
        const everyone = [...five, sixth];
        // Moved: on the server, live, and its one connection (the mesh closed) loud.
        const moved = `(() => { const s = window.lab.state(); const r = window.__mediaBench.read();
          return s.status === 'live' && r.open === 1 && r.loudNow === 1; })()`;
        const ok = await Promise.all(
          everyone.map(({ page }) => until(page, moved, HEAR_WITHIN_MS)),
        ).then(
          () => true,
          () => false,
        );
        await sleep(2_000);
        const readings = await Promise.all(five.map(({ page }) => read(page)));
        if (ok) gaps.push(Math.max(...readings.map((reading) => reading.gap)));
        progress(
          `move ${run}: ${ok ? readings.map((r) => Math.round(r.gap)).join('/') : 'not all moved'}`,
        );
        await context.close();
      }
      figures['media: audio gap when the room moves'] = {
        value: median(gaps),
        unit: 'ms',
        note: `median of ${gaps.length} moves (each the longest silence any of 5 listeners heard while a 6th arrived and all moved from the mesh to Janus; runs ${gaps.map(Math.round).join('/')}); ${load()}`,
      };
    }

    // Removal to kick: a member in a media room is removed on chain by the owner; the clock
    // runs from sending the removal until Janus no longer lists the participant.
    if (wanted('kick')) {
      const kicks: number[] = [];
      const context = await newContext();
      for (const account of leaving) {
        const member = await open(context, account, {
          roomId: 'kick',
          cap: 1,
          mesh: false,
          muted: false,
        });
        await enter(member);
        await until(member.page, "window.lab.state().status === 'live'", HEAR_WITHIN_MS);
        const { room, id } = await member.page.evaluate(() => window.lab.state());
        // A connection of its own per run: Janus ends sessions that sit idle between runs.
        const control = await AudioBridgeControl.connect({
          url: janus.url,
          adminUrl: janus.adminUrl,
          apiSecret: secrets.apiSecret,
          adminSecret: secrets.adminSecret,
        });
        const present = async () => {
          const answer = await control.request({ request: 'listparticipants', room });
          return ((answer.participants ?? []) as Array<{ id?: unknown }>).some(
            (participant) => participant.id === id,
          );
        };
        const started = Date.now();
        await chain.remove(account.address);
        while ((await present()) && Date.now() - started < 30_000) await sleep(20);
        kicks.push(Date.now() - started);
        progress(`kick: ${kicks.at(-1)} ms`);
        control.close();
        await member.page.close();
      }
      await context.close();
      figures['media: removal to kick (p95)'] = {
        value: percentile(kicks, 95),
        unit: 'ms',
        note: `p95 of ${kicks.length} (median ${median(kicks)}); owner's removal sent on a local Hardhat chain -> Janus no longer lists the member; the gate polls removal events every 500 ms (its default); ${load()}`,
      };
    }

    // Capacity: rooms of 12, 18, 24... (3 speakers, the rest muted) until one where not every
    // member hears the speakers within 30 s of joining together.
    if (wanted('capacity')) {
      // As a town hall: 3 speak, the audience listens without a microphone (a stage). Then the
      // same with the audience muted but holding its microphones open, as a plain room would.
      const audiences = [
        { figure: 'media: capacity', listen: true, words: 'the rest listening, no microphone' },
        {
          figure: 'media: capacity, audience muted with microphones open',
          listen: false,
          words: 'the rest muted, microphones open',
        },
      ];
      for (const audience of audiences) {
        let capacity = 0;
        let loadAtCapacity = load();
        let stopped = `${CAPACITY_MAX} reached`;
        for (let size = 12; size <= CAPACITY_MAX; size += CAPACITY_STEP) {
          const ok = await capacityRoom(size, audience.listen);
          progress(`${audience.figure}, ${size} members: ${ok ? 'all hear' : 'not all hear'}`);
          if (!ok) {
            stopped = `${size} did not, ${load()}`;
            break;
          }
          capacity = size;
          loadAtCapacity = load();
        }
        figures[audience.figure] = {
          value: capacity,
          unit: 'members',
          note: `largest of 12/18/24/... (up to ${CAPACITY_MAX}) where every member hears the ${CAPACITY_SPEAKERS} speakers within 30 s of joining together (${audience.words}), all pages in one headless Chromium; ${capacity} did at ${loadAtCapacity}; ${stopped}`,
        };
      }
    }
  } finally {
    await browser.close();
    await gate.close();
    await janus.stop();
    site.close();
    await rpc.close();
    await chain.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

const dist = process.env[LAB_DIST_ENV];
if (dist && process.argv[1] === thisFile) await drive(dist, process.env[LAB_WAV_ENV] ?? '');
