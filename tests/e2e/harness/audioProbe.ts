import type { Page } from 'playwright-core';
import type { E2eWorld, Participant } from './index.ts';
import { overrideSiteConfig, type SiteConfigPatch } from './overrideSiteConfig.ts';

// What a page hears, measured independently of the app's own meters: a probe wraps
// RTCPeerConnection before the app loads, counts inbound audio bytes from getStats, and runs
// its own AnalyserNode on every remote track. Chromium's fake microphone beeps periodically.

/** RMS the fake microphone's beep clearly exceeds, and silence stays far below. */
export const HEARD = 0.01;
export const SILENT = 0.003;

/**
 * One open peer connection of a page over a listening window. Its ICE username fragments
 * pair it with the connection at the other end: this end's `remoteUfrag` is the other end's
 * `localUfrag` (the app's own code needs no test hooks for the mapping).
 */
export interface ConnectionReading {
  localUfrag: string;
  remoteUfrag: string;
  /** Inbound audio bytes received during the window. */
  bytesGained: number;
  /** Loudest RMS of this connection's remote audio during the window. */
  level: number;
}

export interface MeshProbe {
  inboundBytes(): Promise<number>;
  /** Audio bytes this page has sent, over its open connections. */
  outboundBytes(): Promise<number>;
  level(): number;
  listen(ms: number): Promise<ConnectionReading[]>;
}

declare global {
  interface Window {
    __meshProbe?: MeshProbe;
  }
}

/**
 * Runs in the page before the app. Plain JavaScript in a string: a function passed to
 * addInitScript would carry the test transpiler's helpers (`__name`) into the page.
 */
export const PROBE = `
(() => {
  const Native = window.RTCPeerConnection;
  const connections = [];
  const analysers = new Map();
  let context;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      connections.push(this);
      this.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        context ??= new AudioContext();
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        const analyser = context.createAnalyser();
        analyser.fftSize = 512;
        context.createMediaStreamSource(stream).connect(analyser);
        analysers.set(this, [...(analysers.get(this) ?? []), analyser]);
      });
    }
  };
  const open = () => connections.filter((pc) => pc.connectionState !== 'closed');
  const samples = new Float32Array(512);
  const levelOf = (pc) => {
    let loudest = 0;
    for (const analyser of analysers.get(pc) ?? []) {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const x of samples) sum += x * x;
      loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
    }
    return loudest;
  };
  const bytesOf = async (pc, type = 'inbound-rtp') => {
    let bytes = 0;
    (await pc.getStats()).forEach((s) => {
      if (s.type === type && s.kind === 'audio') bytes += s.bytesReceived ?? s.bytesSent ?? 0;
    });
    return bytes;
  };
  const ufrag = (description) => /a=ice-ufrag:(\\S+)/.exec(description?.sdp ?? '')?.[1] ?? '';
  window.__meshProbe = {
    async inboundBytes() {
      const all = await Promise.all(open().map((pc) => bytesOf(pc)));
      return all.reduce((sum, bytes) => sum + bytes, 0);
    },
    async outboundBytes() {
      const all = await Promise.all(open().map((pc) => bytesOf(pc, 'outbound-rtp')));
      return all.reduce((sum, bytes) => sum + bytes, 0);
    },
    level() {
      return Math.max(0, ...open().map(levelOf));
    },
    async listen(ms) {
      const pcs = open();
      const before = await Promise.all(pcs.map((pc) => bytesOf(pc)));
      const loudest = pcs.map(() => 0);
      const until = performance.now() + ms;
      while (performance.now() < until) {
        pcs.forEach((pc, i) => {
          loudest[i] = Math.max(loudest[i], levelOf(pc));
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const after = await Promise.all(pcs.map((pc) => bytesOf(pc)));
      return pcs.map((pc, i) => ({
        localUfrag: ufrag(pc.localDescription),
        remoteUfrag: ufrag(pc.remoteDescription),
        bytesGained: after[i] - before[i],
        level: loudest[i],
      }));
    },
  };
})();
`;

export const inboundBytes = (page: Page) =>
  page.evaluate(() => window.__meshProbe?.inboundBytes() ?? Promise.resolve(0));

export const outboundBytes = (page: Page) =>
  page.evaluate(() => window.__meshProbe?.outboundBytes() ?? Promise.resolve(0));

/** Open peer connections of a page (the media server's one, once the mesh has closed). */
export function openConnections(page: Page): Promise<number> {
  return page.evaluate(async () => ((await window.__meshProbe?.listen(0)) ?? []).length);
}

/** Loudest remote level seen over `ms` (the fake microphone beeps about once a second). */
export async function loudestLevel(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (duration) => {
    let loudest = 0;
    const until = performance.now() + duration;
    while (performance.now() < until) {
      loudest = Math.max(loudest, window.__meshProbe?.level() ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return loudest;
  }, ms);
}

/**
 * Opens the app for a participant with the probe installed (and the site config changed by
 * `site`, if given) before its first load, and connects dev account `account`.
 */
export async function openWithProbe(
  world: E2eWorld,
  label: string,
  account: number,
  site?: SiteConfigPatch,
): Promise<Participant> {
  const person = await world.join(label, async (context) => {
    if (site) await overrideSiteConfig(context, site);
    await context.addInitScript({ content: PROBE });
  });
  await person.connectBurner(account);
  return person;
}

/** A page whose hearing is measured, and the member address it is in the room as. */
export interface Listener {
  address: string;
  page: Page;
}

/** What one listener heard from one remote member over a window. */
export interface Heard {
  bytesGained: number;
  level: number;
}

/** listener address → remote member address → what it heard from them. */
export type Hearing = Map<string, Map<string, Heard>>;

/**
 * Listens on every page at once for `ms` and attributes each open connection to the member at
 * its other end, by pairing ICE username fragments across the pages. Connections whose other
 * end is not among `listeners` (e.g. someone who left and is not torn down yet) are left out.
 *
 * @example
 * const heard = await hearing([{ address: ALICE, page: alice.page }, { address: BOB, page: bob.page }], 2_000);
 * heard.get(ALICE)?.get(BOB)?.level; // loudest level of Bob's audio on Alice's page
 */
export async function hearing(listeners: readonly Listener[], ms: number): Promise<Hearing> {
  const readings = await Promise.all(
    listeners.map(({ page }) =>
      page.evaluate((duration) => window.__meshProbe?.listen(duration) ?? [], ms),
    ),
  );
  const ownerOf = new Map<string, string>();
  readings.forEach((connections, i) => {
    for (const { localUfrag } of connections) {
      if (localUfrag) ownerOf.set(localUfrag, listeners[i]?.address ?? '');
    }
  });
  const result: Hearing = new Map();
  readings.forEach((connections, i) => {
    const heard = new Map<string, Heard>();
    for (const { remoteUfrag, bytesGained, level } of connections) {
      const remote = ownerOf.get(remoteUfrag);
      if (remote) heard.set(remote, { bytesGained, level });
    }
    result.set(listeners[i]?.address ?? '', heard);
  });
  return result;
}
