import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address } from 'viem';
import { type AppConfig, LOCAL_CHAIN_ID } from '../../src/core/config.ts';
import { type GateMediaParameters, startGate } from '../gate/startGate.ts';
import { startRelay } from '../relay/startRelay.ts';
import { rpcSignatureVerifier, startXmtpNode } from '../xmtp-node/index.ts';
import { type AppServer, startDevServer, startPreviewServer } from './appServer.ts';
import { startLocalChain } from './chain.ts';
import { deployLocal, type LocalDeployment } from './deployLocal.ts';
import { localAppConfig } from './localAppConfig.ts';
import { freePort } from './ports.ts';
import { COTURN_HINT, hasCoturn, startCoturn } from './startCoturn.ts';
import { hasJanus, JANUS_HINT, type RunningJanus, startJanus } from './startJanus.ts';

const root = join(import.meta.dirname, '..', '..');

/** Ports of the local stack; 0 (the default for tests) picks free ones. */
export interface StackPorts {
  chain: number;
  relay: number;
  xmtp: number;
  app: number;
  /** coturn's listener (UDP and TCP). */
  turn: number;
  gate: number;
  /** Janus's WebSocket API (members) and Admin API (the gate). */
  janus: number;
  janusAdmin: number;
}

/** A TURN server already running (e.g. in a test's own namespace) and its shared secret. */
export interface ExternalTurn {
  urls: string[];
  secret: string;
}

export interface LocalStackOptions {
  /** `dev`: Vite dev server (npm start); `{ builtDir }`: serve a production build (tests). */
  app: 'dev' | { builtDir: string };
  ports?: Partial<StackPorts>;
  /** Where the relay keeps its data; a fresh folder per test run. */
  dataDir?: string;
  /**
   * TURN for calls, with a gate that hands members credentials: `local` (the default) starts
   * coturn on loopback when it is installed; an {@link ExternalTurn} uses one already running;
   * `false` runs none.
   */
  turn?: 'local' | ExternalTurn | false;
  /** A Janus media server admitted through the gate: `local` (the default) when installed. */
  media?: 'local' | false;
  /**
   * More media servers for the site config to list after the stack's own (tests of a server
   * that goes away), started once the chain is up and before the site is served, so that the
   * site's Content Security Policy lets pages reach them.
   */
  extraMedia?: (stack: ExtraMediaContext) => Promise<MediaServerEntry[]>;
  /** Progress lines, e.g. console.info. */
  log?: (line: string) => void;
}

/** What {@link LocalStackOptions.extraMedia} gets to start a media server and its gate. */
export interface ExtraMediaContext {
  rpcUrl: string;
  contract: Address;
  appName: string;
  /** Origins the site is served from (a gate's CORS origins). */
  appOrigins: string[];
}

/** A media server as the site config lists it: its Janus WebSocket and its gate. */
export interface MediaServerEntry {
  url: string;
  gate: string;
}

/**
 * A local gate's rate limits: every member of the local stack comes from 127.0.0.1, and tests
 * enter dozens of rooms a minute as the same dev accounts, which the production limits refuse.
 */
export const LOCAL_GATE_LIMITS = {
  perIpPerMinute: 6_000,
  perIpBurst: 6_000,
  perAddressPerMinute: 600,
  perAddressBurst: 600,
};

/** The stack's Gun relay, which tests can kill and bring back (same port, same data). */
export interface RelayControl {
  url: string;
  /** Stops listening and drops every client, as a relay that died would. */
  stop(): Promise<void>;
  /** Starts it again where it was; clients find it on their own. */
  start(): Promise<void>;
}

/** A running local stack. `stop()` ends every part, in reverse order. */
export interface LocalStack {
  appUrl: string;
  config: AppConfig;
  deployment: LocalDeployment;
  relay: RelayControl;
  stop(): Promise<void>;
}

async function port(wanted: number | undefined): Promise<number> {
  return wanted && wanted > 0 ? wanted : freePort();
}

/**
 * Brings up, on loopback only: a Hardhat node with the contracts, ENS test records and the
 * demo community; a Gun relay; the local XMTP node; and the app.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopPart of stops.reverse()) await stopPart().catch(() => {});
    stops.length = 0;
  };
  try {
    const chain = await startLocalChain(await port(options.ports?.chain));
    stops.push(chain.stop);
    log(`chain      ${chain.rpcUrl}`);
    const deployment = await deployLocal(chain.rpcUrl);
    log(`contracts  CommunityAccess ${deployment.communityAccess}`);

    const dataDir = options.dataDir ?? join(root, '.local');
    await mkdir(dataDir, { recursive: true });
    const relayParameters = {
      host: '127.0.0.1',
      port: await port(options.ports?.relay),
      dataDir: join(dataDir, 'relay-data'),
      onStats: () => {},
    };
    let relay = await startRelay(relayParameters);
    stops.push(() => relay.close());
    log(`gun relay  ${relay.url}`);
    const relayUrls = [relay.url];
    const relayControl: RelayControl = {
      url: relay.url,
      stop: () => relay.close(),
      async start() {
        relay = await startRelay(relayParameters);
      },
    };

    const appPort = await port(options.ports?.app);
    const xmtp = await startXmtpNode({
      port: await port(options.ports?.xmtp),
      // Only the app's pages may call it from a browser (its server binds 127.0.0.1, which
      // a browser may also reach as localhost).
      origins: [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`],
      // Smart-contract wallets on the local chain register like EOAs (ERC-1271/6492).
      verifySmartContractWalletSignature: rpcSignatureVerifier(
        new Map([[LOCAL_CHAIN_ID, chain.rpcUrl]]),
      ),
    });
    stops.push(() => xmtp.close());
    log(`xmtp node  ${xmtp.url}`);

    const base = localAppConfig({
      rpcUrl: chain.rpcUrl,
      deployment,
      relayUrls,
      xmtpUrl: xmtp.url,
    });
    const turn = await startTurn(options, dataDir, log, stops);
    const media = await startMedia(options, dataDir, log, stops);
    const appOrigins = [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`];
    let config: AppConfig = base;
    if (turn || media) {
      const gate = await startGate({
        host: '127.0.0.1',
        port: await port(options.ports?.gate),
        corsOrigins: appOrigins,
        rpcUrl: chain.rpcUrl,
        contract: deployment.communityAccess,
        appName: base.appName,
        ...(turn ? { turn: { ...turn, ttlSeconds: 3_600 } } : {}),
        ...(media ? { media: media.gate } : {}),
        limits: LOCAL_GATE_LIMITS,
      });
      stops.push(() => gate.close());
      log(
        `gate       ${gate.url} (${turn ? `TURN for ${turn.urls.join(', ')}` : 'no TURN'}${media ? `, media on ${media.janus.url}` : ''})`,
      );
      config = {
        ...base,
        ...(turn ? { gate: gate.url } : {}),
        ...(media ? { media: { servers: [{ url: media.janus.url, gate: gate.url }] } } : {}),
      };
    }
    const extra = media
      ? ((await options.extraMedia?.({
          rpcUrl: chain.rpcUrl,
          contract: deployment.communityAccess,
          appName: base.appName,
          appOrigins,
        })) ?? [])
      : [];
    if (config.media && extra.length > 0) {
      config = { ...config, media: { servers: [...config.media.servers, ...extra] } };
    }
    const app: AppServer =
      options.app === 'dev'
        ? await startDevServer(config, appPort)
        : await startPreviewServer(config, options.app.builtDir, appPort);
    stops.push(() => app.close());
    return { appUrl: app.url, config, deployment, relay: relayControl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The TURN server of the stack and its secret, or undefined when it runs none. */
async function startTurn(
  options: LocalStackOptions,
  dataDir: string,
  log: (line: string) => void,
  stops: Array<() => Promise<void>>,
): Promise<ExternalTurn | undefined> {
  const wanted = options.turn ?? 'local';
  if (wanted === false) return undefined;
  if (wanted !== 'local') return wanted;
  if (!hasCoturn()) {
    log(COTURN_HINT);
    return undefined;
  }
  // A fresh secret each start: only this stack's gate can make credentials its coturn takes.
  const secret = randomBytes(24).toString('base64url');
  const coturn = await startCoturn({
    ip: '127.0.0.1',
    port: await port(options.ports?.turn),
    relayPorts: { min: 49_160, max: 49_999 },
    secret,
    dataDir: join(dataDir, 'coturn'),
  });
  stops.push(coturn.stop);
  log(`turn       ${coturn.urls[0]} (coturn)`);
  return { urls: coturn.urls, secret };
}

/** The stack's Janus and what its gate needs to manage it, or undefined when it runs none. */
async function startMedia(
  options: LocalStackOptions,
  dataDir: string,
  log: (line: string) => void,
  stops: Array<() => Promise<void>>,
): Promise<{ janus: RunningJanus; gate: GateMediaParameters } | undefined> {
  if ((options.media ?? 'local') === false) return undefined;
  if (!hasJanus()) {
    log(JANUS_HINT);
    return undefined;
  }
  // Fresh secrets each start: only this stack's gate manages its Janus.
  const secret = () => randomBytes(24).toString('base64url');
  const secrets = { apiSecret: secret(), adminSecret: secret(), audioBridgeAdminKey: secret() };
  const janus = await startJanus({
    wsPort: await port(options.ports?.janus),
    adminWsPort: await port(options.ports?.janusAdmin),
    rtpPorts: { min: 40_000, max: 40_399 },
    secrets,
    dataDir: join(dataDir, 'janus'),
  });
  stops.push(janus.stop);
  log(`media      ${janus.url} (Janus AudioBridge)`);
  return {
    janus,
    gate: {
      janusUrl: janus.url,
      janusAdminUrl: janus.adminUrl,
      ...secrets,
      recordingsDir: janus.recordingsDir,
    },
  };
}
