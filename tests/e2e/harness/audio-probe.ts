import type { Page } from 'playwright-core';
import type { E2eWorld, Participant } from './index.ts';

// What a page hears, measured independently of the app's own meters: a probe wraps
// RTCPeerConnection before the app loads, counts inbound audio bytes from getStats, and runs
// its own AnalyserNode on every remote track. Chromium's fake microphone beeps periodically.

/** RMS the fake microphone's beep clearly exceeds, and silence stays far below. */
export const HEARD = 0.01;
export const SILENT = 0.003;

export interface MeshProbe {
  inboundBytes(): Promise<number>;
  level(): number;
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
  window.__meshProbe = {
    async inboundBytes() {
      let bytes = 0;
      for (const pc of open()) {
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived ?? 0;
        });
      }
      return bytes;
    },
    level() {
      const samples = new Float32Array(512);
      let loudest = 0;
      for (const pc of open()) {
        for (const analyser of analysers.get(pc) ?? []) {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const x of samples) sum += x * x;
          loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
        }
      }
      return loudest;
    },
  };
})();
`;

export const inboundBytes = (page: Page) =>
  page.evaluate(() => window.__meshProbe?.inboundBytes() ?? Promise.resolve(0));

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

/** Opens the app for a participant with the probe installed, and connects dev account `account`. */
export async function openWithProbe(
  world: E2eWorld,
  label: string,
  account: number,
): Promise<Participant> {
  const person = await world.join(label);
  await person.context.addInitScript({ content: PROBE });
  await person.page.reload();
  await person.connectBurner(account);
  return person;
}
