/**
 * `xmtp.mls.api.v1.MlsApi`: key packages, group messages and welcomes with cursor paging,
 * their server streams, and per-group commit logs. Payloads are opaque MLS bytes; only
 * the headers needed to index them are read.
 */
import { GrpcError, GrpcStatus } from './framing.ts';
import { groupMessageHeader, keyPackageInstallationKey } from './mlsWire.ts';
import { type PageRequest, page, SortDirection } from './paging.ts';
import { fromLong, type MlsPb, mls, toLong } from './proto.ts';
import type { Method } from './server.ts';
import { hexKey, type StoredGroupMessage, type StoredWelcome, type XmtpStore } from './store.ts';
import { serveTopicStream, type TopicHub } from './streams.ts';

const SERVICE = '/xmtp.mls.api.v1.MlsApi/';

/** Live fan-out of what the MLS service stores. */
export interface MlsHubs {
  groups: TopicHub<StoredGroupMessage>;
  welcomes: TopicHub<StoredWelcome>;
}

/** The MlsApi methods, keyed by path. */
export function mlsMethods(store: XmtpStore, hubs: MlsHubs): Map<string, Method> {
  const unary = (handle: (request: Uint8Array) => Uint8Array): Method => ({
    kind: 'unary',
    handle,
  });
  const maxPage = store.limits.maxPageSize;
  const empty = new Uint8Array(0);
  return new Map<string, Method>([
    [`${SERVICE}UploadKeyPackage`, unary((r) => uploadKeyPackage(store, r, empty))],
    [
      `${SERVICE}RegisterInstallation`,
      unary((r) => {
        const installationKey = storeKeyPackage(store, r);
        return mls.RegisterInstallationResponse.encode({ installationKey }).finish();
      }),
    ],
    [`${SERVICE}FetchKeyPackages`, unary((r) => fetchKeyPackages(store, r))],
    [`${SERVICE}SendGroupMessages`, unary((r) => sendGroupMessages(store, hubs, r, empty))],
    [`${SERVICE}SendWelcomeMessages`, unary((r) => sendWelcomes(store, hubs, r, empty))],
    [
      `${SERVICE}QueryGroupMessages`,
      unary((r) => {
        const { groupId, pagingInfo } = mls.QueryGroupMessagesRequest.decode(r);
        requireBytes(groupId, 'group id');
        const result = page(store.groupMessages(groupId), pageRequest(pagingInfo), maxPage);
        return mls.QueryGroupMessagesResponse.encode({
          messages: result.items.map((m) => groupMessageProto(m, true)),
          pagingInfo: pagingInfoProto(result),
        }).finish();
      }),
    ],
    [
      `${SERVICE}QueryWelcomeMessages`,
      unary((r) => {
        const { installationKey, pagingInfo } = mls.QueryWelcomeMessagesRequest.decode(r);
        requireBytes(installationKey, 'installation key');
        const result = page(store.welcomes(installationKey), pageRequest(pagingInfo), maxPage);
        return mls.QueryWelcomeMessagesResponse.encode({
          messages: result.items.map(welcomeProto),
          pagingInfo: pagingInfoProto(result),
        }).finish();
      }),
    ],
    [
      `${SERVICE}SubscribeGroupMessages`,
      {
        kind: 'stream',
        handle: (r, sink) => {
          const { filters } = mls.SubscribeGroupMessagesRequest.decode(r);
          const topics = filters.map((f) => ({ key: f.groupId, cursor: f.idCursor }));
          serveTopicStream(
            store.limits,
            sink,
            hubs.groups,
            topics,
            (k) => store.groupMessages(k),
            (m) => mls.GroupMessage.encode(groupMessageProto(m, true)).finish(),
          );
        },
      },
    ],
    [
      `${SERVICE}SubscribeWelcomeMessages`,
      {
        kind: 'stream',
        handle: (r, sink) => {
          const { filters } = mls.SubscribeWelcomeMessagesRequest.decode(r);
          const topics = filters.map((f) => ({ key: f.installationKey, cursor: f.idCursor }));
          serveTopicStream(
            store.limits,
            sink,
            hubs.welcomes,
            topics,
            (k) => store.welcomes(k),
            (m) => mls.WelcomeMessage.encode(welcomeProto(m)).finish(),
          );
        },
      },
    ],
    [
      `${SERVICE}GetNewestGroupMessage`,
      unary((r) => {
        const { groupIds, includeContent } = mls.GetNewestGroupMessageRequest.decode(r);
        const responses = groupIds.map((groupId) => {
          const newest = store.groupMessages(groupId).at(-1);
          return newest === undefined
            ? {}
            : { groupMessage: groupMessageProto(newest, includeContent) };
        });
        return mls.GetNewestGroupMessageResponse.encode({ responses }).finish();
      }),
    ],
    [
      `${SERVICE}BatchPublishCommitLog`,
      unary((r) => {
        const { requests } = mls.BatchPublishCommitLogRequest.decode(r);
        for (const entry of requests) {
          requireBytes(entry.groupId, 'group id');
          requireBytes(entry.serializedCommitLogEntry, 'commit log entry');
          if (entry.signature === undefined) throw invalid('commit log entry without signature');
        }
        for (const e of requests) {
          store.addCommitLogEntry(e.groupId, e.serializedCommitLogEntry, e.signature);
        }
        return empty;
      }),
    ],
    [
      `${SERVICE}BatchQueryCommitLog`,
      unary((r) => {
        const { requests } = mls.BatchQueryCommitLogRequest.decode(r);
        const responses = requests.map(({ groupId, pagingInfo }) => {
          requireBytes(groupId, 'group id');
          if (pagingInfo?.direction === SortDirection.DESCENDING) {
            throw invalid('commit logs are read in ascending order only');
          }
          const asked = {
            direction: SortDirection.ASCENDING,
            limit: pagingInfo?.limit ?? 0,
            idCursor: Number(fromLong(pagingInfo?.idCursor)),
          };
          const result = page(store.commitLog(groupId), asked, maxPage);
          return {
            groupId,
            commitLogEntries: result.items.map((e) => ({
              sequenceId: toLong(e.id),
              serializedCommitLogEntry: e.entry,
              signature: e.signature as MlsPb.PublishCommitLogRequest['signature'],
            })),
            pagingInfo: pagingInfoProto(result),
          };
        });
        return mls.BatchQueryCommitLogResponse.encode({ responses }).finish();
      }),
    ],
  ]);
}

function storeKeyPackage(store: XmtpStore, request: Uint8Array): Uint8Array {
  const { keyPackage } = mls.UploadKeyPackageRequest.decode(request);
  const bytes = keyPackage?.keyPackageTlsSerialized ?? new Uint8Array(0);
  requireBytes(bytes, 'key package');
  const installationKey = keyPackageInstallationKey(bytes);
  store.putKeyPackage(installationKey, bytes);
  return installationKey;
}

function uploadKeyPackage(store: XmtpStore, request: Uint8Array, empty: Uint8Array): Uint8Array {
  storeKeyPackage(store, request);
  return empty;
}

function fetchKeyPackages(store: XmtpStore, request: Uint8Array): Uint8Array {
  const { installationKeys } = mls.FetchKeyPackagesRequest.decode(request);
  // One entry per key, in request order; an unknown installation gets an empty entry.
  const keyPackages = installationKeys.map((key) => ({
    keyPackageTlsSerialized: store.keyPackage(key) ?? new Uint8Array(0),
  }));
  return mls.FetchKeyPackagesResponse.encode({ keyPackages }).finish();
}

function sendGroupMessages(
  store: XmtpStore,
  hubs: MlsHubs,
  request: Uint8Array,
  empty: Uint8Array,
): Uint8Array {
  const { messages } = mls.SendGroupMessagesRequest.decode(request);
  // Every message is checked before any is stored, so a bad batch stores nothing.
  const inputs = messages.map(({ v1 }) => {
    if (v1 === undefined) throw invalid('group message without v1');
    return { ...v1, ...groupMessageHeader(v1.data) };
  });
  for (const input of inputs) {
    const stored = store.addGroupMessage(input);
    if (stored !== undefined) hubs.groups.publish(hexKey(stored.groupId), stored);
  }
  return empty;
}

function sendWelcomes(
  store: XmtpStore,
  hubs: MlsHubs,
  request: Uint8Array,
  empty: Uint8Array,
): Uint8Array {
  const { messages } = mls.SendWelcomeMessagesRequest.decode(request);
  const inputs = messages.map(({ v1, welcomePointer }) => {
    if (v1 !== undefined) {
      requireBytes(v1.installationKey, 'installation key');
      return { ...v1, kind: 'v1' as const, payload: v1.data };
    }
    if (welcomePointer !== undefined) {
      requireBytes(welcomePointer.installationKey, 'installation key');
      return {
        ...welcomePointer,
        kind: 'pointer' as const,
        payload: welcomePointer.welcomePointer,
        welcomeMetadata: new Uint8Array(0),
      };
    }
    throw invalid('welcome message without a version');
  });
  for (const input of inputs) {
    const stored = store.addWelcome({
      installationKey: input.installationKey,
      kind: input.kind,
      payload: input.payload,
      hpkePublicKey: input.hpkePublicKey,
      wrapperAlgorithm: input.wrapperAlgorithm,
      welcomeMetadata: input.welcomeMetadata,
    });
    if (stored !== undefined) hubs.welcomes.publish(hexKey(stored.installationKey), stored);
  }
  return empty;
}

function groupMessageProto(m: StoredGroupMessage, withData: boolean): MlsPb.GroupMessage {
  return {
    v1: {
      id: toLong(m.id),
      createdNs: toLong(m.createdNs),
      groupId: m.groupId,
      data: withData ? m.data : new Uint8Array(0),
      senderHmac: m.senderHmac,
      shouldPush: m.shouldPush,
      isCommit: m.isCommit,
    },
  };
}

function welcomeProto(w: StoredWelcome): MlsPb.WelcomeMessage {
  const common = {
    id: toLong(w.id),
    createdNs: toLong(w.createdNs),
    installationKey: w.installationKey,
    hpkePublicKey: w.hpkePublicKey,
  };
  return w.kind === 'v1'
    ? {
        v1: {
          ...common,
          data: w.payload,
          wrapperAlgorithm: w.wrapperAlgorithm,
          welcomeMetadata: w.welcomeMetadata,
        },
      }
    : {
        welcomePointer: {
          ...common,
          welcomePointer: w.payload,
          wrapperAlgorithm: w.wrapperAlgorithm,
        },
      };
}

function pageRequest(info: MlsPb.PagingInfo | undefined): PageRequest | undefined {
  if (info === undefined) return undefined;
  return {
    direction: info.direction,
    limit: info.limit,
    idCursor: Number(fromLong(info.idCursor)),
  };
}

function pagingInfoProto(p: {
  direction: number;
  limit: number;
  idCursor: number;
}): MlsPb.PagingInfo {
  return { direction: p.direction, limit: p.limit, idCursor: toLong(p.idCursor) };
}

function requireBytes(bytes: Uint8Array, what: string): void {
  if (bytes.length === 0) throw invalid(`${what} is required`);
}

function invalid(message: string): GrpcError {
  return new GrpcError(GrpcStatus.INVALID_ARGUMENT, message);
}
