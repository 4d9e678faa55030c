import type { Address, Hex, PublicClient } from 'viem';
import type { ContractArtifact } from './readArtifact.ts';

/**
 * Checks that the code at `address` is the artifact's runtime code, ignoring the bytes
 * of immutables (set by the constructor, so unknown to the compiler). Throws if not.
 *
 * @example
 * await verifyDeployedBytecode(publicClient, { address, artifact });
 */
export async function verifyDeployedBytecode(
  publicClient: PublicClient,
  { address, artifact }: { address: Address; artifact: ContractArtifact },
): Promise<void> {
  const code = await publicClient.getCode({ address });
  if (!code || code === '0x') throw new Error(`No code at ${address}`);
  if (!matchesRuntimeCode(code, artifact)) {
    throw new Error(`Code at ${address} is not ${artifact.contractName} as compiled here`);
  }
}

/** Whether `code` equals the artifact's runtime code outside its immutable ranges. */
export function matchesRuntimeCode(code: Hex, artifact: ContractArtifact): boolean {
  const expected = artifact.deployedBytecode.toLowerCase();
  const actual = code.toLowerCase();
  if (actual.length !== expected.length) return false;
  const masked = (hex: string) => {
    const chars = hex.split('');
    for (const ranges of Object.values(artifact.immutableReferences)) {
      for (const { start, length } of ranges) {
        // Two hex characters per byte, after the "0x".
        chars.fill('0', 2 + start * 2, 2 + (start + length) * 2);
      }
    }
    return chars.join('');
  };
  return masked(actual) === masked(expected);
}
