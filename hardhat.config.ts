import { createRequire } from 'node:module';
import hardhatToolboxViem from '@nomicfoundation/hardhat-toolbox-viem';
import { configVariable, defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);

// solc-js from npm, pinned to the same version: Hardhat would otherwise download
// a native compiler, which these offline machines cannot (docs/decisions.md).
const solcPath = require.resolve('solc/soljson.js');

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    profiles: {
      default: {
        version: '0.8.28',
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' },
      },
    },
  },
  paths: { tests: { nodejs: 'tests/contracts', solidity: 'contracts/test' } },
  // Bounded so `npm test` stays quick on two cores; raise locally when hunting bugs.
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 40, failOnRevert: true },
    },
  },
  networks: {
    // A `hardhat node` on this machine; pinned to IPv4 loopback, where the node binds.
    localhost: { type: 'http', url: 'http://127.0.0.1:8545' },
    arbitrumSepolia: {
      type: 'http',
      url: configVariable('ARBITRUM_SEPOLIA_RPC_URL'),
      accounts: [configVariable('DEPLOYER_PRIVATE_KEY')],
    },
    arbitrumOne: {
      type: 'http',
      url: configVariable('ARBITRUM_ONE_RPC_URL'),
      accounts: [configVariable('DEPLOYER_PRIVATE_KEY')],
    },
  },
});
