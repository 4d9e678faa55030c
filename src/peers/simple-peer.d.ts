// Types for the parts of @thaunknown/simple-peer (plain JS, no bundled types) that we use.
declare module '@thaunknown/simple-peer' {
  interface SimplePeerOptions {
    initiator?: boolean;
    trickle?: boolean;
    config?: RTCConfiguration;
    objectMode?: boolean;
  }

  /** A simple-peer connection (a streamx Duplex with WebRTC underneath). */
  export default class SimplePeer {
    constructor(options?: SimplePeerOptions);
    readonly initiator: boolean;
    readonly destroyed: boolean;
    /** The underlying connection; null once destroyed. Used for restartIce and getStats. */
    _pc: RTCPeerConnection | null;
    /** The data channel (simple-peer makes one per connection); used to read its state. */
    _channel: RTCDataChannel | null;
    signal(data: unknown): void;
    addTrack(track: MediaStreamTrack, stream: MediaStream): void;
    replaceTrack(
      oldTrack: MediaStreamTrack,
      newTrack: MediaStreamTrack | null,
      stream: MediaStream,
    ): void;
    negotiate(): void;
    send(chunk: string): void;
    destroy(error?: Error): void;
    on(event: 'signal', listener: (data: Record<string, unknown>) => void): this;
    on(event: 'track', listener: (track: MediaStreamTrack, stream: MediaStream) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'data', listener: (data: Uint8Array | string) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    on(
      event: 'iceStateChange',
      listener: (ice: RTCIceConnectionState, gathering: RTCIceGatheringState) => void,
    ): this;
    removeAllListeners(): this;
  }
}
