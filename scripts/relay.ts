import { parseArgs } from 'node:util';
import { defaultRelayLimits, type RelayLimits } from './relay/RelayGuard.ts';
import { startRelay } from './relay/startRelay.ts';

// `npm run relay -- --host 127.0.0.1 --port 8765 --data .local/relay-data [--max-frame-bytes N ...]`
const limitFlags = {
  'max-frame-bytes': 'maxFrameBytes',
  'max-value-chars': 'maxValueChars',
  'max-future-ms': 'maxFutureMs',
  'messages-per-second': 'messagesPerSecond',
  'message-burst': 'messageBurst',
  'bytes-per-second': 'bytesPerSecond',
  'byte-burst': 'byteBurst',
  'close-after-ms': 'closeAfterMs',
} as const satisfies Record<string, keyof RelayLimits>;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8765' },
    data: { type: 'string', default: '.local/relay-data' },
    ...Object.fromEntries(
      Object.entries(limitFlags).map(([flag, key]) => [
        flag,
        { type: 'string', default: String(defaultRelayLimits[key]) },
      ]),
    ),
  },
});

const flags: Record<string, unknown> = values;

function positive(flag: string): number {
  const text = flags[flag];
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isSafeInteger(value) || value <= 0) {
    console.error(`--${flag}: expected a positive whole number, got ${String(text)}`);
    process.exit(2);
  }
  return value;
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number, got ${String(values.port)}`);
  process.exit(2);
}
const limits = { ...defaultRelayLimits };
for (const [flag, key] of Object.entries(limitFlags)) limits[key] = positive(flag);
if (limits.byteBurst < limits.maxFrameBytes) {
  console.error('--byte-burst: must be at least --max-frame-bytes, or no full frame passes');
  process.exit(2);
}
const data = String(values.data);
const relay = await startRelay({ host: String(values.host), port, dataDir: data, limits });
console.info(`Gun relay on ${relay.url} (health: ${relay.healthUrl}), data in ${data}`);
console.info(
  `Refusing: frames over ${limits.maxFrameBytes} bytes, values over ${limits.maxValueChars} characters, states over ${limits.maxFutureMs} ms ahead; per connection over ${limits.messagesPerSecond} messages/s (burst ${limits.messageBurst}) or ${limits.bytesPerSecond} bytes/s (burst ${limits.byteBurst}), closed after ${limits.closeAfterMs} ms of that`,
);

const stop = () => {
  relay.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
