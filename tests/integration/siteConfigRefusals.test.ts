import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeployError } from '../../scripts/arweave/errors.ts';
import { resolveSiteConfig } from '../../scripts/arweave/resolveSiteConfig.ts';

// `npm run build:arweave` (and deploy:arweave, which builds the same way) refuses a config
// that is not ready for members: placeholder hosts, no TURN, a chain with no deployment.

const repoRoot = join(import.meta.dirname, '..', '..');
const CONTRACT = '0x1111111111111111111111111111111111111111';

async function repoWith(production: unknown, deployment?: unknown): Promise<string> {
  const root = await mkdtemp(join(process.env.CC_TEST_TMP ?? '/tmp', 'site-config-'));
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'production.json'), JSON.stringify(production));
  if (deployment !== undefined) {
    await mkdir(join(root, 'deployments'));
    await writeFile(join(root, 'deployments', '42161.json'), JSON.stringify(deployment));
  }
  return root;
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; lines: string[] }> {
  const error = (await run.then(
    () => undefined,
    (e: unknown) => e,
  )) as DeployError | undefined;
  if (!error) throw new Error('expected a refusal');
  return { code: error.code, lines: error.message.split('\n').slice(1) };
}

const shipped = JSON.parse(
  await readFile(join(repoRoot, 'config', 'production.json'), 'utf8'),
) as Record<string, unknown>;
const deployment = { address: CONTRACT, deploymentBlock: 1, chainId: 42161 };
const filledIn = {
  ...shipped,
  gun: { relays: ['https://gun.dao-one.org/gun', 'https://relay.dao-two.net/gun'] },
  gate: 'https://turn-gate.dao-one.org',
};

describe('build:arweave refuses a config that is not ready', () => {
  it('refuses config/production.json as shipped, naming each entry to fill in', async () => {
    const root = await repoWith(shipped, deployment);
    const { code, lines } = await refusal(resolveSiteConfig({ root }));
    expect(code).toBe('CONFIG_NOT_DEPLOYABLE');
    expect(lines).toEqual([
      '  - gun.relays.0: your-gun-relay-1.example.org is a placeholder host',
      '  - gun.relays.1: your-gun-relay-2.example.org is a placeholder host',
      '  - gate: your-turn-gate.example.org is a placeholder host',
    ]);
  });

  it('builds once the hosts are real and TURN is there', async () => {
    const root = await repoWith(filledIn, deployment);
    const config = await resolveSiteConfig({ root });
    expect(config.gate).toBe('https://turn-gate.dao-one.org');
    expect(config.chain.communityAccess).toBe(CONTRACT);
    // A static TURN server with credentials stands in for a gate.
    const { gate: _gate, ...noGate } = filledIn;
    const withStatic = {
      ...noGate,
      iceServers: [{ urls: 'turn:turn.dao-one.org:3478', username: 'u', credential: 'c' }],
    };
    await expect(
      resolveSiteConfig({ root: await repoWith(withStatic, deployment) }),
    ).resolves.toBeDefined();
  });

  it('refuses loopback hosts, no TURN, and a chain with no deployments file in a --config file', async () => {
    const root = await repoWith(filledIn);
    const { gate: _gate, ...noGate } = filledIn;
    const file = join(root, 'site.json');
    await writeFile(
      file,
      JSON.stringify({
        ...noGate,
        chain: {
          id: 10,
          name: 'Optimism',
          rpcUrl: 'http://127.0.0.1:8545',
          communityAccess: CONTRACT,
          deploymentBlock: 0,
        },
        gun: { relays: ['http://localhost:8765/gun'] },
      }),
    );
    const { lines } = await refusal(resolveSiteConfig({ root, configFile: file }));
    expect(lines).toEqual([
      '  - chain.rpcUrl: 127.0.0.1 is a placeholder host',
      '  - gun.relays.0: localhost is a placeholder host',
      expect.stringMatching(/^ {2}- gate: no TURN for calls/),
      '  - chain.id: no deployments/10.json for chain 10: deploy the contracts to it first',
    ]);
  });

  it('checks nothing for the local chain (ArLocal and the e2e tier build with it)', async () => {
    const root = await repoWith(filledIn);
    const file = join(root, 'local.json');
    const local = {
      ...shipped,
      chain: {
        id: 31337,
        name: 'Hardhat',
        rpcUrl: 'http://127.0.0.1:8545',
        communityAccess: CONTRACT,
        deploymentBlock: 0,
      },
      gun: { relays: ['http://127.0.0.1:8765/gun'] },
    };
    await writeFile(file, JSON.stringify(local));
    await expect(resolveSiteConfig({ root, configFile: file })).resolves.toMatchObject({
      chain: { id: 31337 },
    });
  });
});
