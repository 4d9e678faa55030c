import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

/** One published site, as kept in deployments/arweave.json. */
export interface DeploymentRecord {
  manifestId: string;
  url: string;
  gateway: string;
  network: string;
  time: string;
  /** HEAD at deploy time, with `-dirty` when the work tree had changes; null outside git. */
  gitCommit: string | null;
  /** Bytes of the whole site. */
  sizeBytes: number;
  fileCount: number;
  /** Bytes posted in this run (reused files excluded). */
  uploadedBytes: number;
  /** Fee quoted, in winston. */
  winston: string;
}

/**
 * Appends `record` to the JSON array at `path` (created if absent).
 *
 * @example
 * await appendDeploymentRecord('deployments/arweave.json', record);
 */
export async function appendDeploymentRecord(
  path: string,
  record: DeploymentRecord,
): Promise<void> {
  const existing = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as DeploymentRecord[],
    () => [] as DeploymentRecord[],
  );
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify([...existing, record], null, 2)}\n`);
}

/** The current git commit (`-dirty` if there are uncommitted changes), or null. */
export async function currentGitCommit(cwd = process.cwd()): Promise<string | null> {
  const run = promisify(execFile);
  try {
    const { stdout: head } = await run('git', ['rev-parse', 'HEAD'], { cwd });
    const { stdout: status } = await run('git', ['status', '--porcelain'], { cwd });
    return `${head.trim()}${status.trim() ? '-dirty' : ''}`;
  } catch {
    return null;
  }
}
