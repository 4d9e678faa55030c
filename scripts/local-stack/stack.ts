import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppConfig, LOCAL_CHAIN_ID } from '../../src/core/config.ts';
import { startRelay } from '../relay/startRelay.ts';
import { rpcSignatureVerifier, startXmtpNode } from '../xmtp-node/index.ts';
import { type AppServer, startDevServer, startPreviewServer } from './appServer.ts';
import { startLocalChain } from './chain.ts';
import { deployLocal, type LocalDeployment } from './deployLocal.ts';
import { localAppConfig } from './localAppConfig.ts';
import { freePort } from './ports.ts';

const root = join(import.meta.dirname, '..', '..');

/** Ports of the local stack; 0 (the default for tests) picks free ones. */
export interface StackPorts {
  chain: number;
  relay: number;
  xmtp: number;
  app: number;
}

export interface LocalStackOptions {
  /** `dev`: Vite dev server (npm start); `{ builtDir }`: serve a production build (tests). */
  app: 'dev' | { builtDir: string };
  ports?: Partial<StackPorts>;
  /** Where the relay keeps its data; a fresh folder per test run. */
  dataDir?: string;
  /** Progress lines, e.g. console.info. */
  log?: (line: string) => void;
}

/** A running local stack. `stop()` ends every part, in reverse order. */
export interface LocalStack {
  appUrl: string;
  config: AppConfig;
  deployment: LocalDeployment;
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
    const relay = await startRelay({
      host: '127.0.0.1',
      port: await port(options.ports?.relay),
      dataDir: join(dataDir, 'relay-data'),
      onStats: () => {},
    });
    stops.push(() => relay.close());
    log(`gun relay  ${relay.url}`);
    const relayUrls = [relay.url];

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

    const config = localAppConfig({
      rpcUrl: chain.rpcUrl,
      deployment,
      relayUrls,
      xmtpUrl: xmtp.url,
    });
    const app: AppServer =
      options.app === 'dev'
        ? await startDevServer(config, appPort)
        : await startPreviewServer(config, options.app.builtDir, appPort);
    stops.push(() => app.close());
    return { appUrl: app.url, config, deployment, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
