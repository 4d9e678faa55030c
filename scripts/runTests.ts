import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSiteOnce } from './local-stack/appServer.ts';
import { compileContracts } from './local-stack/compile.ts';

// `npm test` (`all`) and `npm run test:static` (`static`). The checks that need no browser run
// side by side: lint, types, unit and contract tests keep the CPU busy while the integration
// tests mostly wait on their relays, chain and XMTP node, so sharing the two cores shortens the
// whole run by the shorter of the two. The e2e tier then runs alone: its browsers need the
// cores. Each check's output is printed whole when it ends, so it reads as if run one by one.
const tier = process.argv[2];
if (tier !== 'all' && tier !== 'static') {
  console.error('usage: tsx scripts/runTests.ts all|static');
  process.exit(2);
}
const root = join(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`, its output kept until it ends (or streamed with `live`). */
function run(script: string, live = false): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], {
      env: process.env,
      stdio: live ? 'inherit' : 'pipe',
    });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      if (!live) process.stdout.write(`\n> npm run ${script}\n${Buffer.concat(output).toString()}`);
      resolve(code ?? 1);
    });
  });
}

/** The site the e2e tier serves, built while the other checks run (see globalSetup). */
async function buildSiteForE2e(): Promise<number> {
  try {
    const site = await buildSiteOnce(join(root, '.local', 'site'));
    console.info(`\n> site for the e2e tier ${site.built ? 'built' : 'unchanged'}: ${site.dir}`);
    return 0;
  } catch (error) {
    console.error('\n> the site for the e2e tier did not build\n', error);
    return 1;
  }
}

const scripts = ['lint', 'check', 'test:unit', 'test:contracts'];
if (tier === 'all') {
  // The integration tests deploy the compiled contracts: compile once, before anything reads them.
  compileContracts();
  scripts.push('test:integration');
}
const jobs = scripts.map((script) => run(script));
const codes = await Promise.all(tier === 'all' ? [...jobs, buildSiteForE2e()] : jobs);
const failed = [...scripts, 'site build'].filter((_, i) => (codes[i] ?? 0) !== 0);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
if (tier === 'all') process.exit(await run('test:e2e', true));
