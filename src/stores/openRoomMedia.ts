import { isAddress } from 'viem';
import { systemClock } from '../core/clock.ts';
import type { AppConfig, CommunityNetwork } from '../core/config.ts';
import type { Scope } from '../core/Scope.ts';
import type { Session } from '../identity/SessionManager.ts';
import { createBrowserMediaPeer } from '../media/createBrowserMediaPeer.ts';
import { createWebSocketJanusTransport } from '../media/createWebSocketJanusTransport.ts';
import { JanusAudioBridgeRoom } from '../media/JanusAudioBridgeRoom.ts';
import { MediaMove } from '../media/MediaMove.ts';
import { MediaServerChoice } from '../media/MediaServerChoice.ts';
import type { MediaGrant } from '../media/mediaGrant.ts';
import { requestMediaGrant } from '../media/requestMediaGrant.ts';
import { BrowserAudioIo } from '../mesh/BrowserAudioIo.ts';
import type { Meeting } from '../mesh/Meeting.ts';
import { MediaMoveStore } from './MediaMoveStore.svelte.ts';

/** What {@link openRoomMedia} needs from the room being opened. */
export interface OpenRoomMediaParameters {
  /** The site's media servers (`media.servers`, each with its gate) and when rooms move. */
  config: AppConfig;
  /** The community's own media servers, admitted by its own gate. */
  network: CommunityNetwork;
  communityId: bigint;
  roomId: string;
  session: Session;
  meeting: Meeting;
  window: Window;
  scope: Scope;
  /** Told of each grant and its gate (the grant says whether the room is being recorded). */
  onGrant?: (grant: MediaGrant, gateUrl: string) => void;
}

/**
 * A room's way onto its community's media server: when the roster reaches the mesh's cap, every
 * member joins the media room the gate grants (the microphone and mute carried over), and the
 * meeting's peer links close once that room is live. Without a gate or media server the room
 * stays on the mesh (and a full room says so, as before).
 *
 * @example
 * const media = openRoomMedia({ config, network, communityId, roomId, session, meeting,
 *   window, scope });
 */
export function openRoomMedia(parameters: OpenRoomMediaParameters): MediaMoveStore {
  const { network, communityId, roomId, session, meeting, window, scope } = parameters;
  // Each media server with the gate that admits members to it: the site's, then the
  // community's own (which its own gate admits). A server without a gate is of no use.
  const gates = new Map<string, string>();
  for (const { url, gate } of parameters.config.media?.servers ?? []) gates.set(url, gate);
  const own = network.gate;
  if (own !== undefined) for (const url of network.mediaServers) gates.set(url, own);
  const choice = new MediaServerChoice([...gates.keys()]);
  const move = new MediaMove({
    roomKey: `${communityId}/${roomId}`,
    cap: parameters.config.media?.moveAt ?? meeting.speakerCap,
    choice,
    // The meeting's members: verified, not removed, this one apart (the roster reads itself too).
    members: () => meeting.participants().length + 1,
    othersOnServer: () => meeting.participants().some((member) => member.onServer),
    onMembersChanged: (listener, listenerScope) =>
      meeting.events.on('participants', listener, listenerScope),
    openRoom: (server, roomScope) =>
      new JanusAudioBridgeRoom({
        grant: async () => {
          const gateUrl = gates.get(server) ?? '';
          const grant = await requestMediaGrant({
            gateUrl,
            communityId,
            roomId,
            session,
            fetch: (input, init) => window.fetch(input, init),
            clock: systemClock,
          });
          parameters.onGrant?.(grant, gateUrl);
          return grant;
        },
        connect: createWebSocketJanusTransport,
        createPeer: createBrowserMediaPeer,
        iceServers: network.iceServers,
        scope: roomScope,
      }),
    local: () => ({ track: meeting.roomAudio().local, muted: meeting.local().muted }),
    onLocalChanged: (listener, listenerScope) => {
      meeting.events.on('local', listener, listenerScope);
      meeting.events.on('audio', listener, listenerScope);
    },
    holdMesh: () => {
      meeting.moveToServer();
      // Members on the server already answer no link: stop waiting for theirs.
      meeting.closeLinks(
        meeting
          .participants()
          .filter((member) => member.onServer)
          .map((member) => member.address),
      );
      // A stage's listener hears the speakers through its own room's feed of their mix (they
      // are never listed there), and nobody needs to hear it: no link is left to wait for.
      if (meeting.local().role === 'listener') meeting.closeLinks();
    },
    // The media room lists each member by the address its grant names.
    onHeardOnServer: (displays) => meeting.closeLinks(displays.filter((d) => isAddress(d))),
    onMeshDone: () => meeting.closeLinks(),
    scope,
  });
  const store = new MediaMoveStore(
    move,
    { audio: new BrowserAudioIo(), outputId: () => meeting.devices().outputId },
    scope,
  );
  meeting.events.on('devices', ({ outputId }) => store.setOutput(outputId).catch(() => {}), scope);
  move.start();
  return store;
}
