import { parseArgs } from 'node:util';
import { startRelay } from './relay/startRelay.ts';

// `npm run relay -- --host 127.0.0.1 --port 8765 --data .local/relay-data`
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8765' },
    data: { type: 'string', default: '.local/relay-data' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number, got ${values.port}`);
  process.exit(2);
}
const relay = await startRelay({ host: values.host, port, dataDir: values.data });
console.info(`Gun relay on ${relay.url} (health: ${relay.healthUrl}), data in ${values.data}`);

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
