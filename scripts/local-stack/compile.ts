import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** Compiles the contracts into artifacts/ (incremental: quick when nothing changed). */
export function compileContracts(): void {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/hardhat/dist/src/cli.js'), 'build', '--quiet'],
    { cwd: root, stdio: 'inherit' },
  );
}
