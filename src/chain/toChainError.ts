import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
  UserRejectedRequestError,
} from 'viem';
import { AppError, type ErrorCode } from '../core/errors.ts';

type Words = (args: readonly unknown[]) => { code: ErrorCode; message: string };

const short = (value: unknown) => {
  const text = String(value);
  return /^0x[0-9a-fA-F]{40}$/.test(text) ? `${text.slice(0, 6)}…${text.slice(-4)}` : text;
};

/** The contract's `ServerList` enum in words. */
const serverListName = (list: unknown) =>
  ['relays', 'gates', 'STUN/TURN servers', 'media servers'][Number(list)] ?? 'servers';

/** Each custom error of CommunityAccess, in the words an admin reads. */
const contractErrors: Record<string, Words> = {
  OwnableUnauthorizedAccount: () => ({
    code: 'NOT_AUTHORIZED',
    message: 'Only the owner of the access contract can do this.',
  }),
  CommunityNotFound: ([id]) => ({
    code: 'COMMUNITY_NOT_FOUND',
    message: `Community ${id} does not exist.`,
  }),
  CommunityInactive: ([id]) => ({
    code: 'COMMUNITY_INACTIVE',
    message: `Community ${id} has been deactivated; it can no longer be changed.`,
  }),
  CommunityUnauthorizedAccount: ([, account]) => ({
    code: 'NOT_AUTHORIZED',
    message: `${short(account)} is not the owner or an admin of this community.`,
  }),
  InvalidCommunityName: ([length]) => ({
    code: 'CONTRACT_REVERTED',
    message: `A community name must be 1 to 64 bytes long (this one is ${length}).`,
  }),
  DescriptionTooLong: ([length]) => ({
    code: 'CONTRACT_REVERTED',
    message: `A description may be at most 1,024 bytes long (this one is ${length}).`,
  }),
  InvalidAccount: () => ({
    code: 'ADDRESS_INVALID',
    message: 'The zero address cannot be a member, admin or owner.',
  }),
  ParticipantAlreadyAdded: ([, account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is already a member of this community.`,
  }),
  ParticipantNotFound: ([, account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is not a member of this community.`,
  }),
  CommunityOwnerNotRemovable: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'The community owner stays a member while they own it.',
  }),
  CommunityAdminAlreadyAdded: ([, account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is already an admin of this community.`,
  }),
  CommunityAdminNotFound: ([, account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is not an admin of this community.`,
  }),
  InvalidTokenGate: () => ({
    code: 'CONTRACT_REVERTED',
    message:
      'That token gate does not fit together: pick a token contract, a minimum balance above zero, and a token id only for ERC-1155.',
  }),
  TooManyServers: ([list, count]) => ({
    code: 'CONTRACT_REVERTED',
    message: `A community names at most 8 ${serverListName(list)} (this list has ${count}).`,
  }),
  InvalidServerUrl: ([list, index]) => ({
    code: 'CONTRACT_REVERTED',
    message: `Entry ${Number(index) + 1} of the ${serverListName(list)} is empty, over 200 bytes, or has a scheme that list does not take.`,
  }),
  GlobalParticipantAlreadyAdded: ([account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is already on the global allowlist.`,
  }),
  GlobalParticipantNotFound: ([account]) => ({
    code: 'CONTRACT_REVERTED',
    message: `${short(account)} is not on the global allowlist.`,
  }),
  // MeetingScheduler (CommunityNotFound, CommunityInactive, DescriptionTooLong shared above).
  MeetingNotFound: ([id]) => ({
    code: 'CONTRACT_REVERTED',
    message: `Meeting ${id} does not exist.`,
  }),
  NotCommunityManager: ([, account]) => ({
    code: 'NOT_AUTHORIZED',
    message: `${short(account)} is not the owner or an admin of this community, so it cannot schedule or change its meetings.`,
  }),
  NotCommunityMember: ([, account]) => ({
    code: 'NOT_A_MEMBER',
    message: `${short(account)} is not a member of this community, so it cannot RSVP.`,
  }),
  InvalidTitle: ([length]) => ({
    code: 'CONTRACT_REVERTED',
    message: `A meeting title must be 1 to 100 bytes long (this one is ${length}).`,
  }),
  InvalidDuration: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'A meeting lasts from 1 minute to 24 hours.',
  }),
  InvalidScheduledTime: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'A meeting must start in the future, within ten years.',
  }),
  InvalidRepeat: () => ({
    code: 'CONTRACT_REVERTED',
    message:
      'A repeating meeting needs either 2 to 520 occurrences or an end date after its start.',
  }),
  StreamUrlInClear: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'Stream URLs hold a key and never go on chain; leave them empty.',
  }),
  MeetingNotEditable: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'Only a scheduled meeting can be changed; this one is live, over or cancelled.',
  }),
  MeetingClosed: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'This meeting is over or cancelled; it takes no more RSVPs.',
  }),
  InvalidStatusChange: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'A meeting moves from scheduled to live to ended (or cancelled), never back.',
  }),
  AlreadyParticipant: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'You have already said you will attend.',
  }),
  NotParticipant: () => ({
    code: 'CONTRACT_REVERTED',
    message: 'You had not said you would attend.',
  }),
};

/**
 * Turns anything a chain call threw into an AppError in words: CommunityAccess custom errors
 * by name, a declined wallet prompt as WALLET_REJECTED, transport failures as RPC_UNAVAILABLE.
 *
 * @example
 * try { await removeParticipant(walletClient, params); }
 * catch (error) { show(toChainError(error).message); } // "0x7099…79C8 is not a member of this community."
 */
export function toChainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof BaseError)) return AppError.from(error);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    const name = reverted.data?.errorName;
    const words = name === undefined ? undefined : contractErrors[name];
    if (name !== undefined && words) {
      const { code, message } = words(reverted.data?.args ?? []);
      return new AppError(code, message, { category: 'chain', cause: error, details: name });
    }
    return new AppError('CONTRACT_REVERTED', reverted.reason ?? 'The contract refused the call.', {
      category: 'chain',
      cause: error,
    });
  }
  if (error.walk((e) => e instanceof UserRejectedRequestError)) {
    return AppError.walletRejected(error);
  }
  if (
    error.walk(
      (e) =>
        e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof RpcRequestError,
    )
  ) {
    return AppError.rpcUnavailable(error);
  }
  return new AppError('CONTRACT_REVERTED', error.shortMessage, { category: 'chain', cause: error });
}
