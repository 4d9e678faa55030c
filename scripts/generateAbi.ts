import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readArtifact } from './chain/readArtifact.ts';
import { generatedAbis, renderAbiModule } from './chain/renderAbiModule.ts';

// Writes src/chain/generated/<exportName>.ts from the Hardhat artifacts, so the ABI the
// app imports is the one compiled here, never a hand-edited copy. Run by `npm run compile`.
const outDir = resolve(import.meta.dirname, '../src/chain/generated');
for (const { sourceName, contractName, exportName } of generatedAbis) {
  const { abi } = await readArtifact(sourceName, contractName);
  const path = join(outDir, `${exportName}.ts`);
  await writeFile(path, renderAbiModule(exportName, sourceName, abi));
  console.info(`wrote ${path}`);
}
