import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Abi, Hex } from 'viem';

/** The parts of a Hardhat 3 artifact that deploying and verifying need. */
export interface ContractArtifact {
  contractName: string;
  sourceName: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
  /** Byte ranges of immutables in the runtime code, keyed by AST id. */
  immutableReferences: Record<string, readonly { start: number; length: number }[]>;
}

/** Where `hardhat build` writes artifacts, relative to the repository root. */
export const defaultArtifactsDir = resolve(import.meta.dirname, '../../artifacts');

/**
 * Reads a compiled contract from Hardhat's `artifacts/` directory.
 *
 * @param sourceName - Source path as Hardhat names it, e.g. `contracts/CommunityAccess.sol`.
 * @param contractName - Contract in that source, e.g. `CommunityAccess`.
 * @example
 * const artifact = await readArtifact('contracts/CommunityAccess.sol', 'CommunityAccess');
 */
export async function readArtifact(
  sourceName: string,
  contractName: string,
  artifactsDir: string = defaultArtifactsDir,
): Promise<ContractArtifact> {
  const path = join(artifactsDir, sourceName, `${contractName}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new Error(`No artifact at ${path}; run \`npm run compile\` first.`, { cause });
  }
  return JSON.parse(text) as ContractArtifact;
}
