import SimplePeer from '@thaunknown/simple-peer';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import { digestStats } from './stats.ts';
import type {
  AudioTrack,
  IceServer,
  PeerConnection,
  PeerEvents,
  PeerFactory,
  PeerOptions,
  PeerState,
  PeerStats,
  SignalPayload,
} from './types.ts';

const iceToPeerState: Record<RTCIceConnectionState, PeerState> = {
  new: 'new',
  checking: 'connecting',
  connected: 'connected',
  completed: 'connected',
  disconnected: 'disconnected',
  failed: 'failed',
  closed: 'closed',
};

function toRtcIceServer(server: IceServer): RTCIceServer {
  // exactOptionalPropertyTypes: leave absent fields absent rather than undefined.
  const rtc: RTCIceServer = { urls: server.urls };
  if (server.username !== undefined) rtc.username = server.username;
  if (server.credential !== undefined) rtc.credential = server.credential;
  return rtc;
}

/**
 * Text waiting in the data channel past this is not added to: a link that has been down a
 * while holds at most this much (heartbeats and signals are a few KB each).
 */
const MAX_QUEUED_BYTES = 1_000_000;

const utf8 = new TextDecoder();

function asMediaTrack(track: AudioTrack): MediaStreamTrack {
  // The domain speaks in our AudioTrack shape; only real tracks can go on the wire.
  if (track instanceof MediaStreamTrack) return track;
  throw AppError.internal('addTrack/replaceTrack needs a MediaStreamTrack');
}

/**
 * The one real PeerConnection: @thaunknown/simple-peer with trickle ICE.
 * ICE restart on the answering side is asked of the initiator with a flagged
 * `renegotiate` signal, because only the side that offers can restart ICE.
 */
class SimplePeerConnection implements PeerConnection {
  readonly initiator: boolean;
  readonly #peer: SimplePeer;
  readonly #events = new Emitter<PeerEvents>();
  // simple-peer keys senders by [track, stream]; one stream per connection is enough for audio.
  #stream: MediaStream | undefined;
  #state: PeerState = 'new';
  #closed = false;

  constructor(options: PeerOptions) {
    this.initiator = options.initiator;
    this.#peer = new SimplePeer({
      initiator: options.initiator,
      trickle: true,
      config: {
        iceServers: options.iceServers.map(toRtcIceServer),
        iceTransportPolicy: options.iceTransportPolicy ?? 'all',
      },
    });
    this.#peer.on('signal', (data) => this.#events.emit('signal', data));
    this.#peer.on('iceStateChange', (ice) => this.#setState(iceToPeerState[ice]));
    this.#peer.on('track', (track, stream) => {
      if (track.kind === 'audio') this.#events.emit('track', { track, stream });
    });
    this.#peer.on('error', (error) => {
      const failed =
        error.code === 'ERR_ICE_CONNECTION_FAILURE' || error.code === 'ERR_CONNECTION_FAILURE';
      if (failed) this.#setState('failed');
      this.#close(
        new AppError('PEER_CONNECTION_FAILED', error.message, {
          category: 'network',
          cause: error,
          details: error.code ?? '',
        }),
      );
    });
    this.#peer.on('close', () => this.#close(undefined));
    // Text arrives as bytes (simple-peer's byte mode); what the domain reads is text.
    this.#peer.on('data', (data) => {
      this.#events.emit('data', typeof data === 'string' ? data : utf8.decode(data));
    });
  }

  get state(): PeerState {
    return this.#state;
  }

  signal(payload: SignalPayload): void {
    if (this.#closed) return;
    if (payload.iceRestart === true && this.initiator) this.#peer._pc?.restartIce();
    this.#peer.signal(payload);
  }

  addTrack(track: AudioTrack): void {
    this.#stream ??= new MediaStream();
    this.#peer.addTrack(asMediaTrack(track), this.#stream);
  }

  replaceTrack(oldTrack: AudioTrack, newTrack: AudioTrack | null): void {
    if (!this.#stream) throw AppError.internal('replaceTrack before addTrack');
    this.#peer.replaceTrack(
      asMediaTrack(oldTrack),
      newTrack === null ? null : asMediaTrack(newTrack),
      this.#stream,
    );
  }

  restartIce(): void {
    if (this.#closed) return;
    if (this.initiator) {
      this.#peer._pc?.restartIce();
      this.#peer.negotiate();
    } else {
      this.#events.emit('signal', { type: 'renegotiate', renegotiate: true, iceRestart: true });
    }
  }

  get channelOpen(): boolean {
    return !this.#closed && this.#peer._channel?.readyState === 'open';
  }

  send(text: string): boolean {
    const channel = this.#peer._channel;
    if (!this.channelOpen || !channel || channel.bufferedAmount > MAX_QUEUED_BYTES) return false;
    this.#peer.send(text);
    return true;
  }

  async getStats(): Promise<PeerStats> {
    const pc = this.#peer._pc;
    if (!pc) return digestStats([]);
    const report = await pc.getStats();
    return digestStats(report.values());
  }

  on<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  destroy(): void {
    if (this.#closed) return;
    this.#peer.destroy();
    this.#close(undefined);
  }

  #setState(state: PeerState): void {
    if (this.#closed || state === this.#state) return;
    this.#state = state;
    this.#events.emit('state', state);
  }

  #close(error: AppError | undefined): void {
    if (this.#closed) return;
    this.#setState('closed');
    this.#closed = true;
    this.#events.emit('close', { error });
  }
}

/**
 * Creates real peer connections (browser WebRTC through simple-peer).
 *
 * @example
 * const peer = createSimplePeer({ initiator: true, iceServers: config.iceServers });
 * peer.on('signal', (payload) => channel.send(remote, payload));
 */
export const createSimplePeer: PeerFactory = (options) => new SimplePeerConnection(options);
