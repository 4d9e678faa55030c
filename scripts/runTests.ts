import { spawn } from 'node:child_process';

// The checks that need no running stack (lint, types, unit and contract tests) run side by
// side: none of them waits on a clock, so sharing the CPU only shortens the whole run. Each
// one's output is printed whole when it ends, so it reads as if they had run one by one.
const scripts = ['lint', 'check', 'test:unit', 'test:contracts'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { env: process.env });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      process.stdout.write(`\n> npm run ${script}\n${Buffer.concat(output).toString()}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(scripts.map(run));
const failed = scripts.filter((_, i) => codes[i] !== 0);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.map((script) => `npm run ${script}`).join(', ')}`);
  process.exit(1);
}
