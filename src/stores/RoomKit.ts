import { type Address, type Client, getAddress, type PublicClient } from 'viem';
import { createChainAccessReader } from '../access/AccessReader.ts';
import { AccessService } from '../access/AccessService.ts';
import { RoomOccupancy } from '../calendar/RoomOccupancy.ts';
import { ChainReadBudget, defaultChainReadBudget } from '../chain/ChainReadBudget.ts';
import type { RoomChatParameters } from '../chat/ChatService.ts';
import { createChatService } from '../chat/createChatService.ts';
import type { ResolveProfile } from '../chat/types.ts';
import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import type { Scope } from '../core/Scope.ts';
import { createBrowserGraph } from '../graph/createBrowserGraph.ts';
import type { GunGraph } from '../graph/GunGraph.ts';
import { createCertificateVerifier } from '../identity/createCertificateVerifier.ts';
import { explainEntrySignatures } from '../identity/explainEntrySignatures.ts';
import { IndexedDbSessionStore } from '../identity/IndexedDbSessionStore.ts';
import { prepareSignatureRecovery } from '../identity/recoverMessageSigner.ts';
import { type Session, SessionManager } from '../identity/SessionManager.ts';
import { TabClaim } from '../identity/TabClaim.ts';
import type { CertificateVerifier } from '../identity/types.ts';
import { MediaModerator } from '../media/MediaModerator.ts';
import { BrowserAudioIo } from '../mesh/BrowserAudioIo.ts';
import { DataChannelGraph } from '../mesh/DataChannelGraph.ts';
import { Meeting } from '../mesh/Meeting.ts';
import {
  type CommunityNetworkReport,
  loadCommunityNetwork,
} from '../network/loadCommunityNetwork.ts';
import { createSimplePeer } from '../peers/createSimplePeer.ts';
import { GunRoster } from '../presence/GunRoster.ts';
import { SignedChatDirectory } from '../presence/SignedChatDirectory.ts';
import { StageDecisionStore, stageDecisionKey } from '../presence/StageDecisionStore.ts';
import { StageModeration } from '../presence/StageModeration.ts';
import { StagePolicy } from '../presence/StagePolicy.ts';
import { ContractModerators } from '../signaling/ContractModerators.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { type EnvelopeLimits, EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { GunModerationChannel } from '../signaling/GunModerationChannel.ts';
import { GunSignalingChannel } from '../signaling/GunSignalingChannel.ts';
import { isStageRoom } from '../signaling/moderation.ts';
import { type RoomRef, roomRef } from '../signaling/roomPaths.ts';
import { CallRouteStore } from './callRoute.svelte.ts';
import { ChatStore } from './chat.svelte.ts';
import { chatAccessVerdicts, chatModeratorVerdicts } from './chatVerdicts.ts';
import { endCallOnAccessLoss } from './endCallOnAccessLoss.ts';
import type { MediaMoveStore } from './MediaMoveStore.svelte.ts';
import { MeetingStore } from './meeting.svelte.ts';
import { openCallRoute } from './openCallRoute.ts';
import { openRoomMedia } from './openRoomMedia.ts';
import { openRoomRecording } from './openRoomRecording.ts';
import type { RecordingStore } from './RecordingStore.svelte.ts';

/** GunRoster's default wait between watching a room and its first heartbeat. */
const LISTEN_BEFORE_BEAT_MS = 250;

/** What a room needs from the page, built once by the composition root. */
export interface RoomKitParameters {
  config: AppConfig;
  chainClient: Client;
  /** Lives as long as the page. */
  scope: Scope;
  /** The page: its origin as certificates name it, storage, locks for the chat client. */
  window: Window;
  /** Names and avatars for chat messages. */
  resolveProfile: ResolveProfile;
}

/** One open room: the meeting, what its chat needs, and the drop counters for diagnostics. */
export interface OpenRoom {
  communityId: bigint;
  meeting: MeetingStore;
  chat: Omit<RoomChatParameters, 'scope' | 'roomName'>;
  /** Calls `listener` whenever a verified member joins, changes or leaves. */
  onMembersChanged(listener: () => void, scope: Scope): void;
  counters: DropCounters;
  graph: GunGraph;
  /** Stage and moderator decisions (signed, followed only from the contract's owner or admins). */
  moderation: StageModeration;
  /** TURN credentials and privacy mode of this room's calls. */
  route: CallRouteStore;
  /** The servers this room uses and which of them its community named (Diagnostics). */
  network: CommunityNetworkReport;
  /** Where the room's audio runs: the mesh, or (past the mesh's cap) its media server. */
  media: MediaMoveStore;
  /** Whether the room is being recorded, and its owner's or admins' controls. */
  recording: RecordingStore;
}

/** How long a community's servers read from the chain are reused before being read again. */
const COMMUNITY_NETWORK_TTL_MS = 60_000;

/**
 * Everything rooms share on a page — sessions, access checks, the certificate cache, the
 * Gun graph — loaded on first entry so Gun and simple-peer stay out of first paint.
 */
export class RoomKit {
  readonly sessions: SessionManager;
  readonly access: AccessService;
  /** Which tab of this browser speaks for an account: the one that joined a room last. */
  readonly tabs: TabClaim;
  readonly #verifyCertificate: CertificateVerifier;
  readonly #config: AppConfig;
  readonly #window: Window;
  readonly #pageScope: Scope;
  readonly #resolveProfile: ResolveProfile;
  readonly #chainClient: Client;
  #graph: Promise<GunGraph> | undefined;
  readonly #networks = new Map<bigint, { at: number; report: Promise<CommunityNetworkReport> }>();
  /** Rooms watched while the wallet is asked to sign: since when, and the watch's scope. */
  readonly #prepared = new Map<string, { since: number; scope: Scope }>();
  #chat: { address: string; store: ChatStore; scope: Scope } | undefined;

  constructor(parameters: RoomKitParameters) {
    const { config, chainClient, scope, window } = parameters;
    const { location } = window;
    this.#config = config;
    this.#window = window;
    this.#pageScope = scope;
    this.#resolveProfile = parameters.resolveProfile;
    this.#chainClient = chainClient;
    const contract = config.chain.communityAccess;
    // Certificates name the app, chain and contract, not the gateway host the page came from.
    const app = { appName: config.appName, chainId: config.chain.id, contract };
    // SessionManager and the verifier check contract-wallet signatures through the chain.
    const client = chainClient as PublicClient;
    // Session keys live in IndexedDB as non-extractable CryptoKeys (see dropLegacySessions).
    this.sessions = new SessionManager({
      store: new IndexedDbSessionStore(window.indexedDB),
      clock: systemClock,
      client,
      app: { ...app, domain: location.host, uri: location.origin },
    });
    // One budget for the chain reads that anything written to the graph may cause, whatever
    // the key or wallet it names (membership of strangers, contract-wallet signatures).
    const readBudget = new ChainReadBudget({ ...defaultChainReadBudget, clock: systemClock });
    this.access = new AccessService({
      reader: createChainAccessReader(chainClient, { contract, pollingIntervalMs: 1_000 }),
      clock: systemClock,
      scope,
      graceMs: config.access.graceMs,
      readBudget,
    });
    const channel = new BroadcastChannel(`${config.appName}:tabs`);
    scope.add(() => channel.close());
    this.tabs = new TabClaim(channel, window.crypto.randomUUID());
    // Entering a room checks certificates from the first heartbeat: start loading the fast
    // recovery now, while the wallet is asked to sign (JavaScript answers until it is ready).
    void prepareSignatureRecovery();
    this.#verifyCertificate = createCertificateVerifier({
      client,
      expectations: app,
      clock: systemClock,
      readBudget,
    });
  }

  /** What entering asks the wallet to sign, in words, before it is asked. */
  explainSignatures(withChat: boolean): string[] {
    return explainEntrySignatures({
      lifetimeMs: this.sessions.lifetimeMs,
      chainName: this.#config.chain.name,
      withChat,
    });
  }

  /** The page's graph, connected to the configured relays on first use. */
  graph(): Promise<GunGraph> {
    this.#graph ??= createBrowserGraph({ relays: this.#config.gun.relays });
    return this.#graph;
  }

  /**
   * Gets a room ready to open while the wallet is asked to sign: reads the community's servers,
   * connects the graph and watches the room's heartbeats, checking each member's certificate
   * and membership as the roster will (the same caches), so the room opens on answers already
   * at hand. Ends with `scope`, or when {@link open} takes the room's watch over.
   *
   * @example
   * kit.prepare(communityId, roomId, scope); // then, once signed:
   * const room = await kit.open({ communityId, roomId, address, session }, roomScope);
   */
  async prepare(communityId: bigint, roomId: string, scope: Scope): Promise<void> {
    const { namespace } = this.#room(communityId, roomId);
    const watch = scope.child();
    this.#prepared.get(namespace)?.scope.end();
    this.#prepared.set(namespace, { since: systemClock.now(), scope: watch });
    watch.add(() => {
      if (this.#prepared.get(namespace)?.scope === watch) this.#prepared.delete(namespace);
    });
    void this.communityNetwork(communityId);
    const occupancy = await this.occupancy(communityId, roomId);
    occupancy.watch(watch, () => {});
  }

  /**
   * How long a new roster still listens before its first heartbeat: GunRoster's reason (a
   * relay can lose a subscription still being answered when writes cross it) counts from when
   * this page began watching the room, which prepare() did while the wallet signed.
   */
  #stillToListen(namespace: string): number {
    const since = this.#prepared.get(namespace)?.since ?? systemClock.now();
    return Math.max(0, LISTEN_BEFORE_BEAT_MS - (systemClock.now() - since));
  }

  /** A verifier of `room`'s signed envelopes (`limits`: where its defaults do not fit). */
  #verifier(room: RoomRef, counters: DropCounters, limits?: Partial<EnvelopeLimits>) {
    return new EnvelopeVerifier({
      room: room.namespace,
      communityId: room.communityId,
      chainId: room.chainId,
      verifyCertificate: this.#verifyCertificate,
      access: this.access,
      counters,
      clock: systemClock,
      ...(limits ? { limits } : {}),
    });
  }

  #room(communityId: bigint, roomId: string): RoomRef {
    const config = this.#config;
    return roomRef({
      appName: config.appName,
      chainId: config.chain.id,
      contract: config.chain.communityAccess,
      communityId,
      roomId,
    });
  }

  /**
   * The servers of a community's rooms: the site's, merged with those its owner named on chain
   * (read at most once a minute; never rejects). Call it early to have it at hand on entry.
   */
  communityNetwork(communityId: bigint): Promise<CommunityNetworkReport> {
    const cached = this.#networks.get(communityId);
    const now = systemClock.now();
    if (cached && now - cached.at < COMMUNITY_NETWORK_TTL_MS) return cached.report;
    const report = loadCommunityNetwork({
      client: this.#chainClient,
      config: this.#config,
      communityId,
    });
    this.#networks.set(communityId, { at: now, report });
    return report;
  }

  /** Who is in a room, read without joining it (the calendar's "live now"). */
  async occupancy(communityId: bigint, roomId: string): Promise<RoomOccupancy> {
    const room = this.#room(communityId, roomId);
    const verifier = this.#verifier(room, new DropCounters());
    return new RoomOccupancy({ graph: await this.graph(), room, verifier, clock: systemClock });
  }

  /**
   * The chat of the connected wallet: one XMTP client per browser, kept across rooms and
   * replaced (the old one closed) when the account changes. Let go when another tab of this
   * browser joins a room as the same account, so that tab's chat opens the client (its
   * database admits one tab at a time); the next call here makes a new one.
   */
  chatFor(address: Address, sign: (message: string) => Promise<`0x${string}`>): ChatStore {
    const key = address.toLowerCase();
    if (this.#chat?.address === key) return this.#chat.store;
    this.#chat?.scope.end();
    const scope = this.#pageScope.child();
    this.tabs.watch(
      key,
      () => {
        scope.end();
        if (this.#chat?.scope === scope) this.#chat = undefined;
      },
      scope,
    );
    const service = createChatService({
      config: this.#config,
      address,
      sign,
      resolveProfile: this.#resolveProfile,
      scope,
      window: this.#window,
    });
    const store = new ChatStore(service, this.#resolveProfile, scope);
    this.#chat = { address: key, store, scope };
    return store;
  }

  /** Builds a room's presence, signaling and meeting; all of it ends with `scope`. */
  async open(
    parameters: { communityId: bigint; roomId: string; address: Address; session: Session },
    scope: Scope,
  ): Promise<OpenRoom> {
    const { communityId, roomId, address, session } = parameters;
    const config = this.#config;
    // The gate is asked while the graph connects; the meeting's first peer waits for it
    // (briefly), its microphone does not.
    // The community's own servers join the site's for this room (its relays until it ends).
    const network = await this.communityNetwork(communityId);
    const call = openCallRoute({
      config,
      communityId,
      network: network.network,
      session,
      window: this.#window,
      scope,
    });
    const graph = await this.graph();
    graph.addRelays(network.network.relays, scope);
    performance.mark('cc:graph');
    const room = this.#room(communityId, roomId);
    const counters = new DropCounters();
    const signer = new EnvelopeSigner({
      keys: session.keys,
      certificate: session.certificate,
      room: room.namespace,
      clock: systemClock,
    });
    const verifier = this.#verifier(room, counters);
    // Members' data channels carry the room's signed writes beside the relays (relays down).
    const links = new DataChannelGraph({
      graph,
      room,
      self: address,
      clock: systemClock,
      onDrop: (reason) => counters.count(reason),
    });
    const common = { graph: links, room, address, signer, verifier, counters };
    const roster = new GunRoster({
      ...common,
      access: this.access,
      clock: systemClock,
      heldWhileSilent: (member) => links.holds(member),
      firstBeatDelayMs: this.#stillToListen(room.namespace),
    });
    const signaling = new GunSignalingChannel({ ...common, keys: session.keys, roster });
    roster.join(scope);
    // The roster watches the room's heartbeats now: the watch begun by prepare() is done.
    this.#prepared.get(room.namespace)?.scope.end();
    signaling.start(scope);
    const members = () => roster.members().map((member) => getAddress(member.address));
    const stage = isStageRoom(roomId);
    const moderators = new ContractModerators({
      client: this.#chainClient,
      contract: config.chain.communityAccess,
      communityId,
      clock: systemClock,
    });
    moderators.watch(scope);
    const chat = {
      roomKey: `${communityId}/${roomId}`,
      directory: this.#chatDirectory({ graph, room, address, signer, counters, moderators }, scope),
      // Listening for the room's record starts now, while the chat client may still be starting.
      recordWatchedSince: systemClock.now(),
      online: members,
      // 'no' only on the chain's word: an RPC outage takes nobody out of the chat.
      access: chatAccessVerdicts((member) => this.access.check(communityId, member)),
      moderators: chatModeratorVerdicts((member) => moderators.answer(member)),
    };
    const channel = new GunModerationChannel({ ...common, moderators, clock: systemClock });
    channel.start(scope);
    // Every peer plays only moderators and invited members on a stage, and keeps the
    // removed out of any room.
    const policy = new StagePolicy({ channel, moderators, stage, scope });
    const routeReady = call.ready.then(() => {
      performance.mark('cc:call-route');
    });
    const meeting = new Meeting({
      self: address,
      roster,
      signaling,
      createPeer: call.route.peerFactory(createSimplePeer),
      audio: new BrowserAudioIo(),
      iceServers: network.network.iceServers,
      routeReady,
      scope,
      stage,
      policy,
      onRefused: () => counters.count('not-invited'),
      links,
    });
    const onMembersChanged = (listener: () => void, listenerScope: Scope) => {
      for (const event of ['joined', 'updated', 'left'] as const) {
        roster.on(event, listener, listenerScope);
      }
    };
    const store = new MeetingStore(meeting, scope);
    // Recording claims stand until their moderator says otherwise: read with the session's
    // lifetime as max age, like the chat's record.
    const recording = openRoomRecording({
      ...common,
      communityId,
      roomId,
      session,
      verifier: this.#verifier(room, counters, { maxAgeMs: this.sessions.lifetimeMs }),
      graph,
      moderators,
      window: this.#window,
      scope,
    });
    // On the media server, moderators' actions reach its gate first (the server decides who is
    // heard there); the room's decision is published only once the gate has carried them out.
    const mediaModerator: MediaModerator = new MediaModerator({
      communityId,
      roomId,
      self: address,
      session,
      onMedia: () => media.onMedia,
      fetch: (input, init) => this.#window.fetch(input, init),
      clock: systemClock,
      standing: () => moderation.decisions(),
      isModerator: () => moderation.isModerator(),
      onError: (error) => meeting.events.emit('notice', error),
    });
    // Past the mesh's cap the room moves onto its community's media server, with no click.
    const media = openRoomMedia({
      config,
      network: network.network,
      communityId,
      roomId,
      session,
      meeting,
      window: this.#window,
      scope,
      onGrant: (grant, gateUrl) => {
        recording.handleGrant(grant, gateUrl);
        void mediaModerator.useGate(gateUrl);
      },
    });
    const route = new CallRouteStore(call.route, scope);
    // Privacy mode with no TURN server, or a gate's refusal: said in the room, not only in
    // Diagnostics.
    void routeReady.then(() => {
      const problem = call.route.problem();
      if (problem && !scope.ended) meeting.events.emit('notice', problem);
    });
    // Removed while in the call: end it and say why, as the others drop this member.
    endCallOnAccessLoss(
      { access: this.access, communityId, self: address, end: (reason) => store.end(reason) },
      scope,
    );
    const moderation: StageModeration = new StageModeration({
      meeting: store,
      channel,
      policy,
      moderators,
      store: new StageDecisionStore({
        storage: this.#window.localStorage,
        key: stageDecisionKey(room.namespace, address),
        clock: systemClock,
      }),
      stage,
      clock: systemClock,
      scope,
      beforePublish: (action, target) => mediaModerator.moderate(action, target),
    });
    // Entering joins the call at once: the microphone opens while the room screen is drawn.
    void store.join();
    return {
      communityId,
      meeting: store,
      chat,
      onMembersChanged,
      counters,
      graph,
      moderation,
      route,
      network,
      media,
      recording: recording.store,
    };
  }

  /**
   * The room's chat record: signed by an owner or admin, kept by the relays and in this
   * browser, and checked with a verifier whose max age is the session lifetime (a record must
   * outlive the people in the room, unlike live envelopes).
   */
  #chatDirectory(
    parts: {
      graph: GunGraph;
      room: RoomRef;
      address: Address;
      signer: EnvelopeSigner;
      counters: DropCounters;
      moderators: ContractModerators;
    },
    scope: Scope,
  ): SignedChatDirectory {
    const { graph, room, address, signer, counters, moderators } = parts;
    const verifier = this.#verifier(room, counters, { maxAgeMs: this.sessions.lifetimeMs });
    const directory = new SignedChatDirectory({
      graph,
      key: `${room.namespace}/chat`,
      address,
      signer,
      verifier,
      moderators,
      counters,
      memory: this.#window.localStorage,
      memoryKey: `${this.#config.appName}:room-chat:${room.namespace}:${address.toLowerCase()}`,
    });
    directory.start(scope);
    return directory;
  }
}
