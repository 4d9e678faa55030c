import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// Runs after `npm install` (the package's postinstall), under the Node that npm scripts use:
// node_modules/.bin/node, the Node 22 that npm fetched as an optional dependency where the
// registry has one for this platform (Linux x64 and arm64, Intel macOS), else the system's.
// Hardhat 3 and the XMTP SDK need Node 22. npm running on an older Node skips Hardhat's native
// EDR package (its engines say Node >= 22) without a word; installing once more under Node 22
// brings it, from the same lock file.

const platform = `${process.platform}-${process.arch}`;
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `Community Chats needs Node 22 or newer, and npm has no Node 22 package for ${platform}.\n` +
      'Install Node 22 (for example `brew install node@22`, or nvm), then run `npm install` again.',
  );
  process.exit(1);
}

const fromHardhat = createRequire(createRequire(import.meta.url).resolve('hardhat'));
try {
  fromHardhat('@nomicfoundation/edr');
} catch {
  if (process.env.COMMUNITY_CHATS_TOOLCHAIN_RETRY === '1') {
    console.error(
      `Hardhat's native EDR package for ${platform} is still missing after a second install.`,
    );
    process.exit(1);
  }
  console.info(
    `Installing Hardhat's native EDR package for ${platform} under Node ${process.version}…`,
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
    stdio: 'inherit',
    env: { ...process.env, COMMUNITY_CHATS_TOOLCHAIN_RETRY: '1' },
  });
}
