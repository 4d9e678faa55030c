import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readArtifact } from '../../scripts/chain/readArtifact.ts';
import { generatedAbis, renderAbiModule } from '../../scripts/chain/renderAbiModule.ts';

// `hardhat test` compiles first, so the artifacts here are the current sources'.
const generatedDir = resolve(import.meta.dirname, '../../src/chain/generated');

describe('generated ABI modules', () => {
  for (const { sourceName, contractName, exportName } of generatedAbis) {
    it(`${exportName}.ts matches the artifact of ${contractName}`, async () => {
      const { abi } = await readArtifact(sourceName, contractName);
      const committed = await readFile(join(generatedDir, `${exportName}.ts`), 'utf8');
      assert.equal(
        committed,
        renderAbiModule(exportName, sourceName, abi),
        `src/chain/generated/${exportName}.ts is stale: run \`npm run compile\` and commit it`,
      );
    });
  }
});
