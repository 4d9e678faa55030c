import { mediaErrors } from './errors.ts';
import type { JanusTransport, JanusTransportFactory } from './JanusTransport.ts';
import { JANUS_SUBPROTOCOL, parseJanusMessage } from './janusMessages.ts';

/** Longest wait for the WebSocket to open. */
const OPEN_TIMEOUT_MS = 8_000;

/**
 * The one real JanusTransport: a WebSocket with Janus's `janus-protocol` subprotocol. Text
 * that is not a well-formed Janus message (or is too large) is dropped unread.
 *
 * @example
 * const transport = await createWebSocketJanusTransport('wss://media.example.org/janus');
 */
export const createWebSocketJanusTransport: JanusTransportFactory = (url) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, JANUS_SUBPROTOCOL);
    const timer = setTimeout(() => {
      socket.close();
      reject(mediaErrors.unreachable(new URL(url).host));
    }, OPEN_TIMEOUT_MS);
    let closedByUs = false;
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      reject(mediaErrors.unreachable(new URL(url).host));
    });
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      const transport: JanusTransport = {
        send(request) {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(request));
        },
        onMessage(listener) {
          socket.addEventListener('message', ({ data }) => {
            const message = typeof data === 'string' ? parseJanusMessage(data) : undefined;
            if (message) listener(message);
          });
        },
        onClose(listener) {
          socket.addEventListener('close', ({ code }) => {
            if (!closedByUs) listener(mediaErrors.lost(`socket closed (${code})`));
          });
        },
        close() {
          closedByUs = true;
          socket.close();
        },
      };
      resolve(transport);
    });
  });
