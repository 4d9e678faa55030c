import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
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
  /**
   * Janus media servers, each admitted through a gate, when Janus is installed: 1 by default, 0
   * for none. The first shares the stack's gate (with TURN); each one after it has its own gate
   * and RTP ports, and the site config lists them all (tests of rooms spread over servers, and
   * of a server that goes away).
   */
  mediaServers?: number;
  /** Progress lines, e.g. console.info. */
  log?: (line: string) => void;
}

/** A media server of the stack, as the site config lists it, and a way to make it go away. */
export interface LocalMediaServer {
  /** Its Janus WebSocket. */
  url: string;
  /** The gate that admits members to it. */
  gate: string;
  /** Stops its Janus (and its own gate, past the first), as a machine that went away. */
  stop(): Promise<void>;
}

/**
 * A local gate's rate limits: every member of the local stack comes from 127.0.0.1, and tests
 * enter dozens of rooms a minute as the same dev accounts, which the production limits refuse.
 */
const LOCAL_GATE_LIMITS = {
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
  /** The media servers in the site config's order; empty without Janus. */
  mediaServers: LocalMediaServer[];
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
    const januses = await startJanuses(options, dataDir, log, stops);
    const appOrigins = [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`];
    const startStackGate = (
      gatePort: number,
      parts: Pick<Parameters<typeof startGate>[0], 'turn' | 'media'>,
    ) =>
      startGate({
        host: '127.0.0.1',
        port: gatePort,
        corsOrigins: appOrigins,
        rpcUrl: chain.rpcUrl,
        contract: deployment.communityAccess,
        appName: base.appName,
        ...parts,
        limits: LOCAL_GATE_LIMITS,
      });
    let config: AppConfig = base;
    const mediaServers: LocalMediaServer[] = [];
    const [first, ...more] = januses;
    if (turn || first) {
      const gate = await startStackGate(await port(options.ports?.gate), {
        ...(turn ? { turn: { ...turn, ttlSeconds: 3_600 } } : {}),
        ...(first ? { media: first.gate } : {}),
      });
      stops.push(() => gate.close());
      log(
        `gate       ${gate.url} (${turn ? `TURN for ${turn.urls.join(', ')}` : 'no TURN'}${first ? `, media on ${first.janus.url}` : ''})`,
      );
      if (turn) config = { ...config, gate: gate.url };
      if (first)
        mediaServers.push({ url: first.janus.url, gate: gate.url, stop: first.janus.stop });
    }
    for (const { janus, gate: media } of more) {
      const gate = await startStackGate(0, { media });
      stops.push(() => gate.close());
      log(`gate       ${gate.url} (media on ${janus.url})`);
      let stopped: Promise<unknown> | undefined;
      mediaServers.push({
        url: janus.url,
        gate: gate.url,
        async stop() {
          stopped ??= Promise.allSettled([janus.stop(), gate.close()]);
          await stopped;
        },
      });
    }
    if (mediaServers.length > 0) {
      config = {
        ...config,
        media: { servers: mediaServers.map(({ url, gate }) => ({ url, gate })) },
      };
    }
    const app: AppServer =
      options.app === 'dev'
        ? await startDevServer(config, appPort)
        : await startPreviewServer(config, options.app.builtDir, appPort);
    stops.push(() => app.close());
    return { appUrl: app.url, config, deployment, relay: relayControl, mediaServers, stop };
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

/** RTP ports of each local Janus: its own range, so that several can run side by side. */
const RTP_PORTS_PER_JANUS = 400;

/**
 * The stack's Janus servers (`options.mediaServers`, 1 by default) and what a gate needs to
 * manage each; none when Janus is not installed.
 */
async function startJanuses(
  options: LocalStackOptions,
  dataDir: string,
  log: (line: string) => void,
  stops: Array<() => Promise<void>>,
): Promise<Array<{ janus: RunningJanus; gate: GateMediaParameters }>> {
  const count = options.mediaServers ?? 1;
  if (count === 0) return [];
  if (!hasJanus()) {
    log(JANUS_HINT);
    return [];
  }
  // Fresh secrets each start: only this stack's gate manages its Janus.
  const secret = () => randomBytes(24).toString('base64url');
  const started = [];
  for (let i = 0; i < count; i++) {
    const secrets = { apiSecret: secret(), adminSecret: secret(), audioBridgeAdminKey: secret() };
    const rtpMin = 40_000 + i * RTP_PORTS_PER_JANUS;
    const janus = await startJanus({
      wsPort: await port(i === 0 ? options.ports?.janus : 0),
      adminWsPort: await port(i === 0 ? options.ports?.janusAdmin : 0),
      rtpPorts: { min: rtpMin, max: rtpMin + RTP_PORTS_PER_JANUS - 1 },
      secrets,
      dataDir: join(dataDir, i === 0 ? 'janus' : `janus-${i + 1}`),
    });
    stops.push(janus.stop);
    log(`media      ${janus.url} (Janus AudioBridge)`);
    started.push({
      janus,
      gate: {
        janusUrl: janus.url,
        janusAdminUrl: janus.adminUrl,
        ...secrets,
        recordingsDir: janus.recordingsDir,
      },
    });
  }
  return started;
}
