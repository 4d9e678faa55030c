/**
 * `npm run xmtp-node [-- --port 5557] [--cert cert.pem --key key.pem]
 * [--rpc 31337=http://127.0.0.1:8545 ...] [--origin http://127.0.0.1:5173 ...]`: runs a local
 * XMTP node until Ctrl-C. Each `--rpc` lets smart-contract wallets of that chain register
 * (ERC-1271/6492 checks through its RPC); each `--origin` names a page origin (the app's)
 * allowed to call the node from a browser; pages of other sites are refused.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  parseOriginOptions,
  parseRpcOptions,
  rpcSignatureVerifier,
  startXmtpNode,
} from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5557' },
    host: { type: 'string', default: '127.0.0.1' },
    cert: { type: 'string' },
    key: { type: 'string' },
    rpc: { type: 'string', multiple: true, default: [] },
    origin: { type: 'string', multiple: true, default: [] },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`xmtp-node: invalid --port ${values.port}`);
  process.exit(2);
}
if ((values.cert === undefined) !== (values.key === undefined)) {
  console.error('xmtp-node: --cert and --key go together');
  process.exit(2);
}
const tls =
  values.cert !== undefined && values.key !== undefined
    ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') }
    : undefined;

let rpcUrls: Map<number, string>;
let origins: string[];
try {
  rpcUrls = parseRpcOptions(values.rpc);
  origins = parseOriginOptions(values.origin);
} catch (error) {
  console.error(`xmtp-node: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const node = await startXmtpNode({
  host: values.host,
  port,
  ...(tls ? { tls } : {}),
  origins,
  ...(rpcUrls.size > 0
    ? { verifySmartContractWalletSignature: rpcSignatureVerifier(rpcUrls) }
    : {}),
});
console.info(`xmtp-node: listening on ${node.url} (in memory; Ctrl-C stops it)`);
console.info(
  rpcUrls.size > 0
    ? `xmtp-node: smart-contract wallets verified on ${[...rpcUrls].map(([id, url]) => `${id} (${url})`).join(', ')}`
    : 'xmtp-node: no --rpc, so smart-contract wallet signatures are answered "not valid"',
);
console.info(
  origins.length > 0
    ? `xmtp-node: browser pages served from ${origins.join(', ')}`
    : 'xmtp-node: no --origin, so no browser page may call it (give the app origin)',
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  node.close().then(
    () => {
      const unknown = node.unknownMethods();
      if (unknown.length > 0)
        console.warn(`xmtp-node: unserved methods called: ${unknown.join(', ')}`);
      console.info('xmtp-node: stopped');
      process.exit(0);
    },
    (error: unknown) => {
      console.error('xmtp-node: close failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
