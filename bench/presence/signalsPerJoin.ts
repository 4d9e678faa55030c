import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { runTsxInTestNetns } from '../../tests/e2e/netns.ts';
import type { Figures } from '../figures.ts';

// How many signals one join sends through the signaling channel, in real Chromium with the
// app's own PeerConnection (simple-peer, trickle ICE, fake microphone), inside a network
// namespace made for this run (loopback + a veth pair, no STUN/TURN). Counted per side, for
// the join and for an ICE restart, and turned into envelopes as GunSignalingChannel sends
// them (a payload goes at once; what follows within COALESCE_MS shares the next envelope).
// This module is both the host side (`signalsPerJoin`) and, re-run in the namespace, the driver.

const root = join(import.meta.dirname, '../..');
const thisFile = fileURLToPath(import.meta.url);
const RUNS = 10;
/** GunSignalingChannel's default `coalesceMs`. */
const COALESCE_MS = 15;

/** Timestamps (ms) of the signals one side sent, and their kinds. */
interface SideLog {
  at: number[];
  kinds: string[];
}

interface RunLog {
  join: SideLog[];
  restart: SideLog[];
}

const PAGE_ENTRY = `
import { createSimplePeer } from '${root}/src/peers/createSimplePeer.ts';
window.createSimplePeer = createSimplePeer;
`;

/** Runs in the page: one join (both sides publish audio), then an ICE restart. */
async function pageRun(): Promise<RunLog> {
  type Peer = {
    signal(p: unknown): void;
    addTrack(t: MediaStreamTrack): void;
    restartIce(): void;
    on(e: string, l: (p: unknown) => void): void;
    destroy(): void;
    state: string;
  };
  const make = (window as unknown as { createSimplePeer: (o: object) => Peer }).createSimplePeer;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const track = stream.getAudioTracks()[0] as MediaStreamTrack;
  const a = make({ initiator: true, iceServers: [] });
  const b = make({ initiator: false, iceServers: [] });
  let logs: SideLog[] = [
    { at: [], kinds: [] },
    { at: [], kinds: [] },
  ];
  const wire = (from: Peer, to: Peer, side: 0 | 1) =>
    from.on('signal', (payload) => {
      const log = logs[side] as SideLog;
      log.at.push(performance.now());
      const p = payload as { type?: string; candidate?: unknown; renegotiate?: unknown };
      log.kinds.push(p.type ?? (p.candidate ? 'candidate' : p.renegotiate ? 'renegotiate' : '?'));
      setTimeout(() => to.signal(payload), 2);
    });
  wire(a, b, 0);
  wire(b, a, 1);
  a.addTrack(track);
  b.addTrack(track);
  const connected = () => a.state === 'connected' && b.state === 'connected';
  const settle = async () => {
    for (let i = 0; i < 500 && !connected(); i++) await new Promise((r) => setTimeout(r, 10));
    // Trailing candidates (end of gathering) come after the connection is up.
    await new Promise((r) => setTimeout(r, 1_500));
  };
  await settle();
  const join = logs;
  logs = [
    { at: [], kinds: [] },
    { at: [], kinds: [] },
  ];
  a.restartIce();
  await settle();
  a.destroy();
  b.destroy();
  for (const t of stream.getTracks()) t.stop();
  return { join, restart: logs };
}

/** Envelopes GunSignalingChannel writes for signals sent at `at` (ms): leading send, then batches. */
export function envelopesFor(at: readonly number[], coalesceMs: number): number {
  let envelopes = 0;
  let freeAt = Number.NEGATIVE_INFINITY;
  let i = 0;
  while (i < at.length) {
    const t = at[i] as number;
    envelopes++;
    if (t >= freeAt) {
      // Idle outbox: written at once, then a window gathers what follows.
      i++;
      freeAt = t + coalesceMs;
    } else {
      // Busy: everything queued by the end of the window goes in one envelope.
      while (i < at.length && (at[i] as number) < freeAt) i++;
      freeAt += coalesceMs;
    }
  }
  return envelopes;
}

/** The page script: the app's PeerConnection bundled for the browser. */
async function bundlePage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-signals-'));
  try {
    const entry = join(dir, 'entry.ts');
    await writeFile(entry, PAGE_ENTRY);
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        lib: { entry, formats: ['iife'], name: 'signalsPerJoin', fileName: 'page' },
      },
    })) as Rollup.RollupOutput | Rollup.RollupOutput[];
    const first = Array.isArray(output) ? output[0] : output;
    const chunk = first?.output.find((file) => file.type === 'chunk');
    if (chunk?.type !== 'chunk') throw new Error('no page bundle');
    return chunk.code;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function drive(): Promise<void> {
  const bundle = await bundlePage();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
  try {
    const page = await browser.newPage();
    // Served from localhost (answered here, no server): getUserMedia needs a secure context.
    await page.route('http://localhost/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>signals</title>' }),
    );
    await page.goto('http://localhost/');
    // tsx keeps function names with a helper the page does not have.
    await page.addScriptTag({ content: 'globalThis.__name = (f) => f;' });
    await page.addScriptTag({ content: bundle });
    const runs: RunLog[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await page.evaluate(pageRun));
    process.stdout.write(`${JSON.stringify(runs)}\n`);
  } finally {
    await browser.close();
  }
}

/** Signals and envelopes per side for a join and for an ICE restart (host side; needs root). */
export async function signalsPerJoin(): Promise<Figures> {
  const ns = `cc-signals-${process.pid}`;
  const output = runTsxInTestNetns(ns, thisFile, {
    env: { CC_SIGNALS_NETNS: ns },
    timeoutMs: 5 * 60_000,
  });
  const runs = JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as RunLog[];
  const most = (pick: (run: RunLog) => SideLog[], count: (side: SideLog) => number) =>
    Math.max(...runs.flatMap((run) => pick(run).map(count)));
  const signals = (side: SideLog) => side.at.length;
  const envelopes = (side: SideLog) => envelopesFor(side.at, COALESCE_MS);
  const kinds = [...new Set(runs.flatMap((run) => run.join.flatMap((side) => side.kinds)))];
  console.info(`signals per join: kinds ${kinds.join(', ')}`);
  return {
    'signaling.signals_per_join': {
      value: most((run) => run.join, signals),
      unit: 'count',
      note: `most signals one side sent for a join, ${RUNS} joins in Chromium, host candidates only (netns: lo + veth)`,
    },
    'signaling.envelopes_per_join': {
      value: most((run) => run.join, envelopes),
      unit: 'count',
      note: `the same signals as envelopes with ${COALESCE_MS} ms coalescing (receiver burst limit 60)`,
    },
    'signaling.signals_per_ice_restart': {
      value: most((run) => run.restart, signals),
      unit: 'count',
      note: `most signals one side sent for an ICE restart, ${RUNS} runs`,
    },
    'signaling.envelopes_per_ice_restart': {
      value: most((run) => run.restart, envelopes),
      unit: 'count',
      note: `the same as envelopes with ${COALESCE_MS} ms coalescing`,
    },
  };
}

if (process.env.CC_SIGNALS_NETNS && process.argv[1] === thisFile) await drive();
