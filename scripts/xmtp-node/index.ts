/**
 * A local, in-memory XMTP node for development and tests, like ArLocal for Arweave: it
 * speaks the XMTP V3 API (IdentityApi and MlsApi) that the pinned `@xmtp/browser-sdk`
 * calls, over gRPC-web, and only stores and relays bytes; the clients do the cryptography.
 * Loopback only. Production uses the XMTP network, chosen by config.
 */
import { identityMethods, type SmartContractWalletVerifier } from './identityMethods.ts';
import type { XmtpNodeLimits } from './limits.ts';
import { type MlsHubs, mlsMethods } from './mlsMethods.ts';
import { listenGrpcWeb } from './server.ts';
import { XmtpStore } from './store.ts';
import { TopicHub } from './streams.ts';

export type { SmartContractWalletVerifier } from './identityMethods.ts';
export type { XmtpNodeLimits } from './limits.ts';
export { defaultLimits } from './limits.ts';
export { parseOriginOptions } from './parseOriginOptions.ts';
export {
  chainSignatureVerifier,
  parseRpcOptions,
  rpcSignatureVerifier,
} from './scwVerifier.ts';
export { XmtpStore } from './store.ts';

/** Options of `startXmtpNode`. */
export interface XmtpNodeOptions {
  /** Loopback address to bind; anything else is refused. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 5557, the port the SDKs' `local` env uses. */
  port?: number;
  /** PEM certificate and key: serve HTTPS with HTTP/2 (and HTTP/1.1) instead of plain HTTP. */
  tls?: { cert: string; key: string };
  /** State to serve; pass the store of a stopped node to "restart" it with its data. */
  store?: XmtpStore;
  /** Limits for a new store (ignored when `store` is given). */
  limits?: Partial<XmtpNodeLimits>;
  /**
   * Answers smart-contract wallet signature checks, e.g. `rpcSignatureVerifier` for the local
   * chain. Without it every such check answers "not valid", so SCW wallets cannot register.
   */
  verifySmartContractWalletSignature?: SmartContractWalletVerifier;
  /**
   * Page origins allowed to call the node from a browser (the app's, e.g.
   * `http://127.0.0.1:5173`); pages of any other site are refused. Default: none.
   */
  origins?: readonly string[];
}

/** Counters and sizes, for tests and the bench. */
export interface XmtpNodeStats {
  /** Requests per method name, e.g. `xmtp.mls.api.v1.MlsApi/SendGroupMessages`. */
  calls: Record<string, number>;
  openStreams: number;
  inboxes: number;
  keyPackages: number;
  groups: number;
  groupMessages: number;
  welcomes: number;
  storedBytes: number;
}

/** A running node. */
export interface XmtpNode {
  /** Base URL for `ClientOptions.apiUrl`, e.g. `http://127.0.0.1:5557`. */
  url: string;
  /** Its state; survives `close()`. */
  store: XmtpStore;
  /** Ends open streams (UNAVAILABLE), drops connections and stops listening. */
  close(): Promise<void>;
  stats(): XmtpNodeStats;
  /** Methods called that the node does not serve (answered UNIMPLEMENTED), sorted. */
  unknownMethods(): string[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts a node.
 * @example
 * const node = await startXmtpNode({ port: 0 });
 * const client = await Client.create(signer, { env: 'local', apiUrl: node.url });
 * await node.close();
 */
export async function startXmtpNode(options: XmtpNodeOptions = {}): Promise<XmtpNode> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`local XMTP node binds loopback only, not ${host}`);
  const store = options.store ?? new XmtpStore(options.limits);
  const hubs: MlsHubs = { groups: new TopicHub(), welcomes: new TopicHub() };
  const methods = new Map([
    ...identityMethods(store, options.verifySmartContractWalletSignature),
    ...mlsMethods(store, hubs),
  ]);
  const calls: Record<string, number> = {};
  const unknown = new Set<string>();
  const server = await listenGrpcWeb({
    host,
    port: options.port ?? 5557,
    ...(options.tls ? { tls: options.tls } : {}),
    maxMessageBytes: store.limits.maxMessageBytes,
    maxStreams: store.limits.maxStreams,
    maxStreamBufferBytes: store.limits.maxStreamBufferBytes,
    origins: new Set(options.origins ?? []),
    methods,
    onCall: (method, known) => {
      calls[method] = (calls[method] ?? 0) + 1;
      if (!known) unknown.add(method);
    },
  });
  return {
    url: server.url,
    store,
    close: () => server.close(),
    stats: () => ({ calls: { ...calls }, openStreams: server.openStreams(), ...store.counts() }),
    unknownMethods: () => [...unknown].sort(),
  };
}
