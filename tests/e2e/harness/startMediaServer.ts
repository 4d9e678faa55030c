import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startGate } from '../../../scripts/gate/startGate.ts';
import { freePort } from '../../../scripts/local-stack/ports.ts';
import {
  type ExtraMediaContext,
  LOCAL_GATE_LIMITS,
  type MediaServerEntry,
} from '../../../scripts/local-stack/stack.ts';
import { startJanus } from '../../../scripts/local-stack/startJanus.ts';

/** A media server beside the stack's own: a site config entry, and a way to make it go away. */
export interface ExtraMediaServer {
  /** As the site config lists it: the Janus WebSocket and the gate that admits members to it. */
  server: MediaServerEntry;
  /** Stops its Janus and its gate, as a machine that went away (once; later calls wait). */
  stop(): Promise<void>;
}

/**
 * Starts a second Janus AudioBridge and its own gate for the stack's chain and site (media only,
 * no TURN), on RTP ports apart from the stack's Janus: the stack's `extraMedia`.
 *
 * @example
 * let extra: ExtraMediaServer | undefined;
 * const world = useE2eWorld({ stack: { extraMedia: async (stack) => {
 *   extra = await startMediaServer(stack, dataDir);
 *   return [extra.server];
 * } } });
 */
export async function startMediaServer(
  stack: ExtraMediaContext,
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
  try {
    const gate = await startGate({
      host: '127.0.0.1',
      port: 0,
      corsOrigins: stack.appOrigins,
      rpcUrl: stack.rpcUrl,
      contract: stack.contract,
      appName: stack.appName,
      media: {
        janusUrl: janus.url,
        janusAdminUrl: janus.adminUrl,
        ...secrets,
        recordingsDir: janus.recordingsDir,
      },
      limits: LOCAL_GATE_LIMITS,
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
