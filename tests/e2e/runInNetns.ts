import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { deleteNetns, makeTestNetns } from './netns.ts';

// Runs the e2e tier inside a network namespace made for this run on Linux (see
// `makeTestNetns`; needs root), so WebRTC host candidates and Chromium's mDNS never reach a real
// network. Removed when the run ends.

const root = join(import.meta.dirname, '..', '..');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const vitestArgs = [vitest, 'run', '--project', 'e2e', ...process.argv.slice(2)];

// macOS has no network namespaces: there the tier runs on the developer's own machine, its
// WebRTC candidates on the machine's interfaces, as the app itself would.
const child =
  process.platform === 'darwin'
    ? spawn(process.execPath, vitestArgs, { cwd: root, stdio: 'inherit' })
    : spawnInNetns();

function spawnInNetns() {
  const name = `cc-e2e-${process.pid}`;
  makeTestNetns(name);
  process.on('exit', () => deleteNetns(name));
  return spawn('ip', ['netns', 'exec', name, process.execPath, ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CC_E2E_NETNS: name },
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
