import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { type Figures, median, percentile } from './figures.ts';

const root = join(import.meta.dirname, '..');

const gzipKb = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).byteLength / 1024;

/**
 * Sizes of what chat loads lazily: the SDK chunk, its worker and the WASM, from the app's
 * production build. Fails if the SDK reached the page's initial JS (it must load on demand).
 */
async function lazyChunkSizes(): Promise<Figures> {
  const outDir = await mkdtemp(join(tmpdir(), 'chat-bench-build-'));
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      build: { outDir, emptyOutDir: true },
      logLevel: 'warn',
    });
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="[./]*(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const assets = await readdir(join(outDir, 'assets'));
    let sdk = 0;
    let worker = 0;
    let wasm = 0;
    for (const name of assets) {
      const bytes = await readFile(join(outDir, 'assets', name));
      if (name.endsWith('.wasm')) {
        wasm += gzipKb(bytes);
        continue;
      }
      if (!name.endsWith('.js')) continue;
      const text = bytes.toString('utf8');
      const isSdk = text.includes('conversations.streamAllMessages');
      if (isSdk && initial.includes(`assets/${name}`)) {
        throw new Error(`the XMTP SDK is in the initial JS (${name}); it must load lazily`);
      }
      if (isSdk) sdk += gzipKb(bytes);
      else if (
        text.includes('wasm') &&
        /onmessage|self\.postMessage|addEventListener\("message"/.test(text) &&
        !initial.includes(`assets/${name}`)
      )
        worker += gzipKb(bytes);
    }
    return {
      'chat lazy SDK chunk (gzip)': { value: sdk, unit: 'KB', note: 'loaded when chat starts' },
      'chat worker (gzip)': { value: worker, unit: 'KB' },
      'chat wasm (gzip)': { value: wasm / 1024, unit: 'MB' },
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Delivery latency, client start and join-to-chat time in Chromium. Chromium runs only inside the e2e network
 * namespace, so this runs the chat e2e file's bench test there with CHAT_BENCH_OUT set: two
 * members in persistent profiles in a room, 60 messages timed from send to shown on the other
 * side. Only that test: with the other tests' members in the room (an audio call on the same
 * two cores) every step in these two browsers ran 3-7x slower, which no user's machine sees.
 */
async function chromiumFigures(): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-bench-'));
  const out = join(dir, 'figures.json');
  try {
    const run = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      ['tests/e2e/runInNetns.ts', 'tests/e2e/chat.test.ts', '-t', 'measures delivery'],
      { cwd: root, stdio: 'inherit', env: { ...process.env, CHAT_BENCH_OUT: out } },
    );
    if (run.status !== 0) throw new Error(`chat e2e bench run failed (${run.status})`);
    const raw = JSON.parse(await readFile(out, 'utf8')) as {
      delivery: number[];
      persistedStart: number[];
      freshStart: number[];
      joinFirst: number[];
      joinReturning: number[];
    };
    return {
      'chat delivery median': {
        value: median(raw.delivery),
        unit: 'ms',
        note: `median of ${raw.delivery.length}, send to shown, two Chromium persistent profiles alone, local node`,
      },
      'chat delivery p95': {
        value: percentile(raw.delivery, 95),
        unit: 'ms',
        note: `p95 of ${raw.delivery.length}`,
      },
      'chat client start fresh': {
        value: median(raw.freshStart),
        unit: 'ms',
        note: `median of ${raw.freshStart.length}, a member's first visit: Sign and enter to in the room's chat (the owner there), new installation, persistent profile`,
      },
      'chat client start persisted': {
        value: median(raw.persistedStart),
        unit: 'ms',
        note: `median of ${raw.persistedStart.length}, connected after a reload to in the room's chat, same OPFS database`,
      },
      'chat join to ready first visit': {
        value: median(raw.joinFirst),
        unit: 'ms',
        note: "the owner's first visit: Sign and enter to the room's chat open (both signatures, group made)",
      },
      'chat join to ready returning': {
        value: median(raw.joinReturning),
        unit: 'ms',
        note: 'the owner back after a reload: entering the room to its chat open (no signature)',
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Chat figures: delivery latency, client start persisted vs fresh, lazy chunk sizes. */
export default async function chatBench(): Promise<Figures> {
  return { ...(await lazyChunkSizes()), ...(await chromiumFigures()) };
}
