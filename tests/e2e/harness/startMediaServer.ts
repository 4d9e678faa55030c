import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startGate } from '../../../scripts/gate/startGate.ts';
import { freePort } from '../../../scripts/local-stack/ports.ts';
import type { LocalStack } from '../../../scripts/local-stack/stack.ts';
import { startJanus } from '../../../scripts/local-stack/startJanus.ts';

/** A media server beside the stack's own: a site config entry, and a way to make it go away. */
export interface ExtraMediaServer {
  /** As the site config lists it: the Janus WebSocket and the gate that admits members to it. */
  server: { url: string; gate: string };
  /** Stops its Janus and its gate, as a machine that went away (once; later calls wait). */
  stop(): Promise<void>;
}

/**
 * Starts a second Janus AudioBridge and its own gate for the stack's chain and app (media only,
 * no TURN), on RTP ports apart from the stack's Janus.
 *
 * @example
 * const extra = await startMediaServer(world.stack, dataDir);
 * await overrideSiteConfig(context, { media: { servers: [stackServer, extra.server] } });
 */
export async function startMediaServer(
  stack: LocalStack,
  dataDir: string,
): Promise<ExtraMediaServer> {
  const secret = () => randomBytes(24).toString('base64url');
  const secrets = { apiSecret: secret(), adminSecret: secret(), audioBridgeAdminKey: secret() };
  const janus = await startJanus({
    wsPort: await freePort(),
    adminWsPort: await freePort(),
    rtpPorts: { min: 40_400, max: 40_799 },
    secrets,
    dataDir: join(dataDir, 'janus-extra'),
  });
  const app = new URL(stack.appUrl);
  try {
    const gate = await startGate({
      host: '127.0.0.1',
      port: 0,
      corsOrigins: [app.origin, `http://localhost:${app.port}`],
      rpcUrl: stack.config.chain.rpcUrl,
      contract: stack.deployment.communityAccess,
      appName: stack.config.appName,
      media: {
        janusUrl: janus.url,
        janusAdminUrl: janus.adminUrl,
        ...secrets,
        recordingsDir: janus.recordingsDir,
      },
      // Members come from 127.0.0.1, as in the stack's own gate.
      limits: {
        perIpPerMinute: 6_000,
        perIpBurst: 6_000,
        perAddressPerMinute: 600,
        perAddressBurst: 600,
      },
    });
    let stopped: Promise<unknown> | undefined;
    return {
      server: { url: janus.url, gate: gate.url },
      async stop() {
        stopped ??= Promise.allSettled([janus.stop(), gate.close()]);
        await stopped;
      },
    };
  } catch (error) {
    await janus.stop();
    throw error;
  }
}
