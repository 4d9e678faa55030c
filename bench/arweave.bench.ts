import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Arweave from 'arweave';
import { buildSite } from '../scripts/arweave/buildSite.ts';
import { deploySite } from '../scripts/arweave/deploySite.ts';
import { listSiteFiles } from '../scripts/arweave/listSiteFiles.ts';
import { startLocalArweave } from '../scripts/arweave/startLocalArweave.ts';
import { parseAppConfig } from '../src/core/config.ts';
import { type Figures, median } from './figures.ts';

const DEPLOY_RUNS = 3;
const root = join(import.meta.dirname, '..');

// Any valid config will do: the built site is config-agnostic, only config.json differs.
const benchConfig = parseAppConfig({
  appName: 'bench',
  chain: {
    id: 31337,
    name: 'Local chain',
    rpcUrl: 'http://127.0.0.1:8545',
    communityAccess: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    deploymentBlock: 0,
  },
  ens: { chainId: 31337, rpcUrl: 'http://127.0.0.1:8545' },
  gun: { relays: ['http://127.0.0.1:8765/gun'] },
  xmtp: { env: 'local' },
  iceServers: [],
  access: { graceMs: 60_000 },
  burner: true,
});

/**
 * The JS a first visit must load before anything lazy: the entry module script of
 * index.html and its modulepreload links (Vite lists the entry's static imports there).
 */
function initialScripts(html: string): string[] {
  const paths = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isEntry = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag);
    const url = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && url && !/^[a-z]+:/i.test(url)) {
      paths.add(url.replace(/^\.?\//, ''));
    }
  }
  return [...paths];
}

/**
 * Builds the real site, then measures: what a deploy uploads, the gzip size of the
 * initial JS, and how long a full deploy to a local ArLocal takes (fresh journal each run,
 * so every file is posted).
 */
export default async function arweaveBench(): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'arweave-bench-'));
  const local = await startLocalArweave();
  try {
    const distDir = join(dir, 'dist');
    await buildSite({ root, outDir: distDir, config: benchConfig });
    const files = await listSiteFiles(distDir);
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    const html = await readFile(join(distDir, 'index.html'), 'utf8');
    const initial = initialScripts(html);
    let initialGzip = 0;
    for (const path of initial) {
      initialGzip += gzipSync(await readFile(join(distDir, path)), { level: 9 }).byteLength;
    }

    const arweave = Arweave.init({});
    const wallet = await arweave.wallets.generate();
    await local.mint(await arweave.wallets.jwkToAddress(wallet), 10n ** 18n);
    const times: number[] = [];
    for (let run = 0; run < DEPLOY_RUNS; run += 1) {
      const started = performance.now();
      await deploySite({
        distDir,
        gatewayUrl: local.url,
        wallet,
        journalPath: join(dir, `journal-${run}.json`),
        yes: true,
      });
      times.push(performance.now() - started);
      await local.mine();
    }
    return {
      'arweave.upload_size': {
        value: totalBytes / 1_000_000,
        unit: 'MB',
        note: `${files.length} files, one transaction each, plus the manifest`,
      },
      'arweave.initial_js_gzip': {
        value: initialGzip / 1000,
        unit: 'KB',
        note: `gzip -9 of ${initial.length} entry + modulepreload scripts (goal < 250)`,
      },
      'arweave.deploy_arlocal': {
        value: median(times),
        unit: 'ms',
        note: `median of ${DEPLOY_RUNS} full deploys to ArLocal, fresh journal`,
      },
    };
  } finally {
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
