import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

// Runs the e2e tier inside a network namespace made for this run, so WebRTC host
// candidates and Chromium's mDNS never reach a real network (shared notes: network safety).
// Inside: loopback plus a veth pair whose BOTH ends stay in the namespace, with a default
// route (without one Chromium gathers no candidates). Removed when the run ends.

const root = join(import.meta.dirname, '..', '..');
const name = `cc-e2e-${process.pid}`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'inherit' });
}

if (process.getuid?.() !== 0) {
  console.error('test:e2e makes a network namespace (ip netns) and must run as root.');
  process.exit(1);
}

ip('netns', 'add', name);
let cleaned = false;
const cleanup = () => {
  if (cleaned) return;
  cleaned = true;
  try {
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
};
process.on('exit', cleanup);

try {
  ip('-n', name, 'link', 'set', 'lo', 'up');
  ip('-n', name, 'link', 'add', 'cc0', 'type', 'veth', 'peer', 'name', 'cc1');
  ip('-n', name, 'addr', 'add', '10.233.0.1/24', 'dev', 'cc0');
  ip('-n', name, 'addr', 'add', '10.233.0.2/24', 'dev', 'cc1');
  ip('-n', name, 'link', 'set', 'cc0', 'up');
  ip('-n', name, 'link', 'set', 'cc1', 'up');
  ip('-n', name, 'route', 'add', 'default', 'via', '10.233.0.2', 'dev', 'cc0');
} catch (error) {
  cleanup();
  throw error;
}

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
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
