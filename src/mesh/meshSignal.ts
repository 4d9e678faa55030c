import type { SignalPayload } from '../signaling/types.ts';

/**
 * What the mesh sends through the signaling channel: simple-peer's signal data tagged with
 * the session (one RTCPeerConnection) it belongs to, or a request for a fresh session.
 * Sessions let the answering side tell a fresh negotiation from one on the current connection.
 */
export interface MeshSignal {
  session: string;
  signal?: SignalPayload;
  /** Sent by the answering side: "start a new session, the current one is not working". */
  reconnect?: true;
}

const MESH_VERSION = 1;

/** Wraps for SignalingChannel.send. */
export function encodeMeshSignal(message: MeshSignal): SignalPayload {
  return { mesh: MESH_VERSION, ...message };
}

/** Unwraps a payload from the channel; undefined for anything that is not ours or is malformed. */
export function decodeMeshSignal(payload: SignalPayload): MeshSignal | undefined {
  if (payload.mesh !== MESH_VERSION || typeof payload.session !== 'string') return undefined;
  if (payload.session.length > 64) return undefined;
  const message: MeshSignal = { session: payload.session };
  const signal = payload.signal;
  if (typeof signal === 'object' && signal !== null && !Array.isArray(signal)) {
    message.signal = Object.fromEntries(Object.entries(signal));
  }
  if (payload.reconnect === true) message.reconnect = true;
  return message.signal || message.reconnect ? message : undefined;
}
