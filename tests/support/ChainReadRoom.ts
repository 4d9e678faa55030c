import { type Address, createPublicClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { createChainAccessReader } from '../../src/access/AccessReader.ts';
import { AccessService } from '../../src/access/AccessService.ts';
import { ChainReadBudget, defaultChainReadBudget } from '../../src/chain/ChainReadBudget.ts';
import {
  DEFAULT_CHAIN_READS_PER_SECOND,
  rateLimitedTransport,
} from '../../src/chain/rateLimitedTransport.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { createCertificateVerifier } from '../../src/identity/createCertificateVerifier.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import { beatsKey, type RoomRef } from '../../src/signaling/roomPaths.ts';
import { type AccessChain, startAccessChain } from './gunChain.ts';
import { createNodeGraph, startPlainRelay, waitFor } from './gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  TEST_APP_NAME,
  TEST_CHAIN_ID,
  type TestIdentity,
  type TestMember,
  testRoom,
} from './gunRoom.ts';
import { RpcProxy } from './RpcProxy.ts';

/** Whether every one of `members` shows every other in its roster. */
export function allSeeEachOther(members: readonly TestMember[]): boolean {
  return members.every((m) =>
    members.every((o) => m === o || m.roster.member(o.address) !== undefined),
  );
}

/** A member wired as the app wires one: its own RPC endpoint, access service and read budget. */
export interface MeteredMember extends TestMember {
  /** Its endpoint on the {@link RpcProxy} (counted, can be throttled). */
  rpc: string;
  access: AccessService;
}

export interface MeteredMemberOptions {
  /** How long its access answers are reused (the app: 60 s). */
  cacheTtlMs?: number;
  /** The grace time of `config.access.graceMs` (the app's production config: 60 s). */
  graceMs?: number;
}

/** A certificate an attacker made, and the graph field its beats go to. */
export interface AttackIdentity {
  field: string;
  identity: TestIdentity;
}

const HEARTBEAT_MS = 1_000;
const TIMEOUT_MS = 5_000;

/**
 * A room for chain-read attacks: the real CommunityAccess on an in-process Hardhat chain
 * behind an HTTP JSON-RPC proxy on loopback (one counted, throttleable endpoint per member),
 * a plain Gun relay on loopback, members built like the app's (rate-limited transport, read
 * budget, certificate verifier), and an attacker that writes to the room's beats node.
 *
 * @example
 * const room = await ChainReadRoom.start();
 * const alice = await room.join('alice');
 * await room.writeBeats(await createAttackIdentities(room, 2_000));
 * room.proxy.stateReads(alice.rpc);
 */
export class ChainReadRoom {
  readonly deployment: AccessChain;
  /** A plain Gun relay: the attacker's writes all get through, as on any public relay. */
  readonly relay: { url: string; close(): Promise<void> };
  readonly proxy: RpcProxy;
  readonly room: RoomRef;
  readonly attacker: GunGraph;
  readonly members: MeteredMember[] = [];
  readonly #scope = new Scope();

  private constructor(
    deployment: AccessChain,
    relay: { url: string; close(): Promise<void> },
    proxy: RpcProxy,
    attacker: GunGraph,
  ) {
    this.deployment = deployment;
    this.relay = relay;
    this.proxy = proxy;
    this.attacker = attacker;
    this.room = testRoom('chain-reads', deployment.communityId, deployment.contract);
  }

  static async start(): Promise<ChainReadRoom> {
    const deployment = await startAccessChain();
    const relay = await startPlainRelay();
    const proxy = await RpcProxy.start(deployment.chain.connection.provider);
    const attacker = await createNodeGraph([relay.url]);
    return new ChainReadRoom(deployment, relay, proxy, attacker);
  }

  /** Allows a fresh wallet on chain, then joins it to the room under `name`. */
  async join(name: string, options: MeteredMemberOptions = {}): Promise<MeteredMember> {
    const { contract } = this.deployment;
    const identity = await createTestIdentity({ contract });
    await this.deployment.allow([identity.account.address]);
    const client = createPublicClient({
      chain: hardhat,
      transport: rateLimitedTransport(http(this.proxy.url(name)), {
        requestsPerSecond: DEFAULT_CHAIN_READS_PER_SECOND,
      }),
      pollingInterval: 1_000,
    });
    const scope = this.#scope.child();
    const readBudget = new ChainReadBudget({ ...defaultChainReadBudget, clock: systemClock });
    const access = new AccessService({
      reader: createChainAccessReader(client, { contract, pollingIntervalMs: 1_000 }),
      clock: systemClock,
      scope,
      graceMs: options.graceMs ?? 60_000,
      readBudget,
      ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
    });
    const verifyCertificate = createCertificateVerifier({
      client,
      expectations: { appName: TEST_APP_NAME, chainId: TEST_CHAIN_ID, contract },
      clock: systemClock,
      readBudget,
    });
    const member = await joinTestMember({
      graph: await createNodeGraph([this.relay.url]),
      room: this.room,
      access,
      identity,
      contract,
      verifyCertificate,
      heartbeatMs: HEARTBEAT_MS,
      timeoutMs: TIMEOUT_MS,
    });
    scope.add(() => member.scope.end());
    const metered = { ...member, rpc: name, access };
    this.members.push(metered);
    return metered;
  }

  /** Writes one freshly signed heartbeat per attacker identity to the room's beats node. */
  async writeBeats(attack: readonly AttackIdentity[]): Promise<void> {
    for (const { field, identity } of attack) {
      const signer = new EnvelopeSigner({
        keys: identity.keys,
        certificate: identity.certificate,
        room: this.room.namespace,
        clock: systemClock,
      });
      const envelope = await signer.sign({
        kind: 'beat',
        stream: beatsKey(this.room),
        body: '{}',
        withCertificate: true,
      });
      this.attacker.put(beatsKey(this.room), field, JSON.stringify(envelope));
    }
  }

  /** Resolves once `member` has dropped or read nothing new from the graph for `quietMs`. */
  async settled(member: MeteredMember, quietMs: number, timeoutMs: number): Promise<void> {
    let last = member.counters.total();
    let quietSince = Date.now();
    await waitFor(
      () => {
        const total = member.counters.total();
        if (total !== last) {
          last = total;
          quietSince = Date.now();
        }
        return Date.now() - quietSince >= quietMs;
      },
      timeoutMs,
      'the flood read',
    );
  }

  async close(): Promise<void> {
    this.#scope.end();
    for (const member of this.members) member.graph.close();
    this.attacker.close();
    await this.proxy.close();
    await this.relay.close();
    await this.deployment.close();
  }
}

/**
 * `count` certificates of distinct fresh wallets, none allowed, each with its own session key
 * (a rate limit per key does not see them coming). One in ten has a signature that does not
 * recover to the address it names (what a contract wallet would send): half of those name
 * fresh addresses, half name `claimed` members, so that only the chain could tell.
 */
export async function createAttackIdentities(
  contract: Address,
  count: number,
  claimed: readonly Address[],
): Promise<AttackIdentity[]> {
  const attack: AttackIdentity[] = [];
  for (let i = 0; i < count; i++) {
    const account = privateKeyToAccount(generatePrivateKey());
    const field = account.address.toLowerCase();
    if (i % 10 !== 0) {
      attack.push({ field, identity: await createTestIdentity({ account, contract }) });
      continue;
    }
    const claim = i % 20 === 0 ? claimed[(i / 20) % claimed.length] : undefined;
    // Signed by this key, for an address it does not own: recovery names someone else.
    const named = {
      ...privateKeyToAccount(generatePrivateKey()),
      address: claim ?? account.address,
    };
    const identity = await createTestIdentity({ account: named, contract });
    attack.push({ field, identity });
  }
  return attack;
}
