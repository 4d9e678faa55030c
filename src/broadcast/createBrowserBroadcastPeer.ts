import { AppError } from '../core/errors.ts';
import type { BroadcastPeer, BroadcastPeerFactory, BroadcastPeerState } from './types.ts';

/** Longest wait for ICE candidates before the offer goes with those found so far. */
const GATHER_TIMEOUT_MS = 3_000;

function waitForCandidates(connection: RTCPeerConnection): Promise<void> {
  if (connection.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (connection.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, GATHER_TIMEOUT_MS);
    connection.addEventListener('icegatheringstatechange', check);
  });
}

function foldState(state: RTCPeerConnectionState): BroadcastPeerState {
  return state === 'new' ? 'connecting' : state;
}

/**
 * The one real BroadcastPeer: an RTCPeerConnection with one send-only audio transceiver.
 * The offer waits for ICE gathering (bounded), so one POST carries every candidate: WHIP
 * endpoints need not support trickle ICE by PATCH.
 *
 * @example
 * const peer = createBrowserBroadcastPeer({ track: mixer.output, iceServers: config.iceServers });
 * const answer = await post(await peer.offer());
 * await peer.answer(answer);
 */
export const createBrowserBroadcastPeer: BroadcastPeerFactory = ({ track, iceServers }) => {
  if (!(track instanceof MediaStreamTrack)) {
    throw AppError.internal('a broadcast needs a MediaStreamTrack');
  }
  const connection = new RTCPeerConnection({
    iceServers: iceServers.map(({ urls, username, credential }) => ({
      urls,
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    })),
  });
  connection.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream([track])] });
  const peer: BroadcastPeer = {
    async offer() {
      await connection.setLocalDescription(await connection.createOffer());
      await waitForCandidates(connection);
      const sdp = connection.localDescription?.sdp;
      if (!sdp) throw AppError.internal('no local description');
      return sdp;
    },
    async answer(sdp) {
      await connection.setRemoteDescription({ type: 'answer', sdp });
    },
    onState(listener) {
      connection.addEventListener('connectionstatechange', () =>
        listener(foldState(connection.connectionState)),
      );
    },
    close() {
      connection.close();
    },
  };
  return peer;
};
