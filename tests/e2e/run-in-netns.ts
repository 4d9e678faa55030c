import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { deleteNetns, makeTestNetns } from './netns.ts';

// Runs the e2e tier inside a network namespace made for this run (see `makeTestNetns`; needs
// root), so WebRTC host candidates and Chromium's mDNS never reach a real network. Removed
// when the run ends.

const root = join(import.meta.dirname, '..', '..');
const name = `cc-e2e-${process.pid}`;

makeTestNetns(name);
process.on('exit', () => deleteNetns(name));

const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const child = spawn(
  'ip',
  [
    'netns',
    'exec',
    name,
    process.execPath,
    vitest,
    'run',
    '--project',
    'e2e',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CC_E2E_NETNS: name } },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
