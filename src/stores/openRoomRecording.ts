import type { Address } from 'viem';
import { systemClock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import type { Session } from '../identity/SessionManager.ts';
import { downloadRecording } from '../media/downloadRecording.ts';
import { GunRecordingChannel, type ModeratorAnswer } from '../media/GunRecordingChannel.ts';
import type { MediaGrant } from '../media/mediaGrant.ts';
import { RoomRecording } from '../media/RoomRecording.ts';
import { requestRecording } from '../media/requestRecording.ts';
import type { DropCounters } from '../signaling/dropCounters.ts';
import type { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import type { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import type { RoomRef } from '../signaling/roomPaths.ts';
import { RecordingStore } from './RecordingStore.svelte.ts';

/** What {@link openRoomRecording} needs from the room being opened. */
export interface OpenRoomRecordingParameters {
  graph: Graph;
  room: RoomRef;
  communityId: bigint;
  roomId: string;
  address: Address;
  session: Session;
  signer: EnvelopeSigner;
  /** The room's verifier with a max age of the session lifetime (claims outlast a meeting). */
  verifier: EnvelopeVerifier;
  moderators: ModeratorAnswer & { isModerator(address: Address): Promise<boolean> };
  counters: DropCounters;
  window: Window;
  scope: Scope;
}

/**
 * A room's recording: the moderators' signed claims on the graph, the gate's word in each
 * media grant (pass grants to `handleGrant`), and the host's start, stop and download through
 * the gate of the room's media server, signed with the session.
 *
 * @example
 * const recording = openRoomRecording({ graph, room, communityId, roomId, address, session,
 *   signer, verifier, moderators, counters, window, scope });
 * openRoomMedia({ ...rest, onGrant: recording.handleGrant });
 */
export function openRoomRecording(parameters: OpenRoomRecordingParameters): {
  store: RecordingStore;
  handleGrant: (grant: MediaGrant, gateUrl: string) => void;
} {
  const { communityId, roomId, address, session, moderators, window, scope } = parameters;
  const channel = new GunRecordingChannel(parameters);
  channel.start(scope);
  const asked = {
    communityId,
    roomId,
    session,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => window.fetch(input, init),
    clock: systemClock,
  };
  const recording = new RoomRecording({
    self: address,
    roomId,
    channel,
    gate: {
      record: (gateUrl, on) => requestRecording({ ...asked, gateUrl, recording: on }),
      download: (gateUrl) => downloadRecording({ ...asked, gateUrl }),
    },
    clock: systemClock,
    scope,
  });
  const store = new RecordingStore(
    recording,
    { roomId, clock: systemClock, isModerator: () => moderators.isModerator(address) },
    scope,
  );
  return { store, handleGrant: (grant, gateUrl) => recording.handleGrant(grant, gateUrl) };
}
