import type { Scope } from '../core/Scope.ts';
import type { IceServer } from '../peers/types.ts';
import { Broadcaster } from './Broadcaster.ts';
import { createBrowserBroadcastPeer } from './createBrowserBroadcastPeer.ts';
import type { RoomAudioFeed } from './types.ts';
import { WebAudioMixer } from './WebAudioMixer.ts';
import { WhipHttpClient } from './WhipHttpClient.ts';

/**
 * A Broadcaster on the browser's parts: fetch for WHIP, RTCPeerConnection, WebAudio.
 *
 * @example
 * const broadcaster = createBrowserBroadcaster({ feed, iceServers: config.iceServers, scope });
 */
export function createBrowserBroadcaster(parameters: {
  feed: RoomAudioFeed;
  iceServers: readonly IceServer[];
  scope: Scope;
}): Broadcaster {
  return new Broadcaster({
    ...parameters,
    http: new WhipHttpClient(),
    createPeer: createBrowserBroadcastPeer,
    createMixer: () => new WebAudioMixer(),
  });
}
