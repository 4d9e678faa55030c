/** Every buffer the node keeps is bounded; these are the bounds. */
export interface XmtpNodeLimits {
  /** Largest request message (one gRPC frame) accepted; bigger ones get RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /** Group messages kept per group and welcomes kept per installation; the oldest go first. */
  maxMessagesPerTopic: number;
  /** Topics (groups plus installations with welcomes) kept; more are refused. */
  maxTopics: number;
  /** Identity updates per inbox (the XMTP network allows 256). */
  maxIdentityUpdatesPerInbox: number;
  /** Inboxes and key packages kept; more are refused. */
  maxInboxes: number;
  /** Open streaming calls at once; more are refused with RESOURCE_EXHAUSTED. */
  maxStreams: number;
  /** Filters (topics) one streaming call may name. */
  maxFiltersPerStream: number;
  /**
   * Bytes queued to one stream reader before the node waits for it to read; what is published
   * meanwhile is sent from the store once it has caught up (the stream is not ended).
   */
  maxStreamBufferBytes: number;
  /** Total payload bytes stored; writes beyond it are refused with RESOURCE_EXHAUSTED. */
  maxStoredBytes: number;
  /** Page size when a query asks for none or for more (the XMTP network's is 100). */
  maxPageSize: number;
}

/** Defaults sized for a development machine: stored payloads stay under 512 MiB. */
export const defaultLimits: XmtpNodeLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxMessagesPerTopic: 20_000,
  maxTopics: 10_000,
  maxIdentityUpdatesPerInbox: 256,
  maxInboxes: 10_000,
  maxStreams: 1_000,
  maxFiltersPerStream: 10_000,
  maxStreamBufferBytes: 8 * 1024 * 1024,
  maxStoredBytes: 512 * 1024 * 1024,
  maxPageSize: 100,
};
