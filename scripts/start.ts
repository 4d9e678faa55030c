import { join } from 'node:path';
import { buildSiteOnce } from './local-stack/appServer.ts';
import { compileContracts } from './local-stack/compile.ts';
import { startLocalStack } from './local-stack/stack.ts';

// `npm start`: the whole stack on this machine, on loopback only, serving the built site (what
// a user gets: it loads in about a second). `npm run dev` (`--dev`) serves the Vite dev server
// with hot reload instead, which loads the app as hundreds of modules. Ctrl-C stops it all.
const dev = process.argv.includes('--dev');
const log = (line: string) => console.info(`  ${line}`);
const started = performance.now();
compileContracts();
let app: 'dev' | { builtDir: string } = 'dev';
if (!dev) {
  const site = await buildSiteOnce(join(import.meta.dirname, '..', '.local', 'site'));
  log(
    site.built ? `site       built into ${site.dir}` : 'site       unchanged since its last build',
  );
  app = { builtDir: site.dir };
}
const stack = await startLocalStack({
  app,
  ports: { chain: 8545, relay: 8765, xmtp: 5557, app: 5173 },
  log,
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.info(`
Community Chats is running (started in ${seconds} s${dev ? ', dev server with hot reload' : ''}):

  ${stack.appUrl}

How to try it:
  1. Open the URL and choose "Use burner wallet" with dev account #0 (alice.eth).
  2. Open it again in a second browser profile (or a private window) with account #1 (bob.eth).
  3. Both enter "Demo Community", then the same room, and talk.
  Accounts #0-#4 are on the demo allowlist; #0 owns the community and can manage it.
${dev ? '' : '\nEditing the code? `npm run dev` serves it with hot reload.\n'}
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
