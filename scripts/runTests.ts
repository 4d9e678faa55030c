import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSiteOnce } from './local-stack/appServer.ts';
import { compileContracts } from './local-stack/compile.ts';

// `npm test` (`all`) and `npm run test:static` (`static`). The checks that need no browser run
// side by side: lint, types, unit and contract tests keep the CPU busy while the integration
// tests mostly wait on their relays, chain and XMTP node, so sharing the two cores shortens the
// whole run by the shorter of the two. The e2e tier follows the checks and overlaps the rest of
// the integration tier. Each check's output is printed whole when it ends (the e2e tier's as it
// runs), so it reads as if run one by one.
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
if (tier === 'static') {
  const codes = await Promise.all(scripts.map((script) => run(script)));
  process.exit(report(scripts, codes));
}
// The integration tests deploy the compiled contracts: compile once, before anything reads them.
compileContracts();
const integration = run('test:integration');
const checks = [...scripts, 'site build'];
const checkCodes = await Promise.all([...scripts.map((script) => run(script)), buildSiteForE2e()]);
// The e2e tier starts as soon as the checks before it pass, while the integration tests (one
// file at a time, mostly waiting) still run: its first files play no audio (see
// tests/e2e/harness/QuietFirstSequencer.ts), so the two share the cores without a call in them.
const e2e = checkCodes.every((code) => code === 0) ? await run('test:e2e', true) : 1;
const integrationCode = await integration;
process.exit(
  report([...checks, 'test:integration', 'test:e2e'], [...checkCodes, integrationCode, e2e]),
);

/** Prints which checks failed; 1 if any did. */
function report(names: readonly string[], codes: readonly number[]): number {
  const failed = names.filter((_, i) => (codes[i] ?? 0) !== 0);
  if (failed.length === 0) return 0;
  console.error(`\nFailed: ${failed.join(', ')}`);
  return 1;
}
