import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { type Figures, median, percentile } from './figures.ts';
import { childCpuSeconds, LAB_DIST_ENV, LAB_WAV_ENV, runLab, serveLab } from './labPages.ts';

// The audio mesh in real Chromium (fake microphones playing a continuous tone) inside a
// network namespace made for this run: join-to-first-audio, time to audio after the network
// returns, and mesh capacity with CPU per participant. The app's own join figures are
// bench/meshApp.bench.ts's. The page is a minimal room: the real Meeting, simple-peer and
// BrowserAudioIo, with roster and signaling over a BroadcastChannel, so the figures are the
// mesh's own (Gun and the wallet are measured by their own benches).
// This module is both the bench (host side) and, re-run inside the namespace, the driver.

const root = join(import.meta.dirname, '..');
const thisFile = fileURLToPath(import.meta.url);
const HEARD = 0.01;
const JOIN_RUNS = 10;
const OUTAGE_MS = 10_000;
const ROOM_SIZES = [2, 4, 6, 8];

const labEntry = (src: string) => `
import { Emitter } from '${src}/core/Emitter.ts';
import { Scope } from '${src}/core/Scope.ts';
import { BrowserAudioIo } from '${src}/mesh/BrowserAudioIo.ts';
import { Meeting } from '${src}/mesh/Meeting.ts';
import { createSimplePeer } from '${src}/peers/createSimplePeer.ts';

const index = Number(new URLSearchParams(location.search).get('id'));
const self = ('0x' + (index + 1).toString(16).padStart(40, '0'));
const channel = new BroadcastChannel('mesh-bench');
const rosterEvents = new Emitter();
const signals = new Emitter();
const members = new Map();
const sessionPub = Math.random().toString(36);
let state = {};
const announce = () => channel.postMessage({ kind: 'state', from: self, sessionPub, state });
channel.onmessage = ({ data }) => {
  if (data.kind === 'state' && data.from !== self) {
    const known = members.has(data.from);
    const member = { address: data.from, sessionPub: data.sessionPub, sessionEpub: '', state: data.state, lastSeen: Date.now() };
    members.set(data.from, member);
    rosterEvents.emit(known ? 'updated' : 'joined', member);
    if (!known) announce();
  } else if (data.kind === 'signal' && data.to === self) {
    signals.emit('signal', data);
  }
};
const roster = {
  members: () => [...members.values()],
  on: (event, listener, scope) => rosterEvents.on(event, listener, scope),
  setLocalState: (next) => { state = next; announce(); },
};
const signaling = {
  send: async (to, payload) => channel.postMessage({ kind: 'signal', from: self, to, payload }),
  onSignal: (listener, scope) => signals.on('signal', (m) => listener(m.from, m.payload), scope),
};
const meeting = new Meeting({ self, roster, signaling, createPeer: createSimplePeer,
  audio: new BrowserAudioIo(), iceServers: [], scope: new Scope() });
window.meshLab = { join: () => meeting.join() };
`;

/** Counts, per remote connection, whether its audio was ever above a level (sampled in page). */
const PROBE = `
(() => {
  const Native = window.RTCPeerConnection;
  const heard = new Map();
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
        const samples = new Float32Array(512);
        const entry = { pc: this, analyser, samples, loudest: 0, since: 0 };
        heard.set(analyser, entry);
      });
    }
  };
  window.__meshBench = {
    /** Remote streams (of live connections) louder than level since time 'since'. */
    heard(level, since) {
      let count = 0;
      for (const entry of heard.values()) {
        if (entry.pc.connectionState === 'closed') continue;
        if (entry.lastLoud !== undefined && entry.lastLoud >= since) count++;
      }
      return count;
    },
    sample(level) {
      for (const entry of heard.values()) {
        if (entry.pc.connectionState === 'closed') continue;
        entry.analyser.getFloatTimeDomainData(entry.samples);
        let sum = 0;
        for (const x of entry.samples) sum += x * x;
        if (Math.sqrt(sum / entry.samples.length) > level) entry.lastLoud = performance.now();
      }
    },
  };
  setInterval(() => window.__meshBench.sample(${HEARD}), 10);
})();
`;

/** Host side: build the page, make a namespace, run the driver in it, read its figures. */
export default function meshBench(): Promise<Figures> {
  return runLab({
    name: 'mesh',
    main: labEntry(join(root, 'src')),
    driver: thisFile,
    timeoutMs: 15 * 60_000,
  });
}

/** Opens `size` members in one context; resolves with the pages once everyone hears everyone. */
async function room(browser: Browser, url: string, size: number, timeoutMs: number) {
  const context = await browser.newContext();
  await context.grantPermissions(['microphone']);
  await context.addInitScript({ content: PROBE });
  const pages: Page[] = [];
  for (let i = 0; i < size; i++) {
    const page = await context.newPage();
    await page.goto(`${url}?id=${i}`);
    pages.push(page);
  }
  const started = Date.now();
  await Promise.all(pages.map((page) => page.evaluate(() => window.meshLab.join())));
  const everyoneHears = () =>
    Promise.all(
      pages.map((page) =>
        page.waitForFunction(
          ([want, level]) => window.__meshBench.heard(level, 0) >= want,
          [size - 1, HEARD] as const,
          { timeout: timeoutMs, polling: 10 },
        ),
      ),
    );
  const ok = await everyoneHears().then(
    () => true,
    () => false,
  );
  return { context, pages, ok, joinToAudioMs: Date.now() - started };
}

/** Driver: runs inside the namespace, prints one JSON line of figures. */
async function drive(dist: string, wav: string): Promise<void> {
  const { launchBrowser } = await import('../tests/e2e/harness/browser.ts');
  const site = await serveLab(dist);
  const browser = await launchBrowser({ fakeAudioFile: wav, fullBrowser: true });
  const figures: Figures = {};
  try {
    const joins: number[] = [];
    for (let run = 0; run < JOIN_RUNS; run++) {
      const { context, ok, joinToAudioMs } = await room(browser, site.url, 2, 20_000);
      if (ok) joins.push(joinToAudioMs);
      await context.close();
    }
    figures['mesh: join to first audio, 2 members'] = {
      value: median(joins),
      unit: 'ms',
      note: `median of ${joins.length}; join() -> both hear the other (fake microphones play a continuous tone)`,
    };
    figures['mesh: join to first audio, 2 members, p95'] = {
      value: percentile(joins, 95),
      unit: 'ms',
      note: `p95 of ${joins.length}`,
    };

    // Network loss: drop every loopback packet for OUTAGE_MS, then measure the way back.
    const pair = await room(browser, site.url, 2, 20_000);
    execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'limit', '0']);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    execFileSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
    const back = Date.now();
    const marks = await Promise.all(
      pair.pages.map((page) => page.evaluate(() => performance.now())),
    );
    await Promise.all(
      pair.pages.map((page, i) =>
        page.waitForFunction(
          ([since, level]) => window.__meshBench.heard(level, since) >= 1,
          [marks[i] ?? 0, HEARD] as const,
          { timeout: 60_000, polling: 10 },
        ),
      ),
    );
    figures['mesh: audio back after the network returns'] = {
      value: Date.now() - back,
      unit: 'ms',
      note: `2 members, ${OUTAGE_MS / 1000} s with all loopback packets dropped`,
    };
    await pair.context.close();

    let capacity = 0;
    for (const size of ROOM_SIZES) {
      const { context, ok } = await room(browser, site.url, size, 30_000);
      if (!ok) {
        await context.close();
        break;
      }
      capacity = size;
      const cpuBefore = (await childCpuSeconds()).total;
      const windowStarted = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const cpuSeconds = (await childCpuSeconds()).total - cpuBefore;
      const seconds = (Date.now() - windowStarted) / 1000;
      figures[`mesh: CPU per member, ${size} members`] = {
        value: (cpuSeconds / seconds / size) * 100,
        unit: 'cpu%',
        note: `one core = 100; all ${size} pages in one headless Chromium, 5 s in a full call`,
      };
      await context.close();
    }
    figures['mesh: capacity'] = {
      value: capacity,
      unit: 'members',
      note: `largest of ${ROOM_SIZES.join('/')} where every pair hears each other within 30 s`,
    };
  } finally {
    await browser.close();
    site.close();
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

declare global {
  interface Window {
    meshLab: { join(): Promise<void> };
    __meshBench: { heard(level: number, since: number): number };
  }
}

const dist = process.env[LAB_DIST_ENV];
if (dist && process.argv[1] === thisFile) await drive(dist, process.env[LAB_WAV_ENV] ?? '');
