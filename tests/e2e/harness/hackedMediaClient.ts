import type { Page } from 'playwright-core';

// A member's page turned against the media server: what a stage listener who edits the app in
// the devtools can do. It sees the page's Janus WebSocket (and the session, handle and token
// the app used on it) and its peer connections, then sends its microphone and asks the server,
// in the app's own session, to unmute it, to unmute its room and to move it into the speakers'
// room.

declare global {
  interface Window {
    __hackedMedia?: {
      speak(speakersRoom: number): Promise<Record<string, string>>;
      outboundBytes(): Promise<number>;
    };
  }
}

/**
 * Runs in the page before the app (plain JavaScript, as the audio probe). Chains onto any
 * RTCPeerConnection wrapper installed before it.
 */
export const HACKED_MEDIA_CLIENT = `
(() => {
  const NativeSocket = window.WebSocket;
  const NativePeer = window.RTCPeerConnection;
  const sockets = [];
  const peers = [];
  const replies = new Map();
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      const entry = { socket: this, sent: [] };
      sockets.push(entry);
      this.addEventListener('message', (event) => {
        try {
          const message = JSON.parse(event.data);
          if (!String(message.transaction ?? '').startsWith('hack-')) return;
          // Janus may send a request's answer before its acknowledgement: keep the answer.
          if (message.janus === 'ack' && replies.has(message.transaction)) return;
          replies.set(message.transaction, message);
        } catch {}
      });
    }
    send(data) {
      try {
        const entry = sockets.find((e) => e.socket === this);
        entry?.sent.push(JSON.parse(data));
      } catch {}
      return super.send(data);
    }
  };
  window.RTCPeerConnection = class extends NativePeer {
    constructor(config) {
      super(config);
      peers.push(this);
    }
  };
  const openPeers = () => peers.filter((pc) => pc.connectionState !== 'closed');
  const outcome = (message) => {
    if (!message) return 'no answer';
    if (message.janus === 'ack') return 'acknowledged, no answer';
    const data = message.plugindata?.data;
    if (message.janus === 'error') return 'refused: ' + (message.error?.reason ?? 'error');
    if (data?.error) return 'refused: ' + data.error;
    return 'accepted: ' + (data?.audiobridge ?? message.janus);
  };
  window.__hackedMedia = {
    async speak(speakersRoom) {
      // The microphone goes out on every open connection, whatever the app decided.
      const microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
      const [track] = microphone.getAudioTracks();
      for (const pc of openPeers()) {
        for (const transceiver of pc.getTransceivers()) {
          if (transceiver.receiver.track.kind !== 'audio') continue;
          await transceiver.sender.replaceTrack(track);
        }
      }
      // The app's own session on the server: its last plugin message names session, handle,
      // room and token.
      const live = sockets.filter((e) => e.socket.readyState === NativeSocket.OPEN);
      const last = live.flatMap((e) => e.sent.filter((m) => m.handle_id).map((m) => ({ e, m }))).at(-1);
      if (!last) return { session: 'no Janus session in this page' };
      const { e, m } = last;
      const ask = (name, body) => e.socket.send(JSON.stringify({
        janus: 'message', session_id: m.session_id, handle_id: m.handle_id, token: m.token,
        transaction: 'hack-' + name, body,
      }));
      const ownRoom = e.sent.map((s) => s.body?.room).filter((r) => r !== undefined).at(-1);
      ask('unmute-self', { request: 'configure', muted: false });
      ask('unmute-room', { request: 'unmute_room', room: ownRoom, secret: 'a-guess' });
      ask('changeroom', { request: 'changeroom', room: speakersRoom, token: m.token, muted: false });
      // An asynchronous request is acknowledged first and answered later: wait for the answers.
      const names = ['unmute-self', 'unmute-room', 'changeroom'];
      const answered = () => names.every((name) => {
        const reply = replies.get('hack-' + name);
        return reply !== undefined && reply.janus !== 'ack';
      });
      const until = performance.now() + 10000;
      while (!answered() && performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Object.fromEntries(names.map((name) => [name, outcome(replies.get('hack-' + name))]));
    },
    async outboundBytes() {
      let bytes = 0;
      for (const pc of openPeers()) {
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'outbound-rtp' && s.kind === 'audio') bytes += s.bytesSent ?? 0;
        });
      }
      return bytes;
    },
  };
})();
`;

/**
 * Makes a page that runs {@link HACKED_MEDIA_CLIENT} send its microphone and ask the server to
 * be heard in `speakersRoom`; answers each request's outcome as the server gave it.
 */
export function speakAgainstTheServer(
  page: Page,
  speakersRoom: number,
): Promise<Record<string, string>> {
  return page.evaluate(
    (room) => window.__hackedMedia?.speak(room) ?? Promise.resolve({}),
    speakersRoom,
  );
}

/** Audio bytes the page has sent on its open connections. */
export function outboundBytes(page: Page): Promise<number> {
  return page.evaluate(() => window.__hackedMedia?.outboundBytes() ?? Promise.resolve(0));
}
