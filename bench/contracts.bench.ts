import hre from 'hardhat';
import { type Address, encodeFunctionData, getAddress, getContract, zeroHash } from 'viem';
import { communityAccessAbi } from '../src/chain/generated/communityAccessAbi.ts';
import { meetingSchedulerAbi } from '../src/chain/generated/meetingSchedulerAbi.ts';
import { testLivepeerServiceRegistryAbi } from '../src/chain/generated/testLivepeerServiceRegistryAbi.ts';
import { type Figures, median } from './figures.ts';

// Gas figures of CommunityAccess and MeetingScheduler on Hardhat's in-process chain (the EVM rules Arbitrum
// runs; L1 data fees not included). Gas used is from receipts, after refunds.
const BATCH = 100;
const CALLS = 50;

/** Fresh addresses that hold no keys and are on no list. */
function freshAddresses(n: number, seed: number): Address[] {
  return Array.from({ length: n }, (_, i) =>
    getAddress(`0x${(seed * 1_000_000 + i + 1).toString(16).padStart(40, '0')}`),
  );
}

export default async function contractsBench(): Promise<Figures> {
  await hre.tasks.getTask('build').run({ quiet: true });
  const connection = await hre.network.create();
  try {
    const { viem } = connection;
    const publicClient = await viem.getPublicClient();
    const [owner, attendee] = await viem.getWalletClients();
    if (!owner || !attendee) throw new Error('no wallet clients');
    const gasOf = async (hash: `0x${string}`) =>
      Number((await publicClient.waitForTransactionReceipt({ hash })).gasUsed);

    const registry = await viem.deployContract('TestLivepeerServiceRegistry');
    const deployed = await viem.deployContract('CommunityAccess', [registry.address]);
    const client = { public: publicClient, wallet: owner };
    const access = getContract({ address: deployed.address, abi: communityAccessAbi, client });

    const create = await gasOf(
      await access.write.createCommunity([
        'Demo Community',
        'A local community for trying rooms and chat.',
        true,
      ]),
    );
    const [single] = freshAddresses(1, 1) as [Address];
    const addOne = await gasOf(await access.write.addParticipantToCommunity([0n, single]));
    const batch = freshAddresses(BATCH, 2);
    const addBatch = await gasOf(await access.write.addParticipantsToCommunity([0n, batch]));
    const removeOne = await gasOf(
      await access.write.removeParticipantFromCommunity([0n, batch[BATCH / 2] as Address]),
    );

    // A community naming its own servers the first time: two relays, a gate, STUN and TURN,
    // one media server (new storage slots throughout; a later change costs less).
    const setServers = await gasOf(
      await access.write.setCommunityServers([
        0n,
        {
          relays: ['wss://relay1.community.example/gun', 'wss://relay2.community.example/gun'],
          gate: 'https://gate.community.example',
          iceServers: ['stun:turn.community.example:3478', 'turns:turn.community.example:5349'],
          mediaServers: ['wss://media.community.example/janus'],
        },
      ]),
    );

    // The worst case for hasAccess: not listed anywhere, so every rule is tried
    // (global list, Livepeer registry, ERC-20 gate).
    const token = await viem.deployContract('MockERC20');
    await access.write.setCommunityTokenGate([0n, 1, token.address, 0n, 1n]);
    const stranger = freshAddresses(1, 3)[0] as Address;
    const estimate = (who: Address) =>
      publicClient.estimateGas({
        to: access.address,
        data: encodeFunctionData({
          abi: communityAccessAbi,
          functionName: 'hasAccess',
          args: [0n, who],
        }),
      });
    const memberEstimate = Number(await estimate(single));
    const strangerEstimate = Number(await estimate(stranger));
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      await access.read.hasAccess([0n, single]);
      latencies.push(performance.now() - started);
    }
    // A gate token anyone could pick: what one check costs when the token burns all the
    // gas it is given (capped at TOKEN_GATE_GAS), and when a real-shaped token sits behind
    // an upgradeable proxy (what the cap must leave room for). Sent as transactions, since
    // eth_estimateGas refuses calls whose inner call runs out of gas.
    const burner = await viem.deployContract('GasBurningToken');
    await access.write.createCommunity(['Burner', '', false]);
    await access.write.setCommunityTokenGate([1n, 1, burner.address, 0n, 1n]);
    const proxy = await viem.deployContract('DelegatingProxy', [token.address]);
    await owner.writeContract({
      address: proxy.address,
      abi: token.abi,
      functionName: 'mint',
      args: [stranger, 1n],
    });
    await access.write.createCommunity(['Proxied', '', false]);
    await access.write.setCommunityTokenGate([2n, 1, proxy.address, 0n, 1n]);
    const checkGas = (communityId: bigint) =>
      owner
        .sendTransaction({
          to: access.address,
          data: encodeFunctionData({
            abi: communityAccessAbi,
            functionName: 'hasAccess',
            args: [communityId, stranger],
          }),
          gas: 1_000_000n,
        })
        .then(gasOf);
    const burnerCheck = await checkGas(1n);
    const proxiedCheck = await checkGas(2n);
    if (!(await access.read.hasAccess([2n, stranger]))) throw new Error('proxied gate');

    // A weekly call scheduled by the owner, and a member's RSVP (the host's own RSVP is
    // part of the create).
    const scheduler = getContract({
      address: (await viem.deployContract('MeetingScheduler', [access.address])).address,
      abi: meetingSchedulerAbi,
      client,
    });
    await access.write.addParticipantToCommunity([0n, attendee.account.address]);
    const { timestamp } = await publicClient.getBlock();
    const createMeeting = await gasOf(
      await scheduler.write.createMeeting([
        0n,
        {
          title: 'Weekly community call',
          description: 'Open to every member: news, questions, and who is working on what.',
          scheduledTime: timestamp + 3_600n,
          duration: 60,
          repeat: 1,
          occurrences: 12,
          repeatUntil: 0n,
          streamCommitment: zeroHash,
        },
      ]),
    );
    const rsvp = await gasOf(
      await scheduler.write.joinMeeting([0n], { account: attendee.account }),
    );

    const registryContract = getContract({
      address: registry.address,
      abi: testLivepeerServiceRegistryAbi,
      client,
    });
    // Sanity: the gate and registry answer as the figures assume.
    if (await access.read.hasAccess([0n, stranger])) throw new Error('stranger has access');
    if ((await registryContract.read.getServiceURI([stranger])) !== '') throw new Error('registry');

    return {
      'contracts: create community': { value: create, unit: 'gas', note: 'receipt gasUsed' },
      'contracts: add 1 member': { value: addOne, unit: 'gas', note: 'addParticipantToCommunity' },
      'contracts: add member in batch of 100': {
        value: addBatch / BATCH,
        unit: 'gas',
        note: `per member; batch total ${addBatch} (goal <= 48,000 per member)`,
      },
      'contracts: remove 1 member': {
        value: removeOne,
        unit: 'gas',
        note: 'from the middle of 101 (swap with last), after refund',
      },
      'contracts: hasAccess (member)': {
        value: memberEstimate,
        unit: 'gas',
        note: 'eth_estimateGas of the call, incl. 21,000 base',
      },
      'contracts: hasAccess (no rule matches)': {
        value: strangerEstimate,
        unit: 'gas',
        note: 'eth_estimateGas; global list, Livepeer registry and ERC-20 gate all tried',
      },
      'contracts: hasAccess (gas-burning gate token)': {
        value: burnerCheck,
        unit: 'gas',
        note: 'receipt gasUsed incl. 21,000; the token burns all of TOKEN_GATE_GAS (50,000)',
      },
      'contracts: hasAccess (gate token behind a proxy)': {
        value: proxiedCheck,
        unit: 'gas',
        note: 'receipt gasUsed incl. 21,000; holder of an ERC-20 behind an EIP-1967 proxy',
      },
      'contracts: create meeting': {
        value: createMeeting,
        unit: 'gas',
        note: 'receipt gasUsed; weekly x12, 21-byte title, 67-byte description, host RSVPed',
      },
      'contracts: RSVP': {
        value: rsvp,
        unit: 'gas',
        note: 'receipt gasUsed of joinMeeting by a member (hasAccess read from CommunityAccess)',
      },
      'contracts: set community servers': {
        value: setServers,
        unit: 'gas',
        note: 'receipt gasUsed; first set: 2 relays, a gate, 2 ICE URLs, 1 media server (~30-35 bytes each)',
      },
      'contracts: hasAccess call latency': {
        value: median(latencies),
        unit: 'ms',
        note: `median of ${CALLS} eth_call on the in-process chain`,
      },
    };
  } finally {
    await connection.close();
  }
}
