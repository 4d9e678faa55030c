import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Address, Hash } from 'viem';

/** What `deployments/<chainId>.json` holds; the app reads it to find the contract. */
export interface DeploymentRecord {
  address: Address;
  /** First block to scan for the contract's events. */
  deploymentBlock: number;
  chainId: number;
  livepeerRegistry: Address;
  /** The meetings contract deployed beside it (absent in records made before it existed). */
  meetingScheduler?: Address;
  /** ISO 8601 time of the deployment. */
  deployedAt: string;
  txHash: Hash;
}

/** The committed deployments folder at the repository root. */
export const defaultDeploymentsDir = resolve(import.meta.dirname, '../../deployments');

/**
 * Writes `<dir>/<chainId>.json` and returns its path.
 *
 * @example
 * await writeDeploymentRecord({ address, deploymentBlock: 1, chainId: 42161, ... });
 */
export async function writeDeploymentRecord(
  record: DeploymentRecord,
  dir: string = defaultDeploymentsDir,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${record.chainId}.json`);
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
