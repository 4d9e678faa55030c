import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Arweave from 'arweave';
import type { JWKInterface } from 'arweave/node/lib/wallet.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../scripts/arweave/buildSite.ts';
import { deploySite } from '../../scripts/arweave/deploySite.ts';
import { DeployError } from '../../scripts/arweave/errors.ts';
import { listSiteFiles } from '../../scripts/arweave/listSiteFiles.ts';
import type { PathManifest } from '../../scripts/arweave/manifest.ts';
import { resolveSiteConfig } from '../../scripts/arweave/resolveSiteConfig.ts';
import { type LocalArweave, startLocalArweave } from '../../scripts/arweave/startLocalArweave.ts';
import { parseAppConfig } from '../../src/core/config.ts';

// Everything here talks to 127.0.0.1 only: ArLocal, and a counting proxy in front of it
// that records every posted transaction and can fail on demand (an "interruption").

const repoRoot = join(import.meta.dirname, '..', '..');
const testConfig = parseAppConfig({
  appName: 'arweave-test',
  chain: {
    id: 31337,
    name: 'Hardhat',
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

interface CountingProxy {
  url: string;
  /** Ids of transactions posted through the proxy (headers or with data). */
  txIds: string[];
  chunks: number;
  requests: number;
  /** Answer 500 to the chunk with this 1-based number (counted from now). */
  failChunk: number | undefined;
  /** Forward this 1-based POST /tx but answer 500: paid, and the answer lost. */
  loseTxAnswer: number | undefined;
  reset(): void;
  close(): Promise<void>;
}

async function startCountingProxy(target: string): Promise<CountingProxy> {
  const targetUrl = new URL(target);
  let chunkNumber = 0;
  const proxy: CountingProxy = {
    url: '',
    txIds: [],
    chunks: 0,
    requests: 0,
    failChunk: undefined,
    loseTxAnswer: undefined,
    reset() {
      proxy.txIds = [];
      proxy.chunks = 0;
      proxy.requests = 0;
      proxy.failChunk = undefined;
      proxy.loseTxAnswer = undefined;
      chunkNumber = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (part: Buffer) => body.push(part));
    req.on('end', () => {
      proxy.requests += 1;
      const data = Buffer.concat(body);
      if (req.method === 'POST' && req.url === '/chunk') {
        chunkNumber += 1;
        if (chunkNumber === proxy.failChunk) {
          res.writeHead(500).end('{"error":"interrupted by test"}');
          return;
        }
        proxy.chunks += 1;
      }
      let loseAnswer = false;
      if (req.method === 'POST' && req.url === '/tx') {
        proxy.txIds.push((JSON.parse(data.toString()) as { id: string }).id);
        loseAnswer = proxy.txIds.length === proxy.loseTxAnswer;
      }
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: targetUrl.host },
        },
        (response) => {
          if (loseAnswer) {
            response.resume();
            res.writeHead(500).end('{"error":"answer lost by test"}');
            return;
          }
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return proxy;
}

/** Builds a small Vite site with a lazy chunk, CSS, the real sw.js and a chunked wasm. */
async function buildFixtureSite(dir: string): Promise<string> {
  const root = join(dir, 'site');
  await mkdir(join(root, 'public'), { recursive: true });
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><html><head><title>fixture</title></head>' +
      '<body><div id="app"></div><script type="module" src="/main.js"></script></body></html>',
  );
  await writeFile(
    join(root, 'main.js'),
    "import './style.css';\n" +
      "document.querySelector('#app').textContent = 'fixture';\n" +
      "document.addEventListener('click', () => import('./lazy.js'));\n",
  );
  await writeFile(join(root, 'lazy.js'), "export const lazy = 'lazy chunk';\n");
  await writeFile(join(root, 'style.css'), 'body { color: rebeccapurple; }\n');
  await copyFile(join(repoRoot, 'public', 'sw.js'), join(root, 'public', 'sw.js'));
  // Three 256 KiB chunks: exercises the chunked upload and its resume.
  await writeFile(join(root, 'public', 'big.wasm'), randomBytes(700_000));
  const outDir = join(dir, 'dist');
  await buildSite({ root, outDir, config: testConfig, configFile: false });
  return outDir;
}

describe('deploySite against ArLocal', () => {
  let dir: string;
  let distDir: string;
  let local: LocalArweave;
  let proxy: CountingProxy;
  let walletPath: string;
  let wallet: JWKInterface;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arweave-deploy-'));
    distDir = await buildFixtureSite(dir);
    local = await startLocalArweave();
    proxy = await startCountingProxy(local.url);
    wallet = await Arweave.init({}).wallets.generate();
    walletPath = join(dir, 'test.jwk.json');
    await writeFile(walletPath, JSON.stringify(wallet));
    const address = await Arweave.init({}).wallets.jwkToAddress(wallet);
    await local.mint(address, 10n ** 15n);
  });

  afterAll(async () => {
    await proxy?.close();
    await local?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds config.json and stamps the service worker', async () => {
    const config = JSON.parse(await readFile(join(distDir, 'config.json'), 'utf8')) as unknown;
    expect(parseAppConfig(config)).toEqual(testConfig);
    const sw = await readFile(join(distDir, 'sw.js'), 'utf8');
    expect(sw).toMatch(/const VERSION = '[0-9a-f]{16}';/);
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)?.[1] ?? 'null') as string[];
    expect(precache.some((path) => /^\.\/assets\/lazy-.*\.js$/.test(path))).toBe(true);
    expect(precache).not.toContain('./index.html');
  });

  it('makes the production config from config/production.json and deployments/42161.json', async () => {
    const root = join(dir, 'repo');
    await mkdir(join(root, 'config'), { recursive: true });
    await copyFile(
      join(repoRoot, 'config', 'production.json'),
      join(root, 'config', 'production.json'),
    );
    const missing = await resolveSiteConfig({ root }).catch((e: unknown) => e);
    expect((missing as DeployError).code).toBe('CONFIG_MISSING');
    expect((missing as DeployError).message).toMatch(/npm run deploy:arbitrum/);

    await mkdir(join(root, 'deployments'));
    const address = '0x1111111111111111111111111111111111111111';
    const deployment = { address, deploymentBlock: 123, chainId: 42161 };
    await writeFile(join(root, 'deployments', '42161.json'), JSON.stringify(deployment));
    // As shipped it names placeholder hosts, which are refused (siteConfigRefusals.test.ts).
    const productionPath = join(root, 'config', 'production.json');
    const production = JSON.parse(await readFile(productionPath, 'utf8')) as object;
    const filledIn = { gun: { relays: ['https://gun.dao.org/gun'] }, gate: 'https://gate.dao.org' };
    await writeFile(productionPath, JSON.stringify({ ...production, ...filledIn }));
    const config = await resolveSiteConfig({ root });
    expect(config.chain).toMatchObject({
      id: 42161,
      communityAccess: address,
      deploymentBlock: 123,
    });
    expect(config.burner).toBe(false);
    expect(config.xmtp.env).toBe('production');

    const file = join(dir, 'other-config.json');
    await writeFile(file, JSON.stringify(testConfig));
    await expect(resolveSiteConfig({ root, configFile: file })).resolves.toEqual(testConfig);
  });

  it('refuses a missing or malformed wallet and posts nothing', async () => {
    proxy.reset();
    const journalPath = join(dir, 'journal-wallet.json');
    const base = { distDir, gatewayUrl: proxy.url, journalPath, yes: true };
    const notJson = join(dir, 'broken.jwk.json');
    await writeFile(notJson, '{ "kty": "RSA", ');
    const publicOnly = join(dir, 'public.jwk.json');
    await writeFile(publicOnly, JSON.stringify({ kty: 'RSA', n: wallet.n, e: wallet.e }));
    const cases: [string | object | undefined, string, RegExp][] = [
      [undefined, 'WALLET_MISSING', /--wallet <path>.*ARWEAVE_WALLET/s],
      [join(dir, 'absent.jwk.json'), 'WALLET_MISSING', /--generate-wallet/],
      [notJson, 'WALLET_INVALID', /not valid JSON/],
      [publicOnly, 'WALLET_INVALID', /missing d, p, q/],
      [{ hello: 'world' }, 'WALLET_INVALID', /kty/],
    ];
    for (const [source, code, message] of cases) {
      const error = await deploySite({ ...base, wallet: source }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployError);
      expect((error as DeployError).code).toBe(code);
      expect((error as DeployError).message).toMatch(message);
    }
    expect(proxy.requests).toBe(0);
  });

  it('dry run lists files and a price, and uploads nothing', async () => {
    proxy.reset();
    const result = await deploySite({
      distDir,
      gatewayUrl: proxy.url,
      journalPath: join(dir, 'journal-dry.json'),
      dryRun: true,
    });
    const files = await listSiteFiles(distDir);
    expect(result.manifestId).toBeUndefined();
    expect(result.quote.files.map((file) => file.path)).toEqual(files.map((file) => file.path));
    expect(result.quote.winston).toBeGreaterThan(0n);
    expect(result.quote.uploadBytes).toBeGreaterThan(result.quote.totalBytes);
    expect(proxy.txIds).toEqual([]);
    expect(proxy.chunks).toBe(0);
  });

  it('asks before paying, and a no posts nothing', async () => {
    proxy.reset();
    let asked = '';
    const error = await deploySite({
      distDir,
      gatewayUrl: proxy.url,
      wallet: walletPath,
      journalPath: join(dir, 'journal-cancel.json'),
      confirm: async (quote) => {
        asked = quote.ar;
        return false;
      },
    }).catch((e: unknown) => e);
    expect((error as DeployError).code).toBe('CANCELLED');
    expect(asked).toMatch(/ AR$/);
    expect(proxy.txIds).toEqual([]);
  });

  it('deploys, and ArLocal serves the manifest and every file with its Content-Type', async () => {
    proxy.reset();
    const recordPath = join(dir, 'deployments', 'arweave.json');
    const progress: number[] = [];
    const result = await deploySite({
      distDir,
      gatewayUrl: proxy.url,
      wallet: walletPath,
      journalPath: join(dir, 'journal-deploy.json'),
      yes: true,
      recordPath,
      onProgress: (p) => progress.push(p.bytesDone / p.bytesTotal),
    });
    const files = await listSiteFiles(distDir);
    expect(result.posted).toBe(files.length + 1);
    expect(proxy.txIds).toHaveLength(files.length + 1);
    expect(progress.at(-1)).toBe(1);
    await local.mine();

    const id = result.manifestId as string;
    const manifestResponse = await fetch(`${local.url}/tx/${id}/data`);
    const manifest = JSON.parse(
      Buffer.from(await manifestResponse.text(), 'base64url').toString(),
    ) as PathManifest;
    expect(manifest.index.path).toBe('index.html');
    expect(manifest.fallback.id).toBe(manifest.paths['index.html']?.id);

    const index = await fetch(`${local.url}/${id}/`);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toBe(await readFile(join(distDir, 'index.html'), 'utf8'));
    for (const file of files) {
      const response = await fetch(`${local.url}/${id}/${file.path}`);
      expect(response.status, file.path).toBe(200);
      expect(response.headers.get('content-type'), file.path).toBe(file.contentType);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(await readFile(file.absolutePath)), file.path).toBe(true);
    }
    const records = JSON.parse(await readFile(recordPath, 'utf8')) as { manifestId: string }[];
    expect(records.map((record) => record.manifestId)).toEqual([id]);
  });

  it('does not post again a file whose post landed but whose answer was lost', async () => {
    proxy.reset();
    const journalPath = join(dir, 'journal-lost.json');
    const params = { distDir, gatewayUrl: proxy.url, wallet, journalPath, yes: true };
    proxy.loseTxAnswer = 2;
    const error = await deploySite(params).catch((e: unknown) => e);
    expect((error as DeployError).code).toBe('UPLOAD_FAILED');
    const firstRun = [...proxy.txIds];
    expect(firstRun).toHaveLength(2);

    proxy.reset();
    const result = await deploySite(params);
    const files = await listSiteFiles(distDir);
    expect(proxy.txIds.filter((id) => firstRun.includes(id))).toEqual([]);
    expect(firstRun.length + proxy.txIds.length).toBe(files.length + 1);
    await local.mine();
    expect((await fetch(`${local.url}/${result.manifestId}/`)).status).toBe(200);
  });

  it('resumes an interrupted upload without posting finished files again', async () => {
    proxy.reset();
    const journalPath = join(dir, 'journal-resume.json');
    const params = { distDir, gatewayUrl: proxy.url, wallet, journalPath, yes: true };
    // The 2nd chunk of big.wasm fails: its header and the files before it are posted.
    proxy.failChunk = 2;
    const error = await deploySite(params).catch((e: unknown) => e);
    expect((error as DeployError).code).toBe('UPLOAD_FAILED');
    const firstRun = [...proxy.txIds];
    expect(firstRun.length).toBeGreaterThan(0);

    proxy.reset();
    const result = await deploySite(params);
    const files = await listSiteFiles(distDir);
    const secondRun = proxy.txIds;
    expect(secondRun.filter((id) => firstRun.includes(id))).toEqual([]);
    expect(firstRun.length + secondRun.length).toBe(files.length + 1);
    // big.wasm continued with its first transaction: only its missing chunks were sent.
    expect(proxy.chunks).toBe(2);
    await local.mine();
    const wasm = await fetch(`${local.url}/${result.manifestId}/big.wasm`);
    const expected = await readFile(join(distDir, 'big.wasm'));
    expect(Buffer.from(await wasm.arrayBuffer()).equals(expected)).toBe(true);

    // The same site again: everything, manifest included, is reused.
    proxy.reset();
    const again = await deploySite(params);
    expect(again.manifestId).toBe(result.manifestId);
    expect(again.quote.winston).toBe(0n);
    expect(again.quote.uploadBytes).toBe(0);
    expect(proxy.txIds).toEqual([]);

    // A changed config: only config.json and a new manifest are paid for.
    await writeFile(
      join(distDir, 'config.json'),
      JSON.stringify({ ...testConfig, appName: 'arweave-test-2' }),
    );
    proxy.reset();
    const changed = await deploySite(params);
    expect(changed.posted).toBe(2);
    expect(changed.reused).toBe(files.length - 1);
    expect(proxy.txIds).toHaveLength(2);
  });
});
