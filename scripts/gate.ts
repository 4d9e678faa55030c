import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAddress } from 'viem';
import { defaultGateLimits, type GateLimits, startGate } from './gate/startGate.ts';

// `npm run gate -- --rpc <url> --contract <0x…> --origin https://<your site> [--port 8790 ...]`
//   TURN:  --turn-urls turn:turn.example.org:3478 --turn-secret-file /etc/turn-secret
//   Janus: --janus-ws ws://127.0.0.1:8188 --janus-admin-ws ws://127.0.0.1:7188
//          --janus-public-ws wss://media.example.org --janus-secrets-file /etc/janus-gate.json
//          [--janus-recordings /var/lib/janus/recordings]
const limitFlags = {
  'per-ip-per-minute': 'perIpPerMinute',
  'per-ip-burst': 'perIpBurst',
  'per-address-per-minute': 'perAddressPerMinute',
  'per-address-burst': 'perAddressBurst',
  'request-timeout-ms': 'requestTimeoutMs',
} as const satisfies Record<string, keyof GateLimits>;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8790' },
    rpc: { type: 'string' },
    contract: { type: 'string' },
    'app-name': { type: 'string', default: 'community-chats' },
    community: { type: 'string', multiple: true },
    'turn-urls': { type: 'string' },
    'turn-secret-file': { type: 'string' },
    'turn-ttl': { type: 'string', default: '3600' },
    'janus-ws': { type: 'string' },
    'janus-admin-ws': { type: 'string' },
    'janus-public-ws': { type: 'string' },
    'janus-secrets-file': { type: 'string' },
    'janus-recordings': { type: 'string' },
    origin: { type: 'string', multiple: true },
    'public-url': { type: 'string', multiple: true },
    ...Object.fromEntries(
      Object.entries(limitFlags).map(([flag, key]) => [
        flag,
        { type: 'string', default: String(defaultGateLimits[key]) },
      ]),
    ),
  },
});
const flags: Record<string, unknown> = values;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function positive(flag: string): number {
  const value = Number(flags[flag]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    fail(`--${flag}: expected a positive whole number, got ${String(flags[flag])}`);
  }
  return value;
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`--port: expected a port, got ${values.port}`);
if (!values.rpc) fail('--rpc: the chain RPC URL the gate reads membership from');
const contract = values.contract ?? '';
if (!isAddress(contract)) fail('--contract: the CommunityAccess address (0x…)');
const urls = (values['turn-urls'] ?? '').split(',').filter((url) => url !== '');
if (urls.some((url) => !/^turns?:\S+$/.test(url))) {
  fail('--turn-urls: comma-separated turn: or turns: URLs of your coturn');
}
if (urls.length === 0 && !values['janus-ws']) {
  fail('--turn-urls (TURN) or --janus-ws (media): the gate needs something to hand out');
}
// Secrets never go on a command line (shell history, ps): a file, or the environment.
const secretFile = values['turn-secret-file'];
const secret = (
  secretFile ? readFileSync(secretFile, 'utf8') : (process.env.TURN_SECRET ?? '')
).trim();
if (urls.length > 0 && secret.length < 16) {
  fail(
    "--turn-secret-file <file> (or env TURN_SECRET): coturn's static-auth-secret, 16+ characters",
  );
}
const media = values['janus-ws'] ? janusFlags() : undefined;

/** The Janus side: its WebSockets and the three secrets from a JSON file only the gate reads. */
function janusFlags() {
  const ws = (flag: string) => {
    const value = String(flags[flag] ?? '');
    return /^wss?:\/\/\S+$/.test(value) ? value : fail(`--${flag}: a ws:// or wss:// URL`);
  };
  const file = values['janus-secrets-file'];
  if (!file) {
    fail(
      '--janus-secrets-file <file>: JSON { "apiSecret", "adminSecret", "audioBridgeAdminKey" } as in your janus.jcfg and janus.plugin.audiobridge.jcfg',
    );
  }
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const field = (name: string) => {
    const value = (json as Record<string, unknown>)[name];
    return typeof value === 'string' && value.length >= 16
      ? value
      : fail(`${file}: "${name}" must be a string of 16+ characters`);
  };
  return {
    janusUrl: ws('janus-ws'),
    janusAdminUrl: ws('janus-admin-ws'),
    ...(values['janus-public-ws'] ? { publicJanusUrl: ws('janus-public-ws') } : {}),
    apiSecret: field('apiSecret'),
    adminSecret: field('adminSecret'),
    audioBridgeAdminKey: field('audioBridgeAdminKey'),
    ...(values['janus-recordings'] ? { recordingsDir: values['janus-recordings'] } : {}),
  };
}
const origins = values.origin ?? [];
if (origins.length === 0)
  fail('--origin: the origin of your site (repeat for each gateway it is served from)');
const communities = (values.community ?? []).map((id) =>
  /^\d+$/.test(id) ? BigInt(id) : fail(`--community: expected a community id, got ${id}`),
);
const limits = { ...defaultGateLimits };
for (const [flag, key] of Object.entries(limitFlags)) limits[key] = positive(flag);
const ttlSeconds = positive('turn-ttl');

const gate = await startGate({
  host: String(values.host),
  port,
  ...(values['public-url'] ? { publicOrigins: values['public-url'] } : {}),
  corsOrigins: origins,
  rpcUrl: values.rpc,
  contract,
  appName: String(values['app-name']),
  ...(communities.length > 0 ? { communities } : {}),
  ...(urls.length > 0 ? { turn: { secret, urls, ttlSeconds } } : {}),
  ...(media ? { media } : {}),
  limits,
  log: (line) => console.info(line),
});
console.info(
  `Gate on ${gate.url} (health: ${gate.healthUrl}), chain ${gate.chainId}, contract ${contract}`,
);
if (media) {
  console.info(
    `Media: admits members to AudioBridge rooms on ${media.publicJanusUrl ?? media.janusUrl} (managed through ${media.janusUrl})`,
  );
}
console.info(
  `Hands out ${urls.length > 0 ? `${ttlSeconds} s TURN credentials for ${urls.join(', ')}` : 'no TURN credentials'} to members of ${communities.length > 0 ? `communities ${communities.join(', ')}` : 'any community'}; pages allowed: ${origins.join(', ')}`,
);
console.info(
  `Refusing: over ${limits.perIpPerMinute}/min per IP (burst ${limits.perIpBurst}), ${limits.perAddressPerMinute}/min per address (burst ${limits.perAddressBurst}), requests slower than ${limits.requestTimeoutMs} ms`,
);

const stop = () => {
  gate.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
