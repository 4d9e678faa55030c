import { AppError } from '../core/errors.ts';
import type { MediaPeer, MediaPeerFactory, MediaPeerState } from './MediaPeer.ts';

function asTrack(track: unknown): MediaStreamTrack | null {
  if (track === null) return null;
  if (!(track instanceof MediaStreamTrack)) {
    throw AppError.internal('a media room sends a MediaStreamTrack');
  }
  return track;
}

/**
 * The one real MediaPeer: an RTCPeerConnection with one audio transceiver that both sends
 * (the microphone, or nothing while listening) and receives the server's mix. Candidates are
 * handed out as they come, so the offer leaves at once (trickle ICE).
 *
 * @example
 * const peer = createBrowserMediaPeer({ track: microphone, iceServers: config.iceServers });
 * peer.onCandidate((candidate) => handle.trickle(candidate));
 * const reply = await handle.message({ request: 'configure' }, { type: 'offer', sdp: await peer.offer() });
 */
export const createBrowserMediaPeer: MediaPeerFactory = ({ track, iceServers }) => {
  const connection = new RTCPeerConnection({
    iceServers: iceServers.map(({ urls, username, credential }) => ({
      urls,
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    })),
  });
  // sendrecv even while listening: the track can then be set later without renegotiation.
  const transceiver = connection.addTransceiver('audio', { direction: 'sendrecv' });
  const ready = transceiver.sender.replaceTrack(asTrack(track));
  const peer: MediaPeer = {
    async offer() {
      await ready;
      await connection.setLocalDescription(await connection.createOffer());
      const sdp = connection.localDescription?.sdp;
      if (!sdp) throw AppError.internal('no local description');
      return sdp;
    },
    async answer(sdp) {
      await connection.setRemoteDescription({ type: 'answer', sdp });
    },
    async setTrack(next) {
      await transceiver.sender.replaceTrack(asTrack(next));
    },
    onCandidate(listener) {
      connection.addEventListener('icecandidate', ({ candidate }) => {
        listener(
          candidate
            ? {
                candidate: candidate.candidate,
                sdpMid: candidate.sdpMid,
                sdpMLineIndex: candidate.sdpMLineIndex,
              }
            : { completed: true },
        );
      });
    },
    onState(listener) {
      connection.addEventListener('connectionstatechange', () => {
        const state = connection.connectionState;
        listener((state === 'new' ? 'connecting' : state) satisfies MediaPeerState);
      });
    },
    onTrack(listener) {
      connection.addEventListener('track', ({ track: remote, streams }) => {
        listener({ track: remote, stream: streams[0] ?? new MediaStream([remote]) });
      });
    },
    close() {
      connection.close();
    },
  };
  return peer;
};
