import type { AppError } from '../core/errors.ts';
import type { JanusMessage, JanusRequest } from './janusMessages.ts';

/**
 * One connection to a Janus server carrying its documented JSON API. One real implementation
 * (`createWebSocketJanusTransport`); unit tests use a fake of this interface.
 */
export interface JanusTransport {
  send(request: JanusRequest): void;
  /** Every well-formed message from the server (malformed ones are dropped unread). */
  onMessage(listener: (message: JanusMessage) => void): void;
  /** The connection is gone (server down, network lost); not called after close(). */
  onClose(listener: (error: AppError) => void): void;
  close(): void;
}

/** Opens a transport to `url`; rejects with MEDIA_UNAVAILABLE when the server does not answer. */
export type JanusTransportFactory = (url: string) => Promise<JanusTransport>;
