import { compileContracts } from './local-stack/compile.ts';
import { startLocalStack } from './local-stack/stack.ts';

// `npm start`: the whole stack on this machine, on loopback only. Ctrl-C stops it all.
const started = performance.now();
compileContracts();
const stack = await startLocalStack({
  app: 'dev',
  ports: { chain: 8545, relay: 8765, xmtp: 5557, app: 5173 },
  log: (line) => console.info(`  ${line}`),
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.info(`
Community Chats is running (started in ${seconds} s):

  ${stack.appUrl}

How to try it:
  1. Open the URL and choose "Use burner wallet" with dev account #0 (alice.eth).
  2. Open it again in a second browser profile (or a private window) with account #1 (bob.eth).
  3. Both enter "Demo Community", then the same room, and talk.
  Accounts #0-#4 are on the demo allowlist; #0 owns the community and can manage it.

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.info('\nStopping…');
    void stack.stop().then(() => process.exit(0));
  });
}
