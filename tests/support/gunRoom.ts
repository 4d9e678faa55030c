import type { Address, LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { AccessChecker } from '../../src/access/types.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Emitter } from '../../src/core/Emitter.ts';
import { Scope } from '../../src/core/Scope.ts';
import type { Graph } from '../../src/graph/types.ts';
import { createSessionCertificateMessage } from '../../src/identity/certificateMessage.ts';
import { createCertificateVerifier } from '../../src/identity/createCertificateVerifier.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import type {
  CertificateVerifier,
  SessionCertificate,
  SessionKeyPair,
} from '../../src/identity/types.ts';
import type { SignatureVerifierClient } from '../../src/identity/verifySessionCertificate.ts';
import { GunRoster } from '../../src/presence/GunRoster.ts';
import { DropCounters } from '../../src/signaling/dropCounters.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import { type EnvelopeLimits, EnvelopeVerifier } from '../../src/signaling/EnvelopeVerifier.ts';
import { GunSignalingChannel } from '../../src/signaling/GunSignalingChannel.ts';
import { type RoomRef, roomRef } from '../../src/signaling/roomPaths.ts';

export const TEST_APP_NAME = 'cc-test';
export const TEST_CHAIN_ID = 31337;
/** The host test certificates say they were signed on (receivers do not check it). */
export const TEST_DOMAIN = 'localhost:5173';
export const TEST_CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

/** A room namespace unique to one test run. */
export function testRoom(name: string, communityId = 1n, contract = TEST_CONTRACT): RoomRef {
  return roomRef({
    appName: TEST_APP_NAME,
    chainId: TEST_CHAIN_ID,
    contract,
    communityId,
    roomId: `${name}-${Math.random().toString(36).slice(2, 10)}`,
  });
}

/**
 * An in-memory allowlist behind our AccessChecker interface, for tests that do not run the
 * chain: `allow`/`revoke` change answers and fire onChange like the real service.
 */
export class MemoryAccess implements AccessChecker {
  readonly #allowed = new Set<string>();
  readonly #events = new Emitter<{ change: { communityId: bigint; address: Address } }>();
  readonly #communityId: bigint;

  constructor(communityId: bigint) {
    this.#communityId = communityId;
  }

  allow(address: Address): void {
    this.#allowed.add(address.toLowerCase());
    this.#events.emit('change', { communityId: this.#communityId, address });
  }

  revoke(address: Address): void {
    this.#allowed.delete(address.toLowerCase());
    this.#events.emit('change', { communityId: this.#communityId, address });
  }

  async hasAccess(communityId: bigint, address: Address): Promise<boolean> {
    return communityId === this.#communityId && this.#allowed.has(address.toLowerCase());
  }

  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void {
    this.#events.on('change', ({ communityId, address }) => listener(communityId, address), scope);
  }
}

/**
 * A room that several threads or processes name alike (no random suffix), with its
 * allowlist in memory: the bench workers each join it as separate members.
 *
 * @example
 * const { ref, access } = sharedTestRoom('bench-room', [alice.address, bob.address]);
 */
export function sharedTestRoom(
  roomId: string,
  allowed: readonly Address[],
): { ref: RoomRef; access: MemoryAccess } {
  const ref = roomRef({
    appName: TEST_APP_NAME,
    chainId: TEST_CHAIN_ID,
    contract: TEST_CONTRACT,
    communityId: 1n,
    roomId,
  });
  const access = new MemoryAccess(ref.communityId);
  for (const address of allowed) access.allow(address);
  return { ref, access };
}

/** A wallet with a session key and a SIWE certificate signed by the wallet. */
export interface TestIdentity {
  account: LocalAccount;
  keys: SessionKeyPair;
  certificate: SessionCertificate;
}

/** Makes a wallet (viem local account), a session key pair and its signed certificate. */
export async function createTestIdentity(
  options: {
    account?: LocalAccount;
    keys?: SessionKeyPair;
    expiresInMs?: number;
    contract?: Address;
    /** The host the wallet signed on. Default {@link TEST_DOMAIN}. */
    domain?: string;
    /** The app the certificate names. Default {@link TEST_APP_NAME}. */
    appName?: string;
  } = {},
): Promise<TestIdentity> {
  const account = options.account ?? privateKeyToAccount(generatePrivateKey());
  const keys = options.keys ?? (await createSessionKeyPair());
  const now = Date.now();
  const expiresInMs = options.expiresInMs ?? 3_600_000;
  const domain = options.domain ?? TEST_DOMAIN;
  const message = createSessionCertificateMessage({
    address: account.address,
    appName: options.appName ?? TEST_APP_NAME,
    chainId: TEST_CHAIN_ID,
    domain,
    uri: `http://${domain}`,
    contract: options.contract ?? TEST_CONTRACT,
    sessionPub: keys.pub,
    sessionEpub: keys.epub,
    issuedAt: new Date(Math.min(now, now + expiresInMs) - 60_000),
    expiresAt: new Date(now + expiresInMs),
  });
  const signature = await account.signMessage({ message });
  return { account, keys, certificate: { message, signature } };
}

export interface TestMemberOptions {
  graph: Graph;
  room: RoomRef;
  access: AccessChecker;
  identity?: TestIdentity;
  /** The access contract certificates name. Default {@link TEST_CONTRACT}. */
  contract?: Address;
  /** Checks contract-wallet signatures; EOA certificates never reach it. */
  signatureClient?: SignatureVerifierClient;
  /** A certificate verifier shared by several members (benches); default: one per member. */
  verifyCertificate?: CertificateVerifier;
  heartbeatMs?: number;
  timeoutMs?: number;
  limits?: Partial<EnvelopeLimits>;
}

/** One member of a room as the app wires it: roster + signaling channel on one graph. */
export interface TestMember {
  identity: TestIdentity;
  address: Address;
  graph: Graph;
  counters: DropCounters;
  signer: EnvelopeSigner;
  verifier: EnvelopeVerifier;
  roster: GunRoster;
  channel: GunSignalingChannel;
  scope: Scope;
}

/** Builds and joins a member: the composition the app root does for a room. */
export async function joinTestMember(options: TestMemberOptions): Promise<TestMember> {
  const contract = options.contract ?? TEST_CONTRACT;
  const identity = options.identity ?? (await createTestIdentity({ contract }));
  const { graph, room, access } = options;
  const address = identity.account.address;
  const scope = new Scope();
  const counters = new DropCounters();
  const verifyCertificate =
    options.verifyCertificate ??
    createCertificateVerifier({
      client: options.signatureClient ?? { verifyHash: async () => false },
      expectations: { appName: TEST_APP_NAME, chainId: TEST_CHAIN_ID, contract },
      clock: systemClock,
    });
  const verifier = new EnvelopeVerifier({
    room: room.namespace,
    communityId: room.communityId,
    chainId: room.chainId,
    verifyCertificate,
    access,
    counters,
    clock: systemClock,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const signer = new EnvelopeSigner({
    keys: identity.keys,
    certificate: identity.certificate,
    room: room.namespace,
    clock: systemClock,
  });
  const roster = new GunRoster({
    graph,
    room,
    address,
    signer,
    verifier,
    access,
    counters,
    clock: systemClock,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const channel = new GunSignalingChannel({
    graph,
    room,
    address,
    keys: identity.keys,
    signer,
    verifier,
    roster,
    counters,
  });
  roster.join(scope);
  channel.start(scope);
  return { identity, address, graph, counters, signer, verifier, roster, channel, scope };
}
