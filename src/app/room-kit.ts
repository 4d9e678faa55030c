import type { Address, Client, PublicClient } from 'viem';
import { createChainAccessReader } from '../access/AccessReader.ts';
import { AccessService } from '../access/AccessService.ts';
import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import type { Scope } from '../core/scope.ts';
import { createBrowserGraph } from '../graph/createBrowserGraph.ts';
import type { GunGraph } from '../graph/GunGraph.ts';
import { createCertificateVerifier } from '../identity/createCertificateVerifier.ts';
import { explainSessionCertificate } from '../identity/explainCertificate.ts';
import { type Session, SessionManager } from '../identity/SessionManager.ts';
import type { CertificateVerifier } from '../identity/types.ts';
import { BrowserAudioIo } from '../mesh/browser-audio-io.ts';
import { Meeting } from '../mesh/meeting.ts';
import { createSimplePeer } from '../peers/simple-peer-connection.ts';
import { GunRoster } from '../presence/GunRoster.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { GunSignalingChannel } from '../signaling/GunSignalingChannel.ts';
import { roomRef } from '../signaling/roomPaths.ts';
import { MeetingStore } from '../stores/meeting.svelte.ts';

/** What a room needs from the page, built once by the composition root. */
export interface RoomKitParameters {
  config: AppConfig;
  chainClient: Client;
  /** Lives as long as the page. */
  scope: Scope;
  /** The page's origin as certificates name it. */
  location: { host: string; origin: string };
  storage: Storage;
}

/** One open room: the meeting for the view, and the drop counters for diagnostics. */
export interface OpenRoom {
  meeting: MeetingStore;
  counters: DropCounters;
  graph: GunGraph;
}

/**
 * Everything rooms share on a page — sessions, access checks, the certificate cache, the
 * Gun graph — loaded on first entry so Gun, SEA and simple-peer stay out of first paint.
 */
export class RoomKit {
  readonly sessions: SessionManager;
  readonly access: AccessService;
  readonly #verifyCertificate: CertificateVerifier;
  readonly #config: AppConfig;
  readonly #host: string;
  #graph: Promise<GunGraph> | undefined;

  constructor(parameters: RoomKitParameters) {
    const { config, chainClient, scope, location, storage } = parameters;
    this.#config = config;
    this.#host = location.host;
    const contract = config.chain.communityAccess;
    const app = { domain: location.host, chainId: config.chain.id, contract };
    // SessionManager and the verifier check contract-wallet signatures through the chain.
    const client = chainClient as PublicClient;
    this.sessions = new SessionManager({
      storage,
      clock: systemClock,
      client,
      app: { ...app, uri: location.origin },
    });
    this.access = new AccessService({
      reader: createChainAccessReader(chainClient, { contract, pollingIntervalMs: 1_000 }),
      clock: systemClock,
      scope,
      graceMs: config.access.graceMs,
    });
    this.#verifyCertificate = createCertificateVerifier({
      client,
      expectations: app,
      clock: systemClock,
    });
  }

  /** What the wallet signature means, in words, before it is asked. */
  explainSignature(): string {
    return explainSessionCertificate({
      domain: this.#host,
      lifetimeMs: this.sessions.lifetimeMs,
      chainName: this.#config.chain.name,
    });
  }

  /** The page's graph, connected to the configured relays on first use. */
  graph(): Promise<GunGraph> {
    this.#graph ??= createBrowserGraph({ relays: this.#config.gun.relays });
    return this.#graph;
  }

  /** Builds a room's presence, signaling and meeting; all of it ends with `scope`. */
  async open(
    parameters: { communityId: bigint; roomId: string; address: Address; session: Session },
    scope: Scope,
  ): Promise<OpenRoom> {
    const { communityId, roomId, address, session } = parameters;
    const config = this.#config;
    const graph = await this.graph();
    const room = roomRef({
      appName: config.appName,
      chainId: config.chain.id,
      contract: config.chain.communityAccess,
      communityId,
      roomId,
    });
    const counters = new DropCounters();
    const signer = new EnvelopeSigner({
      keys: session.keys,
      certificate: session.certificate,
      room: room.namespace,
      clock: systemClock,
    });
    const verifier = new EnvelopeVerifier({
      room: room.namespace,
      communityId,
      chainId: config.chain.id,
      verifyCertificate: this.#verifyCertificate,
      access: this.access,
      counters,
      clock: systemClock,
    });
    const common = { graph, room, address, signer, verifier, counters };
    const roster = new GunRoster({ ...common, access: this.access, clock: systemClock });
    const signaling = new GunSignalingChannel({ ...common, keys: session.keys, roster });
    roster.join(scope);
    signaling.start(scope);
    const meeting = new Meeting({
      self: address,
      roster,
      signaling,
      createPeer: createSimplePeer,
      audio: new BrowserAudioIo(),
      iceServers: config.iceServers,
      scope,
    });
    return { meeting: new MeetingStore(meeting, scope), counters, graph };
  }
}
