import { type Address, isAddress } from 'viem';
import { systemClock } from '../../src/core/clock.ts';
import { Emitter } from '../../src/core/Emitter.ts';
import { Scope } from '../../src/core/Scope.ts';
import { createSessionKeyPair } from '../../src/identity/sessionKeys.ts';
import type { SessionCertificate, SessionKeyPair } from '../../src/identity/types.ts';
import { createBrowserMediaPeer } from '../../src/media/createBrowserMediaPeer.ts';
import { createWebSocketJanusTransport } from '../../src/media/createWebSocketJanusTransport.ts';
import { JanusAudioBridgeRoom } from '../../src/media/JanusAudioBridgeRoom.ts';
import type { JanusTransportFactory } from '../../src/media/JanusTransport.ts';
import { MediaMove } from '../../src/media/MediaMove.ts';
import { MediaServerChoice } from '../../src/media/MediaServerChoice.ts';
import type { MediaGrant } from '../../src/media/mediaGrant.ts';
import { requestMediaGrant } from '../../src/media/requestMediaGrant.ts';
import type { Playback } from '../../src/mesh/AudioIo.ts';
import { BrowserAudioIo } from '../../src/mesh/BrowserAudioIo.ts';
import { Meeting } from '../../src/mesh/Meeting.ts';
import { createSimplePeer } from '../../src/peers/createSimplePeer.ts';
import type { Roster, RosterEvents, RosterMember } from '../../src/presence/types.ts';
import type { SignalingChannel, SignalPayload } from '../../src/signaling/types.ts';

// The page of bench/media.bench.ts: a minimal room built from the app's own parts, wired as
// src/stores/openRoomMedia.ts wires them. The real Meeting (simple-peer mesh, BrowserAudioIo),
// with roster and signaling over a BroadcastChannel as in bench/mesh.bench.ts, and the real
// MediaMove onto Janus through the real gate (requestMediaGrant with a session certificate).
// Gun and the wallet are measured by their own benches.

/** How one member enters the lab room. */
export interface MediaLabSetup {
  address: Address;
  certificate: SessionCertificate;
  gateUrl: string;
  janusUrl: string;
  communityId: string;
  roomId: string;
  /** Roster size at which the room leaves the mesh (1: at once, on the media server only). */
  cap: number;
  /** Whether the other members in the BroadcastChannel are this member's roster (the mesh). */
  mesh: boolean;
  muted: boolean;
  /** Joins as a listener (a stage's audience): no microphone, nothing sent. */
  listen?: boolean;
}

/** What the lab page offers the bench driver. */
export interface MediaLab {
  /** Makes this page's session keys; the driver signs their certificate with the wallet. */
  keys(): Promise<{ pub: string; epub: string }>;
  join(setup: MediaLabSetup): Promise<void>;
  /**
   * Where the audio runs, the last grant's Janus room and participant id, and each state the
   * media room went through (`<ms since join> <status> <why>`), so a failed size says where.
   */
  state(): {
    on: 'mesh' | 'media';
    status: string;
    room?: number;
    id?: number;
    history: string[];
  };
  leave(): void;
}

declare global {
  interface Window {
    lab: MediaLab;
  }
}

type Message =
  | { kind: 'state'; from: Address; sessionPub: string; state: RosterMember['state'] }
  | { kind: 'signal'; from: Address; to: Address; payload: SignalPayload };

/** Roster and signaling over a BroadcastChannel, as the mesh bench's page has them. */
function channelRoom(self: Address, roomId: string, enabled: boolean) {
  const channel = new BroadcastChannel(`media-bench/${roomId}`);
  const rosterEvents = new Emitter<RosterEvents>();
  const signals = new Emitter<{ signal: { from: Address; payload: SignalPayload } }>();
  const members = new Map<Address, RosterMember>();
  const sessionPub = Math.random().toString(36);
  let state: RosterMember['state'] = {};
  const announce = () => {
    if (enabled) channel.postMessage({ kind: 'state', from: self, sessionPub, state });
  };
  channel.onmessage = ({ data }: MessageEvent<Message>) => {
    if (!enabled) return;
    if (data.kind === 'state' && data.from !== self) {
      const known = members.has(data.from);
      const member: RosterMember = {
        address: data.from,
        sessionPub: data.sessionPub,
        sessionEpub: '',
        state: data.state,
        lastSeen: Date.now(),
      };
      members.set(data.from, member);
      rosterEvents.emit(known ? 'updated' : 'joined', member);
      if (!known) announce();
    } else if (data.kind === 'signal' && data.to === self) {
      signals.emit('signal', data);
    }
  };
  const roster: Roster = {
    members: () => [...members.values()],
    on: (event, listener, scope) => rosterEvents.on(event, listener, scope),
    setLocalState: (next) => {
      state = next;
      announce();
    },
  };
  const signaling: SignalingChannel = {
    send: async (to, payload) => channel.postMessage({ kind: 'signal', from: self, to, payload }),
    onSignal: (listener, listenerScope) =>
      signals.on('signal', ({ from, payload }) => listener(from, payload), listenerScope),
  };
  return { roster, signaling, close: () => channel.close() };
}

let keys: SessionKeyPair | undefined;
let move: MediaMove | undefined;
let lastGrant: MediaGrant | undefined;
const history: string[] = [];
let joinedAt = 0;
const scope = new Scope();
/** Notes a step of this member's media room, ms since join(). */
const note = (line: string) => {
  if (history.length < 100) history.push(`${Math.round(performance.now() - joinedAt)} ${line}`);
};

/** The real transport, with each request to Janus and its answer noted (not trickles). */
const tracedTransport: JanusTransportFactory = async (url) => {
  note('socket opening');
  const transport = await createWebSocketJanusTransport(url);
  note('socket open');
  const asked = new Map<string, string>();
  transport.onMessage((message) => {
    const what = message.transaction === undefined ? undefined : asked.get(message.transaction);
    if (what !== undefined && message.janus !== 'ack') note(`${what} answered (${message.janus})`);
  });
  return {
    ...transport,
    send(request) {
      if (request.janus !== 'trickle' && request.janus !== 'keepalive') {
        const body = request.body as { request?: string } | undefined;
        const what = body?.request ?? request.janus;
        asked.set(request.transaction, what);
        note(`${what} sent`);
      }
      transport.send(request);
    },
  };
};

window.lab = {
  async keys() {
    keys = await createSessionKeyPair();
    return { pub: keys.pub, epub: keys.epub };
  },
  async join(setup) {
    if (!keys) throw new Error('keys() first');
    joinedAt = performance.now();
    const session = { keys, certificate: setup.certificate };
    const room = channelRoom(setup.address, setup.roomId, setup.mesh);
    scope.add(room.close);
    const meeting = new Meeting({
      self: setup.address,
      roster: room.roster,
      signaling: room.signaling,
      createPeer: createSimplePeer,
      audio: new BrowserAudioIo(),
      iceServers: [],
      scope,
      stage: setup.listen ?? false,
    });
    if (setup.muted) meeting.setMuted(true);
    const output = new BrowserAudioIo();
    let playback: Playback | undefined;
    scope.add(() => {
      playback?.stop();
      output.close();
    });
    move = new MediaMove({
      roomKey: `${setup.communityId}/${setup.roomId}`,
      cap: setup.cap,
      choice: new MediaServerChoice([setup.janusUrl]),
      members: () => room.roster.members().length + 1,
      othersOnServer: () => meeting.participants().some((member) => member.onServer),
      onMembersChanged: (listener, listenerScope) => {
        for (const event of ['joined', 'updated', 'left'] as const) {
          room.roster.on(event, listener, listenerScope);
        }
      },
      openRoom: (_server, roomScope) =>
        new JanusAudioBridgeRoom({
          grant: async () => {
            note('grant asked');
            lastGrant = await requestMediaGrant({
              gateUrl: setup.gateUrl,
              communityId: BigInt(setup.communityId),
              roomId: setup.roomId,
              session,
              fetch: (input, init) => window.fetch(input, init),
              clock: systemClock,
            }).catch((error: unknown) => {
              note(`grant refused: ${error instanceof Error ? error.message : String(error)}`);
              throw error;
            });
            note('grant given');
            return lastGrant;
          },
          connect: tracedTransport,
          createPeer: (options) => {
            const peer = createBrowserMediaPeer(options);
            peer.onState((state) => note(`ice ${state}`));
            return peer;
          },
          iceServers: [],
          scope: roomScope,
        }),
      local: () => ({ track: meeting.roomAudio().local, muted: meeting.local().muted }),
      onLocalChanged: (listener, listenerScope) => {
        meeting.events.on('local', listener, listenerScope);
        meeting.events.on('audio', listener, listenerScope);
      },
      holdMesh: () => {
        meeting.moveToServer();
        meeting.closeLinks(
          meeting
            .participants()
            .filter((member) => member.onServer)
            .map((member) => member.address),
        );
      },
      onHeardOnServer: (displays) => meeting.closeLinks(displays.filter((d) => isAddress(d))),
      onMeshDone: () => meeting.closeLinks(),
      scope,
    });
    move.events.on(
      'state',
      (state) => {
        if (state.on === 'mesh') return note('mesh');
        const room = state.room;
        note(
          `${room.status}${'error' in room ? `: ${room.error.details ?? room.error.message}` : ''}`,
        );
      },
      scope,
    );
    move.events.on(
      'audio',
      (remote) => {
        playback?.stop();
        playback = output.play(remote, '');
      },
      scope,
    );
    move.start();
    await meeting.join();
  },
  state() {
    const state = move?.state ?? { on: 'mesh' as const };
    return {
      on: state.on,
      status: state.on === 'media' ? state.room.status : 'mesh',
      ...(lastGrant ? { room: lastGrant.room, id: lastGrant.id } : {}),
      history,
    };
  },
  leave() {
    scope.end();
  },
};
